package authgenrt

import (
	"encoding/json"
	"math/rand/v2"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// referenceForm is how form bodies were encoded before issue 30: JSON,
// decoded into a tree of maps, flattened into url.Values. It is the
// oracle the single walk is held to.
func referenceForm(body any) (string, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return "", err
	}
	var tree any
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if err := dec.Decode(&tree); err != nil {
		return "", err
	}
	obj, ok := tree.(map[string]any)
	if !ok {
		return "", errNotObject
	}
	form := url.Values{}
	referenceAdd(form, "", obj)
	return form.Encode(), nil
}

var errNotObject = strconv.ErrSyntax // any error: only its presence is compared

func referenceAdd(form url.Values, prefix string, v any) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			name := k
			if prefix != "" {
				name = prefix + "[" + k + "]"
			}
			referenceAdd(form, name, x[k])
		}
	case []any:
		for i, item := range x {
			referenceAdd(form, prefix+"["+strconv.Itoa(i)+"]", item)
		}
	case json.Number:
		form.Add(prefix, x.String())
	case string:
		form.Add(prefix, x)
	case bool:
		form.Add(prefix, strconv.FormatBool(x))
	}
}

// randomFormValue makes a JSON-able value with the shapes form bodies
// have: nested objects and lists, escapes and non-ASCII in keys and
// strings, numbers, booleans, nulls, empty containers.
func randomFormValue(r *rand.Rand, depth int) any {
	kind := r.IntN(8)
	if depth > 3 {
		kind = r.IntN(5)
	}
	switch kind {
	case 0:
		return randomFormString(r)
	case 1:
		return r.Float64()*2000 - 1000
	case 2:
		return r.IntN(2) == 0
	case 3:
		return nil
	case 4:
		return r.Int64()
	case 5, 6:
		m := map[string]any{}
		for range r.IntN(4) {
			m[randomFormString(r)] = randomFormValue(r, depth+1)
		}
		return m
	default:
		l := make([]any, r.IntN(4))
		for i := range l {
			l[i] = randomFormValue(r, depth+1)
		}
		return l
	}
}

func randomFormString(r *rand.Rand) string {
	const alphabet = "ab_-[]=&?\"\\/<>é中\n\t\x01 +%"
	runes := []rune(alphabet)
	var b strings.Builder
	for range r.IntN(6) {
		b.WriteRune(runes[r.IntN(len(runes))])
	}
	return b.String()
}

// TestFormBodyMatchesTheTreeEncoding holds the single walk to the old
// encoding on 5,000 random bodies, and on Stripe-shaped structs.
func TestFormBodyMatchesTheTreeEncoding(t *testing.T) {
	type address struct {
		City  string  `json:"city,omitempty"`
		Line1 *string `json:"line1,omitempty"`
	}
	type customer struct {
		Email     string            `json:"email,omitempty"`
		Address   *address          `json:"address,omitempty"`
		Metadata  map[string]string `json:"metadata,omitzero"`
		Expand    []string          `json:"expand,omitzero"`
		Balance   int64             `json:"balance,omitempty"`
		TaxExempt bool              `json:"tax_exempt"`
	}
	line := "510 Townsend St"
	bodies := []any{
		customer{Email: "jenny.rosen@example.com", Address: &address{City: "San Francisco", Line1: &line},
			Metadata: map[string]string{"order_id": "6735", "a b": "c&d"}, Expand: []string{"default_source", "tax"}, Balance: -250},
		customer{},
		map[string]any{},
		map[string]any{"nested": map[string]any{"empty": map[string]any{}, "list": []any{}, "null": nil}},
	}
	r := rand.New(rand.NewPCG(30, 1))
	for range 5000 {
		m := map[string]any{}
		for range r.IntN(6) {
			m[randomFormString(r)] = randomFormValue(r, 0)
		}
		bodies = append(bodies, m)
	}
	for _, body := range bodies {
		want, wantErr := referenceForm(body)
		got, _, err := EncodeFormBody(body, "application/x-www-form-urlencoded")
		if (err != nil) != (wantErr != nil) || string(got) != want {
			raw, _ := json.Marshal(body)
			t.Fatalf("body %s:\ngot  %q (%v)\nwant %q (%v)", raw, got, err, want, wantErr)
		}
	}
	for _, notObject := range []any{[]string{"a"}, "text", 12, nil, true} {
		if _, _, err := EncodeFormBody(notObject, "application/x-www-form-urlencoded"); err == nil || !strings.Contains(err.Error(), "form body must be an object") {
			t.Errorf("%#v: error %v, want one saying a form body must be an object", notObject, err)
		}
	}
}

// FuzzFormBody: any JSON object encodes as the tree encoding does.
func FuzzFormBody(f *testing.F) {
	for _, seed := range []string{`{}`, `{"a":{"b":[1,"x",null,true]}}`, `{"\u00e9\n":"\"q\"","k":{"":[]}}`, `{"n":-1.5e10}`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		var body json.RawMessage
		if json.Unmarshal([]byte(doc), &body) != nil || hasDuplicateKeys(doc) {
			return // duplicate names have no one meaning in JSON; structs never make them
		}
		want, wantErr := referenceForm(body)
		got, _, err := EncodeFormBody(body, "application/x-www-form-urlencoded")
		if (err != nil) != (wantErr != nil) || string(got) != want {
			t.Fatalf("%s:\ngot  %q (%v)\nwant %q (%v)", doc, got, err, want, wantErr)
		}
	})
}

// TestDeepObjectMatchesTheTreeEncoding: the query form of the same walk.
func TestDeepObjectMatchesTheTreeEncoding(t *testing.T) {
	r := rand.New(rand.NewPCG(30, 2))
	for range 2000 {
		v := randomFormValue(r, 0)
		q := url.Values{}
		AddDeepObject(q, "filter", v)
		want := url.Values{}
		raw, _ := json.Marshal(v)
		var tree any
		dec := json.NewDecoder(strings.NewReader(string(raw)))
		dec.UseNumber()
		_ = dec.Decode(&tree)
		switch tree.(type) {
		case map[string]any, []any:
			referenceAdd(want, "filter", tree)
		default:
			want.Add("filter", formatParam(v))
		}
		if q.Encode() != want.Encode() {
			t.Fatalf("%s: got %q, want %q", raw, q.Encode(), want.Encode())
		}
	}
}

// hasDuplicateKeys says whether an object in doc names a member twice.
func hasDuplicateKeys(doc string) bool {
	dec := json.NewDecoder(strings.NewReader(doc))
	type frame struct {
		seen     map[string]bool
		isObject bool
		wantKey  bool
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		top := (*frame)(nil)
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.isObject && top.wantKey {
			if key, ok := tok.(string); ok {
				if top.seen[key] {
					return true
				}
				top.seen[key] = true
				top.wantKey = false
				continue
			}
		}
		switch tok {
		case json.Delim('{'):
			if top != nil && top.isObject {
				top.wantKey = true
			}
			stack = append(stack, &frame{seen: map[string]bool{}, isObject: true, wantKey: true})
			continue
		case json.Delim('['):
			if top != nil && top.isObject {
				top.wantKey = true
			}
			stack = append(stack, &frame{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			continue
		}
		if top != nil && top.isObject {
			top.wantKey = true // a scalar value read; the next token is a key
		}
	}
}
