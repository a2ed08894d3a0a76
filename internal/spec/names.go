package spec

import (
	"go/token"
	"strings"
	"unicode"
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

// reservedArgNames are the names a generated method already uses for its
// own parameters and receiver.
// A parameter that took one of them would shadow what the method body uses.
var reservedArgNames = map[string]bool{
	"c": true, "ctx": true, "params": true, "opts": true, "out": true, "req": true,
	"r": true, "err": true, "path": true, "query": true, "header": true,
	"request": true, "pathParam": true, "addQuery": true, "joinParam": true,
	"addCookie": true, "securityRequirement": true, "provider": true,
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
	"clear": true, "url": true, "http": true, "time": true, "json": true, "fmt": true,
	"context": true, "strings": true,
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
	if token.IsKeyword(name) || reservedArgNames[name] || predeclared[name] {
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
