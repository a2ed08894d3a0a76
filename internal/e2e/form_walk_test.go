package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/stripe"
	"github.com/authgen/authgen/generated/twilio"
	"github.com/authgen/authgen/internal/e2e/clients/alike"
	"github.com/authgen/authgen/internal/e2e/clients/formbodies"
	"github.com/authgen/authgen/internal/e2e/clients/models"
	"github.com/authgen/authgen/runtime/authgenrt"
)

// TestFormBodiesEncodeAsTheJSONWalk: every form body of the committed
// clients (Stripe, Twilio, and the e2e cases with form bodies, one of
// which, formbodies, has every shape a model takes) is encoded straight
// from its struct (issue 30), and the bytes the client sends are the
// runtime's JSON walk's (authgenrt.EncodeFormBody, itself held to the old
// tree encoding) for the same value: on random bodies with invalid UTF-8,
// brackets in keys, floats of every magnitude, times out of JSON's range,
// empty and filled unions, nested lists and maps. A value json.Marshal
// refuses is refused and nothing is sent.
func TestFormBodiesEncodeAsTheJSONWalk(t *testing.T) {
	const perOperation = 1500
	cases := []struct {
		name string
		new  func(base string, hc *http.Client) (any, error)
	}{
		{"stripe", func(base string, hc *http.Client) (any, error) {
			return stripe.New(stripe.WithBaseURL(base), stripe.WithHTTPClient(hc), stripe.WithMaxRetries(0), stripe.WithBearerAuth("sk_test_x"))
		}},
		{"twilio", func(base string, hc *http.Client) (any, error) {
			return twilio.New(twilio.WithBaseURL(base), twilio.WithHTTPClient(hc), twilio.WithMaxRetries(0), twilio.WithAccountSidAuthToken("AC123", "token"))
		}},
		{"alike", func(base string, hc *http.Client) (any, error) {
			return alike.New(alike.WithBaseURL(base), alike.WithHTTPClient(hc), alike.WithMaxRetries(0))
		}},
		{"models", func(base string, hc *http.Client) (any, error) {
			return models.New(models.WithBaseURL(base), models.WithHTTPClient(hc), models.WithMaxRetries(0))
		}},
		{"formbodies", func(base string, hc *http.Client) (any, error) {
			return formbodies.New(formbodies.WithBaseURL(base), formbodies.WithHTTPClient(hc), formbodies.WithMaxRetries(0))
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			capture := &formCapture{}
			c, err := tc.new("https://api.example.test", &http.Client{Transport: capture})
			if err != nil {
				t.Fatal(err)
			}
			r := rand.New(rand.NewPCG(30, uint64(len(tc.name))))
			checked := 0
			for _, method := range formBodyMethods(reflect.ValueOf(c)) {
				isForm := false
				for i := range perOperation {
					args, body := formCallArgs(r, method)
					if body == nil {
						continue // no body: nothing encoded
					}
					want, _, wantErr := authgenrt.EncodeFormBody(body, "application/x-www-form-urlencoded")
					capture.sent, capture.contentType = nil, ""
					out := method.fn.Call(args)
					callErr, _ := out[len(out)-1].Interface().(error)
					if capture.contentType != "" && capture.contentType != "application/x-www-form-urlencoded" {
						break // a JSON body: not this test's
					}
					isForm = isForm || capture.contentType != ""
					switch {
					case wantErr != nil && (capture.sent != nil || callErr == nil):
						t.Fatalf("%s value %d: the JSON walk fails (%v), the client sent %q (%v)", method.name, i, wantErr, capture.sent, callErr)
					case wantErr == nil && !bytes.Equal(capture.sent, want):
						raw, _ := json.Marshal(body)
						t.Fatalf("%s value %d %s:\nsent %q (%v)\nwant %q", method.name, i, raw, capture.sent, callErr, want)
					}
				}
				if isForm {
					checked++
				}
			}
			t.Logf("%d operations with a form body", checked)
			if checked == 0 {
				t.Fatal("no operation with a form body found")
			}
		})
	}
}

// formCapture answers every request with an empty JSON object, keeping a
// form body it was sent.
type formCapture struct {
	sent        []byte
	contentType string // of the last body sent
}

func (f *formCapture) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		f.sent, f.contentType = b, req.Header.Get("Content-Type")
	}
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(`{}`)), Request: req}, nil
}

// formMethod is a client method whose params have a form Body.
type formMethod struct {
	name string
	fn   reflect.Value
}

// formBodyMethods are the client's methods that make one call and whose
// last fixed argument is a params struct with a Body field.
func formBodyMethods(c reflect.Value) []formMethod {
	var found []formMethod
	for i := range c.NumMethod() {
		ft := c.Type().Method(i).Type
		if ft.NumIn() < 3 || !ft.IsVariadic() || ft.NumOut() == 0 || ft.Out(ft.NumOut()-1) != reflect.TypeFor[error]() {
			continue // Pages and All walk; the call they make is checked itself
		}
		params := ft.In(ft.NumIn() - 2)
		if params.Kind() != reflect.Pointer || params.Elem().Kind() != reflect.Struct {
			continue
		}
		if _, ok := params.Elem().FieldByName("Body"); ok {
			found = append(found, formMethod{name: c.Type().Method(i).Name, fn: c.Method(i)})
		}
	}
	return found
}

// formCallArgs makes the arguments of one call: a context, random path
// parameters, the params with a random body, no options. body is nil when
// the call sends none.
func formCallArgs(r *rand.Rand, m formMethod) ([]reflect.Value, any) {
	ft := m.fn.Type()
	args := []reflect.Value{reflect.ValueOf(context.Background())}
	for i := 1; i < ft.NumIn()-2; i++ {
		v := reflect.New(ft.In(i)).Elem()
		fillRandom(r, v, 3)
		if v.Kind() == reflect.String && v.String() == "" {
			v.SetString("id")
		}
		args = append(args, v)
	}
	params := reflect.New(ft.In(ft.NumIn() - 2).Elem())
	body := params.Elem().FieldByName("Body")
	fillRandom(r, body, 0)
	args = append(args, params)
	if body.Kind() == reflect.Pointer && body.IsNil() || body.Kind() == reflect.Map && body.IsNil() {
		return args, nil
	}
	return args, body.Interface()
}

var (
	timeType      = reflect.TypeFor[time.Time]()
	rawType       = reflect.TypeFor[json.RawMessage]()
	unmarshalType = reflect.TypeFor[json.Unmarshaler]()
)

// fillRandom sets v to a random value of its type; deeper values are
// more often absent, so recursive models end.
func fillRandom(r *rand.Rand, v reflect.Value, depth int) {
	t := v.Type()
	switch {
	case t == timeType:
		sec := r.Int64N(4e9) - 1e9
		if r.IntN(50) == 0 {
			sec = 300e9 // year 11476: json.Marshal refuses it
		}
		v.Set(reflect.ValueOf(time.Unix(sec, r.Int64N(1e9)*int64(r.IntN(2))).In(time.FixedZone("", (r.IntN(48)-24)*900))))
		return
	case t == rawType:
		if r.IntN(3) > 0 {
			v.SetBytes([]byte(randomJSONText(r, depth)))
		}
		return
	case t.Kind() == reflect.Struct && reflect.PointerTo(t).Implements(unmarshalType) && t.NumField() == 1 && !t.Field(0).IsExported():
		// A union: filled from JSON, as decoding fills it; rarely left
		// empty, which MarshalJSON refuses.
		if r.IntN(40) > 0 {
			if err := v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON([]byte(randomJSONText(r, depth))); err != nil {
				panic(err)
			}
		}
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		if r.IntN(3+depth) < 2 {
			p := reflect.New(t.Elem())
			fillRandom(r, p.Elem(), depth+1)
			v.Set(p)
		}
	case reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				fillRandom(r, v.Field(i), depth+1)
			}
		}
	case reflect.Slice:
		if r.IntN(2+depth) == 0 {
			return // nil
		}
		n := r.IntN(4)
		s := reflect.MakeSlice(t, n, n)
		for i := range n {
			fillRandom(r, s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Map:
		if r.IntN(2+depth) == 0 {
			return
		}
		m := reflect.MakeMap(t)
		for range r.IntN(4) {
			k := reflect.New(t.Key()).Elem()
			k.SetString(randomFormText(r))
			if r.IntN(3) == 0 {
				// A name a declared property has (formbodies' Settings
				// and its note's extra), which MarshalJSON lets win.
				k.SetString([]string{"theme", "mode", "level", "a", "b", "id"}[r.IntN(6)])
			}
			e := reflect.New(t.Elem()).Elem()
			fillRandom(r, e, depth+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.String:
		v.SetString(randomFormText(r))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n := r.Int64() - r.Int64()
		if r.IntN(2) == 0 {
			n = r.Int64N(2000) - 1000
		}
		v.SetInt(n) // SetInt truncates to the kind's size
	case reflect.Uint8:
		v.SetUint(uint64(r.IntN(256)))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(randomFormFloat(r))
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Interface:
		if t.NumMethod() == 0 && r.IntN(3) > 0 { // any; a streamed body (io.Reader) stays nil
			var x any
			if err := json.Unmarshal([]byte(randomJSONText(r, depth)), &x); err != nil {
				panic(err)
			}
			v.Set(reflect.ValueOf(&x).Elem())
		}
	}
}

// randomFormFloat is a float of any magnitude: 'e' and 'f' forms, both
// sides of float32's range, now and then NaN or an infinity.
func randomFormFloat(r *rand.Rand) float64 {
	switch r.IntN(40) {
	case 0:
		return math.NaN()
	case 1:
		return math.Inf(1 - 2*r.IntN(2))
	case 2, 3, 4:
		return math.Float64frombits(r.Uint64())
	}
	return (r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(60)-30))
}

// randomFormText is a short string with what form encoding must get
// right: brackets and separators, escapes, non-ASCII, cut runes.
func randomFormText(r *rand.Rand) string {
	const alphabet = "ab_-[]=&?\"\\/<>é中\n\t\x01 +%\xff\u2028"
	var b strings.Builder
	for range r.IntN(7) {
		b.WriteByte(alphabet[r.IntN(len(alphabet))])
	}
	return b.String()
}

// randomJSONText is a JSON value with spaces in it (a union keeps what it
// decoded, not json.Marshal's compact form).
func randomJSONText(r *rand.Rand, depth int) string {
	switch k := r.IntN(7); {
	case k == 0 || depth > 3 && k > 3:
		s, _ := json.Marshal(randomFormText(r))
		return string(s)
	case k == 1:
		return " -12.5e-7 "
	case k == 2:
		return "true"
	case k == 3:
		return "null"
	case k == 4:
		return `[ 1, "x" , {"a" : null} ]`
	default:
		var b strings.Builder
		b.WriteString("{ ")
		for i := range r.IntN(4) {
			if i > 0 {
				b.WriteString(" , ")
			}
			key, _ := json.Marshal(randomFormText(r) + string(rune('a'+i)))
			b.Write(key)
			b.WriteString(" : ")
			b.WriteString(randomJSONText(r, depth+1))
		}
		b.WriteString(" }")
		return b.String()
	}
}
