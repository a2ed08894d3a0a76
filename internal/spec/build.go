package spec

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/getkin/kin-openapi/openapi3"
)

// builder turns a validated document and its x-authgen block into a
// Provider, reporting every problem it meets instead of stopping at the
// first.
type builder struct {
	file   string
	src    []byte // the document as read, to place what kin-openapi does not
	doc    *openapi3.T
	ext    *extension
	r      *reporter
	p      *Provider
	names  *registry // every package-level name of the client
	models *modelSet
	// unsupported are security schemes left out, by name, with the reason.
	unsupported map[string]string
	// depth is how many inline schemas are being declared inside each
	// other; capped is set once a cap was reported.
	depth  int
	capped bool
	// globalUsable is false when the global security needs only left-out
	// schemes.
	globalUsable bool
	// userPathParamPos: where each scheme's credentials.userPathParam is,
	// for the warning when no operation has that parameter.
	userPathParamPos  map[string]Position
	userPathParamUsed map[string]bool
	// successOperationUsed: the success.operations entries that met their
	// operation.
	successOperationUsed map[string]bool
	// linkHeader: operations whose 2xx response declares a Link header.
	linkHeader map[string]bool
	// opPos: where each operation is, for messages after it is built.
	opPos map[string]Position
	// streams: what each operation's build saw of its event stream.
	streams map[string]streamFound
}

func newBuilder(file string, src []byte, doc *openapi3.T, ext *extension, r *reporter) *builder {
	return &builder{file: file, src: src, doc: doc, ext: ext, r: r, p: &Provider{SourceFile: file}, names: newRegistry(), models: newModelSet(), unsupported: map[string]string{}, userPathParamPos: map[string]Position{}, userPathParamUsed: map[string]bool{}, successOperationUsed: map[string]bool{}, linkHeader: map[string]bool{}, opPos: map[string]Position{}, streams: map[string]streamFound{}}
}

func (b *builder) problem(pos Position, format string, args ...any) {
	b.r.problems = append(b.r.problems, Problem{Pos: pos, Message: fmt.Sprintf(format, args...)})
}

func (b *builder) warn(pos Position, format string, args ...any) {
	b.r.problems = append(b.r.problems, Problem{Pos: pos, Message: fmt.Sprintf(format, args...), Warning: true})
}

func (b *builder) build() *Provider {
	p := b.p
	if b.doc.Info != nil {
		p.Title, p.Description = b.doc.Info.Title, docText(b.doc.Info.Description)
	}
	// The order is the name registry's rule (names.go): the names the
	// contract fixes are taken before any model claims one.
	b.buildPackage()
	b.buildEnvironments()
	b.buildServerVariables()
	b.buildSigning() // before the schemes: it takes WithSigning
	b.buildSchemes()
	b.buildCredentials()
	b.buildDerivedServerVariables()
	p.Security, b.globalUsable = b.requirements(b.doc.Security, fieldPos(b.file, b.doc.Origin, "security"), "security")
	b.buildErrors()
	b.buildSigningRefusals() // after the errors: it names their codes
	b.buildRetry()
	b.buildHeaders()
	b.buildComponentModels()
	b.buildOperations()
	b.buildWebhooks()
	b.warnUnusedUserPathParams()
	b.checkSuccessOperations()
	p.Models = b.models.sorted()
	b.finishModels()
	// A body that carries a credential must be an object, which the
	// finished models say; the client fills the members.
	b.checkBodyPlacements()
	b.dropBodyCredentialMembers()
	b.buildPagination() // reads the finished models: their pointers, their aliases' lists
	b.buildStreams()    // likewise, for the member that asks for a stream
	b.buildPresign()    // after every other method's name
	b.dedupeInlineModels()
	b.buildFake()
	return p
}

// seek finds text in the source at or after from's line (within the next
// 200 lines), for the elements kin-openapi keeps no position of, such as
// the entries of a security list. It returns from when it finds nothing.
func (b *builder) seek(from Position, text string) Position {
	if from.Line <= 0 || text == "" {
		return from
	}
	lines := bytes.Split(b.src, []byte("\n"))
	for i := from.Line - 1; i < len(lines) && i < from.Line-1+200; i++ {
		if col := bytes.Index(lines[i], []byte(text)); col >= 0 {
			return Position{File: from.File, Line: i + 1, Column: col + 1}
		}
	}
	return from
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
