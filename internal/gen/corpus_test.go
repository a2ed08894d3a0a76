package gen

import (
	"fmt"
	"github.com/authgen/authgen/internal/corpus"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authgen/authgen/internal/gocheck"
	"github.com/authgen/authgen/internal/spec"
)

func corpusFiles(t *testing.T) []string { return corpus.Files(t) }

func corpusPackage(path string) string {
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return "corpus" + spec.PackageName(name)
}

// TestCorpusGenerates: every public document in the corpus generates a
// client that type-checks. Features authgen does not support are left out
// with warnings, never fatal.
func TestCorpusGenerates(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus is large; skipped with -short")
	}
	for _, path := range corpusFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			_, files := generateAs(t, path, corpusPackage(path))
			if err := gocheck.Check(fileMap(files)); err != nil {
				t.Errorf("does not type-check:\n%v", err)
			}
			if err := gocheck.Formatted(fileMap(files)); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestCorpusCompiles writes every corpus client into a scratch module and
// runs go vet on them. It takes about a minute with a cold build cache, so
// it runs when AUTHGEN_CORPUS_BUILD=1 (as .ci/run sets it).
func TestCorpusCompiles(t *testing.T) {
	if os.Getenv("AUTHGEN_CORPUS_BUILD") != "1" {
		t.Skip("set AUTHGEN_CORPUS_BUILD=1 to compile the corpus clients")
	}
	dir := t.TempDir()
	gomod, err := gocheck.ScratchGoMod("corpus")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range corpusFiles(t) {
		p, files := generateAs(t, path, corpusPackage(path))
		// Each client with its fake provider package, which must build
		// too.
		fake, err := GenerateFake(p, "corpus/"+p.Package)
		if err != nil {
			t.Fatal(err)
		}
		pkgDir := filepath.Join(dir, p.Package)
		if err := os.MkdirAll(filepath.Join(pkgDir, FakePackage(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range append(files, fake...) {
			if err := os.WriteFile(filepath.Join(pkgDir, filepath.FromSlash(f.Name)), f.Content, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Every fake answers every operation it routes, through its client
	// (the harness of internal/e2e/fake_contract_test.go).
	var imports, entries strings.Builder
	for _, path := range corpusFiles(t) {
		pkg := corpusPackage(path)
		fmt.Fprintf(&imports, "\t%q\n", "corpus/"+pkg+"/"+pkg+"fake")
		fmt.Fprintf(&entries, "\t%q: func(tb testing.TB) any { return %sfake.NewServer(tb) },\n", pkg, pkg)
	}
	harness := strings.Replace(strings.Replace(fakeCallsHarness, "//IMPORTS\n", imports.String(), 1), "//ENTRIES\n", entries.String(), 1)
	if err := os.MkdirAll(filepath.Join(dir, "fakecalls"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "fakecalls", "fakecalls_test.go"), []byte(harness), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet of the corpus clients: %v\n%s", err, out)
	}
	run := exec.Command("go", "test", "./fakecalls")
	run.Dir = dir
	run.Env = cmd.Env
	if out, err := run.CombinedOutput(); err != nil {
		t.Fatalf("the corpus fakes, one call per operation: %v\n%s", err, out)
	}
}

// fakeCallsHarness calls every operation of every corpus fake through its
// client, with a handler that answers a zero result.
const fakeCallsHarness = `package fakecalls

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"

//IMPORTS
)

func TestEveryFakeAnswersEveryOperation(t *testing.T) {
	fakes := map[string]func(testing.TB) any{
//ENTRIES
	}
	for name, newFake := range fakes {
		t.Run(name, func(t *testing.T) {
			fake := reflect.ValueOf(newFake(t))
			client := fake.MethodByName("Client").Call(nil)[0]
			calls, skipped := 0, 0
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
				out := client.MethodByName(op).Call(callArgs(client.MethodByName(op).Type()))
				if errV := out[len(out)-1]; !errV.IsNil() {
					if strings.Contains(errV.Interface().(error).Error(), "encoding request body") {
						skipped++ // a required union has no zero value: the client refuses it, as it should
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
			t.Logf("%d operations called, %d skipped", calls, skipped)
		})
	}
}

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
				v = reflect.Zero(rt)
			}
			out = append(out, v)
		default:
			out = append(out, reflect.Zero(rt))
		}
	}
	return out
}

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
	case reflect.Float64, reflect.Float32:
		v.SetFloat(1)
	case reflect.Bool:
		v.SetBool(true)
	}
	return v
}

func fillRequired(v reflect.Value) {
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if !f.CanSet() {
			continue
		}
		switch {
		case f.Kind() == reflect.Struct && v.Type().Field(i).Name != "Body":
			fillRequired(f)
		case v.Type().Field(i).Name == "Body" && f.Kind() == reflect.Interface:
			f.Set(reflect.ValueOf(bytes.NewReader([]byte("upload"))))
		case v.Type().Field(i).Name == "Body" && (f.Kind() == reflect.Slice || f.Kind() == reflect.Map):
			if f.Kind() == reflect.Slice {
				f.Set(reflect.MakeSlice(f.Type(), 0, 0))
			} else {
				f.Set(reflect.MakeMap(f.Type()))
			}
		case v.Type().Field(i).Name == "Body":
		case f.Kind() == reflect.Slice && f.Type().Elem().Kind() != reflect.Uint8:
			s := reflect.MakeSlice(f.Type(), 1, 1)
			s.Index(0).Set(sample(f.Type().Elem()))
			f.Set(s)
		case f.Kind() == reflect.String || f.Kind() == reflect.Int64 || f.Kind() == reflect.Int32 || f.Kind() == reflect.Bool || f.Kind() == reflect.Float64:
			f.Set(sample(f.Type()))
		}
	}
}
`
