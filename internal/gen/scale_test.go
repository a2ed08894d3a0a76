package gen

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/authgen/authgen/internal/spec"
)

// syntheticSpec is a spec of n operations, each with a path parameter, a
// query parameter, a request body on every other one and its own response
// model, all sharing one error model: growth in n is all there is.
func syntheticSpec(n int) string {
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo: {title: Scale, version: \"1\"}\nservers: [{url: \"https://api.scale.example\"}]\nsecurity: [{key: []}]\npaths:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  /things%d/{id}:\n    get:\n      operationId: getThing%d\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: limit, in: query, schema: {type: integer}}\n      responses:\n        \"200\":\n          description: A thing.\n          content:\n            application/json:\n              schema: {$ref: \"#/components/schemas/Thing%d\"}\n        default:\n          description: An error.\n          content:\n            application/json:\n              schema: {$ref: \"#/components/schemas/Error\"}\n", i, i, i)
		if i%2 == 0 {
			fmt.Fprintf(&b, "    post:\n      operationId: putThing%d\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: \"#/components/schemas/Thing%d\"}\n      responses:\n        \"204\": {description: Saved.}\n", i, i)
		}
	}
	b.WriteString("components:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Api-Key}\n  schemas:\n    Error:\n      type: object\n      properties:\n        code: {type: string}\n        message: {type: string}\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "    Thing%d:\n      type: object\n      required: [id]\n      properties:\n        id: {type: string}\n        name: {type: string}\n        count: {type: integer}\n        tags: {type: array, items: {type: string}}\n", i)
	}
	b.WriteString("x-authgen:\n  package: scale\n")
	return b.String()
}

// BenchmarkScale generates synthetic specs of 1,000, 10,000 and 100,000
// operations (a path has a GET, and every other one a POST too: 1.5
// operations a path); time and memory per operation should stay flat. The
// 100,000 size runs only with AUTHGEN_SCALE_MAX=100000: it needs a minute
// and a few GB, and its client is over the output cap, which this
// benchmark alone lifts.
//
//	go test -run '^$' -bench Scale -benchtime 1x ./internal/gen
func BenchmarkScale(b *testing.B) {
	sizes := []int{1000, 10000}
	if os.Getenv("AUTHGEN_SCALE_MAX") == "100000" {
		sizes = append(sizes, 100000)
		saved := outputCap
		outputCap = 1 << 40
		defer func() { outputCap = saved }()
	}
	for _, ops := range sizes {
		n := ops * 2 / 3 // paths
		path := filepath.Join(b.TempDir(), "scale.yaml")
		if err := os.WriteFile(path, []byte(syntheticSpec(n)), 0o644); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("ops=%d", ops), func(b *testing.B) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			var loading, generating time.Duration
			for i := 0; i < b.N; i++ {
				start := time.Now()
				p, _, err := spec.Load(path, spec.Options{SkipOpenAPIValidation: true, PlaceOnlyErrors: true})
				if err != nil {
					b.Fatal(err)
				}
				if got := len(p.Operations); got < ops-1 || got > ops+1 {
					b.Fatalf("%d operations, want %d", got, ops)
				}
				loaded := time.Now()
				if _, err := Generate(p); err != nil {
					b.Fatal(err)
				}
				loading, generating = loading+loaded.Sub(start), generating+time.Since(loaded)
			}
			runtime.ReadMemStats(&after)
			perOp := float64(b.N) * float64(ops)
			b.ReportMetric(float64(b.Elapsed().Microseconds())/perOp, "µs/operation")
			// Loading is kin-openapi's decoding and the model; generating
			// is authgen's emitter alone.
			b.ReportMetric(float64(loading.Microseconds())/perOp, "µs-load/operation")
			b.ReportMetric(float64(generating.Microseconds())/perOp, "µs-generate/operation")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/perOp/1024, "KiB-alloc/operation")
			// Sys is what the runtime took from the system, which it
			// seldom gives back: about the peak, for this process.
			b.ReportMetric(float64(after.Sys)/float64(ops)/1024, "KiB-sys/operation")
		})
	}
}
