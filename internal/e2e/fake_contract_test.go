package e2e

// The fakes against the client contract, for every client of specs/: each
// operation gets a handler, and each method of the client, called through
// the fake's own Client, reaches it and comes back without an error.

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/authgen/authgen/generated/asana/asanafake"
	"github.com/authgen/authgen/generated/box/boxfake"
	"github.com/authgen/authgen/generated/datadog/datadogfake"
	"github.com/authgen/authgen/generated/github/githubfake"
	"github.com/authgen/authgen/generated/hubspot/hubspotfake"
	"github.com/authgen/authgen/generated/intercom/intercomfake"
	"github.com/authgen/authgen/generated/jobhive/jobhivefake"
	"github.com/authgen/authgen/generated/jobmojito/jobmojitofake"
	"github.com/authgen/authgen/generated/jobo/jobofake"
	"github.com/authgen/authgen/generated/mojave/mojavefake"
	"github.com/authgen/authgen/generated/notion/notionfake"
	"github.com/authgen/authgen/generated/openai/openaifake"
	"github.com/authgen/authgen/generated/pagerduty/pagerdutyfake"
	"github.com/authgen/authgen/generated/sentry/sentryfake"
	"github.com/authgen/authgen/generated/shopify/shopifyfake"
	"github.com/authgen/authgen/generated/slack/slackfake"
	"github.com/authgen/authgen/generated/stripe/stripefake"
	"github.com/authgen/authgen/generated/twilio/twiliofake"
	"github.com/authgen/authgen/generated/twitch/twitchfake"
	"github.com/authgen/authgen/generated/zendesk/zendeskfake"
	"github.com/authgen/authgen/internal/e2e/clients/longtail/longtailfake"
	"github.com/authgen/authgen/internal/e2e/clients/pageends/pageendsfake"
	"github.com/authgen/authgen/internal/e2e/clients/placement/placementfake"
)

func TestEveryFakeAnswersEveryOperation(t *testing.T) {
	fakes := map[string]func(testing.TB) any{
		"github": func(tb testing.TB) any { return githubfake.NewServer(tb) }, "jobhive": func(tb testing.TB) any { return jobhivefake.NewServer(tb) },
		"jobmojito": func(tb testing.TB) any { return jobmojitofake.NewServer(tb) }, "jobo": func(tb testing.TB) any { return jobofake.NewServer(tb) },
		"mojave": func(tb testing.TB) any { return mojavefake.NewServer(tb) }, "notion": func(tb testing.TB) any { return notionfake.NewServer(tb) },
		"openai": func(tb testing.TB) any { return openaifake.NewServer(tb) }, "shopify": func(tb testing.TB) any { return shopifyfake.NewServer(tb) },
		"slack": func(tb testing.TB) any { return slackfake.NewServer(tb) }, "stripe": func(tb testing.TB) any { return stripefake.NewServer(tb) },
		"twilio": func(tb testing.TB) any { return twiliofake.NewServer(tb) }, "zendesk": func(tb testing.TB) any { return zendeskfake.NewServer(tb) },
		// The long tail's schemes: a word of RFC 7235 (SSWS), a templated
		// header (Token token=<key>), basic with a fixed or no user.
		"longtail": func(tb testing.TB) any { return longtailfake.NewServer(tb) },
		// Pages that say which is the last (a flag, a page count).
		"pageends":  func(tb testing.TB) any { return pageendsfake.NewServer(tb) },
		"pagerduty": func(tb testing.TB) any { return pagerdutyfake.NewServer(tb) }, "datadog": func(tb testing.TB) any { return datadogfake.NewServer(tb) },
		"intercom": func(tb testing.TB) any { return intercomfake.NewServer(tb) }, "hubspot": func(tb testing.TB) any { return hubspotfake.NewServer(tb) },
		"sentry": func(tb testing.TB) any { return sentryfake.NewServer(tb) }, "twitch": func(tb testing.TB) any { return twitchfake.NewServer(tb) },
		"box": func(tb testing.TB) any { return boxfake.NewServer(tb) }, "asana": func(tb testing.TB) any { return asanafake.NewServer(tb) },
		// Credentials in the body (client_id and secret), in a templated
		// header and a cookie at once.
		"placement": func(tb testing.TB) any { return placementfake.NewServer(tb) },
	}
	for name, newFake := range fakes {
		t.Run(name, func(t *testing.T) {
			fake := reflect.ValueOf(newFake(t))
			client := fake.MethodByName("Client").Call(nil)[0]
			calls := 0
			for i := 0; i < fake.NumMethod(); i++ {
				m := fake.Type().Method(i)
				op, ok := strings.CutPrefix(m.Name, "On")
				if !ok {
					continue
				}
				hit := false
				handlerType := m.Type.In(1)
				fake.Method(i).Call([]reflect.Value{reflect.MakeFunc(handlerType, func(args []reflect.Value) []reflect.Value {
					hit = true
					return zeroResults(handlerType)
				})})
				method := client.MethodByName(op)
				if !method.IsValid() {
					t.Errorf("On%s has no client method %s", op, op)
					continue
				}
				out := method.Call(callArgs(method.Type()))
				if errV := out[len(out)-1]; !errV.IsNil() {
					if strings.Contains(errV.Interface().(error).Error(), "encoding request body") {
						// A required union in the body has no zero value;
						// the client refuses it before any request, as it
						// should. Not the fake's concern.
						continue
					}
					t.Errorf("%s: %v", op, errV.Interface())
					continue
				}
				if rc, ok := out[0].Interface().(io.ReadCloser); ok && rc != nil {
					_, _ = io.Copy(io.Discard, rc)
					rc.Close()
				}
				if !hit {
					t.Errorf("%s: the handler was not called", op)
				}
				calls++
			}
			if calls == 0 {
				t.Error("no operation called")
			}
		})
	}
}

// zeroResults is what a handler returns: a zero result, not nil, and no
// error; a stream for a method that returns one.
func zeroResults(ft reflect.Type) []reflect.Value {
	var out []reflect.Value
	for i := 0; i < ft.NumOut(); i++ {
		rt := ft.Out(i)
		switch {
		case rt == reflect.TypeFor[error]():
			out = append(out, reflect.Zero(rt))
		case rt == reflect.TypeFor[io.ReadCloser]():
			out = append(out, reflect.ValueOf(io.NopCloser(strings.NewReader("data"))))
		case rt.Kind() == reflect.Pointer:
			v := reflect.New(rt.Elem())
			if _, err := json.Marshal(v.Interface()); err != nil {
				// A union has no zero value: answer none (204).
				v = reflect.Zero(rt)
			}
			out = append(out, v)
		default:
			out = append(out, reflect.Zero(rt))
		}
	}
	return out
}

// callArgs are arguments for a client method: ctx, a value for each path
// argument and Params with its required fields set.
func callArgs(mt reflect.Type) []reflect.Value {
	args := []reflect.Value{reflect.ValueOf(context.Background())}
	for i := 1; i < mt.NumIn(); i++ {
		t := mt.In(i)
		if mt.IsVariadic() && i == mt.NumIn()-1 {
			break
		}
		if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct {
			p := reflect.New(t.Elem())
			fillRequired(p.Elem())
			args = append(args, p)
			continue
		}
		args = append(args, sample(t))
	}
	return args
}

func sample(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.String:
		v.SetString("x1")
	case reflect.Int, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Float64:
		v.SetFloat(1)
	case reflect.Bool:
		v.SetBool(true)
	}
	return v
}

// fillRequired sets the value (non-pointer) scalar fields of a Params
// struct, the required parameters; a streamed body gets bytes. A list of
// plain strings gets one, since a required list (Twitch's broadcaster_id)
// is a slice like an optional one, and sending an optional one does no
// harm; a list of enum values is left empty, as "x1" would be none of them.
func fillRequired(v reflect.Value) {
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		switch {
		case v.Type().Field(i).Name == "Body" && f.Kind() == reflect.Interface:
			f.Set(reflect.ValueOf(bytes.NewReader([]byte("upload"))))
		case v.Type().Field(i).Name == "Body":
		case f.Kind() == reflect.String || f.Kind() == reflect.Int64 || f.Kind() == reflect.Int32 || f.Kind() == reflect.Bool || f.Kind() == reflect.Float64:
			f.Set(sample(f.Type()))
		case f.Kind() == reflect.Slice && f.Type().Elem() == reflect.TypeFor[string]():
			f.Set(reflect.ValueOf([]string{"x1"}))
		}
	}
}
