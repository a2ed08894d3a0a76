package authgenrt

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// TestFormEncoderValues holds each of the FormEncoder's value kinds to
// EncodeFormBody (the JSON walk) on random values: strings with invalid
// UTF-8 and escapes, floats of every magnitude as float64 and float32,
// integers, booleans, times (out-of-range years fail both ways), and JSON
// given whole. The generated clients' field-by-field methods are held to
// the walk in internal/e2e (TestFormBodiesEncodeAsTheJSONWalk).
func TestFormEncoderValues(t *testing.T) {
	r := rand.New(rand.NewPCG(30, 2))
	var enc FormEncoder // one encoder, Reset between bodies, as the shell's pool reuses it
	var previous, previousWant []byte
	for i := range 5000 {
		s, key := randomEncoderString(r), randomEncoderString(r)
		f64 := math.Float64frombits(r.Uint64())
		f32 := math.Float32frombits(r.Uint32())
		if r.IntN(2) == 0 { // plain magnitudes too, not only random bits
			f64 = (r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(50)-25))
			f32 = float32(f64)
		}
		n, b := r.Int64()-r.Int64(), r.IntN(2) == 0
		when := time.Unix(r.Int64N(1<<40)-1<<39, r.Int64N(1e9)).In(time.FixedZone("", (r.IntN(48)-24)*1800))
		raw := json.RawMessage(" {\"a\" : [1, \"x\\u00e9\", null, {\"b\":true}] , \"c\":{}}")
		body := map[string]any{"s": s, "k": map[string]any{key: s}, "f": f64, "g": f32, "n": n, "b": b, "t": when, "raw": raw, "list": []any{s, n}}
		want, wantErr := referenceForm(body)

		enc.Reset()
		enc.AddString(enc.Name(nil, "s"), s)
		enc.AddString(enc.Name(enc.Name(nil, "k"), key), s)
		enc.AddFloat(enc.Name(nil, "f"), f64, 64)
		enc.AddFloat(enc.Name(nil, "g"), float64(f32), 32)
		enc.AddInt(enc.Name(nil, "n"), n)
		enc.AddBool(enc.Name(nil, "b"), b)
		enc.AddTime(enc.Name(nil, "t"), when)
		enc.AddMarshaled(enc.Name(nil, "raw"), raw, nil)
		list := enc.Name(nil, "list")
		enc.AddString(enc.Index(list, 0), s)
		enc.AddValue(enc.Index(list, 1), n)
		got, err := enc.Encode()
		if (err != nil) != (wantErr != nil) || string(got) != want {
			t.Fatalf("value %d %#v:\ngot  %q (%v)\nwant %q (%v)", i, body, got, err, want, wantErr)
		}
		if previous != nil && string(previous) != string(previousWant) {
			t.Fatalf("value %d: the form of the value before changed after Reset: %q, was %q", i, previous, previousWant)
		}
		previous, previousWant = got, []byte(want)
	}
}

// stripeCustomerForm is the body of Stripe's create-customer benchmark
// (internal/e2e), as the generated appendFormPairs adds it.
func stripeCustomerForm(enc *FormEncoder, email, name, description string, balance int64, locales, expand []string) {
	enc.AddInt(enc.Name(nil, "balance"), balance)
	enc.AddString(enc.Name(nil, "description"), description)
	enc.AddString(enc.Name(nil, "email"), email)
	if len(expand) > 0 {
		at := enc.Name(nil, "expand")
		for i := range expand {
			enc.AddString(enc.Index(at, i), expand[i])
		}
	}
	enc.AddString(enc.Name(nil, "name"), name)
	if len(locales) > 0 {
		at := enc.Name(nil, "preferred_locales")
		for i := range locales {
			enc.AddString(enc.Index(at, i), locales[i])
		}
	}
}

// BenchmarkFormEncoder encodes Stripe's create-customer body field by
// field, as the generated code does, with an encoder reused as the shell
// reuses it; BenchmarkFormBodyJSONWalk encodes the same body through
// json.Marshal and the walk (issue 30's before).
func BenchmarkFormEncoder(b *testing.B) {
	enc := new(FormEncoder)
	locales, expand := []string{"en", "fr"}, []string{"tax"}
	b.ReportAllocs()
	for b.Loop() {
		enc.Reset()
		stripeCustomerForm(enc, "jennyrosen@example.com", "Jenny Rosen", "Our first customer", -250, locales, expand)
		if _, err := enc.Encode(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFormBodyJSONWalk(b *testing.B) {
	type customer struct {
		Balance          *int64   `json:"balance,omitzero"`
		Description      *string  `json:"description,omitzero"`
		Email            *string  `json:"email,omitzero"`
		Expand           []string `json:"expand,omitzero"`
		Name             *string  `json:"name,omitzero"`
		PreferredLocales []string `json:"preferred_locales,omitzero"`
	}
	email, name, description, balance := "jennyrosen@example.com", "Jenny Rosen", "Our first customer", int64(-250)
	body := &customer{Email: &email, Name: &name, Description: &description, Balance: &balance, PreferredLocales: []string{"en", "fr"}, Expand: []string{"tax"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := EncodeFormBody(body, "application/x-www-form-urlencoded"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestFormEncoderErrors: what json.Marshal refuses, the encoder refuses.
func TestFormEncoderErrors(t *testing.T) {
	for name, add := range map[string]func(*FormEncoder){
		"NaN":         func(e *FormEncoder) { e.AddFloat(e.Name(nil, "f"), math.NaN(), 64) },
		"infinity":    func(e *FormEncoder) { e.AddFloat(e.Name(nil, "f"), math.Inf(-1), 32) },
		"year 10000":  func(e *FormEncoder) { e.AddTime(e.Name(nil, "t"), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)) },
		"bad JSON":    func(e *FormEncoder) { e.AddMarshaled(e.Name(nil, "u"), []byte(`{"a":`), nil) },
		"MarshalJSON": func(e *FormEncoder) { e.AddMarshaled(e.Name(nil, "u"), nil, ErrEmptyUnion) },
	} {
		var enc FormEncoder
		enc.AddString(enc.Name(nil, "before"), "kept")
		add(&enc)
		if _, err := enc.Encode(); err == nil || !strings.Contains(err.Error(), "form body") {
			t.Errorf("%s: error %v, want a form body error", name, err)
		}
	}
}

func randomEncoderString(r *rand.Rand) string {
	const alphabet = "ab_-[]=&?\"\\/<>é中\n\t\x01 +%\xff\xc3\u2028"
	var b strings.Builder
	for range r.IntN(8) {
		b.WriteByte(alphabet[r.IntN(len(alphabet))]) // bytes, so cut runes make invalid UTF-8
	}
	return b.String()
}
