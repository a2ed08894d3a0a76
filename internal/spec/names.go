package spec

import (
	"fmt"
	"go/token"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/authgen/authgen/internal/genid"
	"github.com/authgen/authgen/templates"
)

// initialisms are spelled in upper case in Go names, as golint and the Go
// standard library do. OAuth is the one mixed-case spelling.
var initialisms = map[string]string{
	"acl": "ACL", "api": "API", "ascii": "ASCII", "cpu": "CPU", "css": "CSS",
	"dns": "DNS", "eof": "EOF", "guid": "GUID", "html": "HTML", "http": "HTTP",
	"https": "HTTPS", "id": "ID", "ip": "IP", "json": "JSON", "jwt": "JWT",
	"lhs": "LHS", "qps": "QPS", "ram": "RAM", "rhs": "RHS", "rpc": "RPC",
	"sla": "SLA", "smtp": "SMTP", "sql": "SQL", "ssh": "SSH", "tcp": "TCP",
	"tls": "TLS", "ttl": "TTL", "udp": "UDP", "ui": "UI", "uid": "UID",
	"uri": "URI", "url": "URL", "utf8": "UTF8", "uuid": "UUID", "vm": "VM",
	"xml": "XML", "xmpp": "XMPP", "xsrf": "XSRF", "xss": "XSS", "oauth": "OAuth", "oidc": "OIDC",
	"sms": "SMS", "pdf": "PDF", "csv": "CSV", "sdk": "SDK", "iso": "ISO",
	"ids": "IDs", "urls": "URLs", "uris": "URIs", "apis": "APIs", "ai": "AI",
}

// words splits an identifier from a spec into words: at any character that
// is not a letter or digit, and at case changes (getHTTPResponse gives get,
// HTTP, Response). Digits stay with the word before them (oauth2, v1).
func words(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	runes := []rune(s)
	for i, r := range runes {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
			continue
		case unicode.IsUpper(r) && len(cur) > 0:
			prev := cur[len(cur)-1]
			nextLower := i+1 < len(runes) && unicode.IsLower(runes[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				flush()
			}
		case unicode.IsLetter(r) && len(cur) > 0 && unicode.IsDigit(cur[len(cur)-1]):
			flush()
		}
		cur = append(cur, r)
	}
	flush()
	return out
}

// exportWord spells one word for an exported name.
func exportWord(w string) string {
	letters := strings.TrimRightFunc(w, unicode.IsDigit)
	digits := w[len(letters):]
	if init, ok := initialisms[strings.ToLower(letters)]; ok {
		return init + digits
	}
	lower := []rune(strings.ToLower(w))
	if len(lower) == 0 {
		return ""
	}
	lower[0] = unicode.ToUpper(lower[0])
	return string(lower)
}

// GoName is the exported Go form of a spec name: apiKey gives APIKey,
// INVALID_API_KEY gives InvalidAPIKey, amount_cents gives AmountCents. A
// name that would not start with an upper-case letter (a digit, 日本) gets
// an X in front; a name with no
// letters or digits gives "".
func GoName(s string) string {
	name := camel(s)
	// Only an upper-case first letter exports a name: digits and letters
	// without case (日本) need a prefix.
	if name != "" && !unicode.IsUpper([]rune(name)[0]) {
		name = "X" + name
	}
	return name
}

// camel joins the exported words of s, without GoName's guard against a
// leading digit; for suffixes such as enum constants.
func camel(s string) string {
	var b strings.Builder
	for _, w := range words(s) {
		b.WriteString(exportWord(w))
	}
	return b.String()
}

// predeclared are Go's predeclared identifiers; shadowing them in generated
// code would be legal but confusing.
var predeclared = map[string]bool{
	"any": true, "bool": true, "byte": true, "error": true, "string": true, "int": true,
	"int64": true, "int32": true, "float64": true, "float32": true, "len": true,
	"new": true, "make": true, "nil": true, "true": true, "false": true, "copy": true,
	"append": true, "cap": true, "close": true, "delete": true, "panic": true,
	"print": true, "println": true, "recover": true, "rune": true, "uint": true,
	"complex": true, "real": true, "imag": true, "iota": true, "min": true, "max": true,
	"clear": true,
}

// ArgName is the unexported Go form of a spec name, used for a method's
// positional parameters: id gives id, user_id gives userID, type gives
// typeArg.
func ArgName(s string) string {
	ws := words(s)
	if len(ws) == 0 {
		return "param"
	}
	var b strings.Builder
	b.WriteString(strings.ToLower(ws[0]))
	for _, w := range ws[1:] {
		b.WriteString(exportWord(w))
	}
	name := b.String()
	if unicode.IsDigit([]rune(name)[0]) {
		name = "p" + name
	}
	if token.IsKeyword(name) || reservedArgs()[name] || predeclared[name] {
		name += "Arg"
	}
	return name
}

// PackageName sanitises a title into a Go package name: lower case letters
// and digits only.
func PackageName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (b.Len() > 0 && r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// validJSONName says whether encoding/json can use name in a struct tag;
// it ignores tags with other characters and would use the Go field name.
func validJSONName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		if !strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c) && !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			return false
		}
	}
	return true
}

// suggest returns the candidate closest to s, if it is close enough to be
// what the author meant.
func suggest(s string, candidates []string) string {
	best, bestDist := "", len(s)/2+2
	for _, c := range candidates {
		d := editDistance(strings.ToLower(s), strings.ToLower(c))
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// registry claims every package-level name of one generated package, so
// that no two declarations meet and nothing the spec names can take a name
// the client shell or the generated half declares. One registry serves one
// Load. The rule, in the order names are claimed:
//
//  1. The client shell's package-level names (read from its source), the
//     runtime's import name and the generated half's own
//     (genid.GeneratedNames) are taken first.
//  2. Names the client contract fixes and that a user types (environment
//     constants, vendor code sentinels, scheme options) are taken exactly;
//     when one meets a name already taken the spec is refused, naming both.
//  3. Models, enum constants, union constructors and Params structs are
//     claimed afterwards and yield: a taken name gets the smallest number
//     that frees it (ErrNotFound2).
type registry struct {
	owners map[string]string // name -> what declares it, for messages
	// next is, per name claimed with a number, the number to try first:
	// 20,000 enum values that meet in one Go name cost linear time, not
	// quadratic.
	next map[string]int
}

func newRegistry() *registry {
	r := &registry{owners: map[string]string{}, next: map[string]int{}}
	for name := range shellDecls().Package {
		r.owners[name] = clientShellOwner
	}
	r.owners[runtimeImportName] = "the runtime's import"
	for _, name := range genid.GeneratedNames {
		r.owners[name] = "the generated provider description"
	}
	return r
}

// take claims name exactly for owner. When it is taken it reports what
// holds it and claims nothing.
func (r *registry) take(name, owner string) (holder string, ok bool) {
	if holder, taken := r.owners[name]; taken {
		return holder, false
	}
	r.owners[name] = owner
	return "", true
}

// claim returns name, or name with the smallest number from 2 up that is
// free, and claims it for owner.
func (r *registry) claim(name, owner string) string {
	if name == "" {
		name = "Model"
	}
	candidate := name
	i := max(r.next[name], 2)
	for {
		if _, taken := r.owners[candidate]; !taken {
			break
		}
		candidate = name + strconv.Itoa(i)
		i++
	}
	r.next[name] = i
	r.owners[candidate] = owner
	return candidate
}

// claimParams claims the Params struct name of an operation. A user types
// that name (it is the argument of every call with parameters), so when a
// schema or another declaration already holds it the renamed struct
// (CreateMessageParams2) is a surprise worth a warning naming the holder.
func (b *builder) claimParams(o *Operation, pos Position) {
	want := o.GoName + "Params"
	holder := b.names.owners[want]
	o.ParamsGoName = b.names.claim(want, fmt.Sprintf("the parameters of operation %q", o.ID))
	if o.ParamsGoName != want {
		b.warn(pos, "operation %q: its parameters struct is named %s, since %s is taken by %s; rename one (x-authgen operation name or schema name) to choose", o.ID, o.ParamsGoName, want, holder)
	}
}

// shellDecls are the client shell's declarations, read from its source:
// the names every generated package declares besides the spec's.
func shellDecls() templates.Decls { return templates.ShellDecls() }

// clientShellOwner holds, in the registry, the names of the client shell.
const clientShellOwner = "the client"

// runtimeImportName is the name generated code imports the runtime by.
const runtimeImportName = "authgenrt"

// localNames are the names a generated method body uses besides package
// names: its receiver, parameters and locals.
var localNames = []string{"c", "ctx", "params", "opts", "out", "r", "err"}

// importNames are the package names generated code imports; a local of
// the same name would hide the package.
var importNames = []string{"context", "errors", "fmt", "http", "httptest", "json", "regexp", "time", "url", runtimeImportName}

// reservedArgs is every name a path parameter's argument must not take:
// the method's own locals, imported packages, and every unexported
// package-level name of the client shell and the generated half, which the
// method body may refer to.
var reservedArgs = sync.OnceValue(func() map[string]bool {
	reserved := map[string]bool{}
	for _, n := range localNames {
		reserved[n] = true
	}
	for _, n := range importNames {
		reserved[n] = true
	}
	for n := range shellDecls().Package {
		reserved[n] = true
	}
	for _, n := range genid.GeneratedNames {
		reserved[n] = true
	}
	return reserved
})
