package authgenfake

import (
	"net/url"
	"strings"
)

// matchRoute finds the operation of a request path; path holds the
// parameters' values, unescaped, in the order of the operation's path
// parameters. Of several routes that match (/users/me and /users/{id}) the
// one with the most literal text wins.
func matchRoute(routes []Route, verb, escapedPath string) (*Route, []string) {
	path := strings.Trim(escapedPath, "/")
	var best *Route
	var bestValues []string
	bestLiteral := -1
	for i := range routes {
		rt := &routes[i]
		if rt.Verb != verb {
			continue
		}
		literal, params := 0, 0
		for _, p := range rt.Pattern {
			literal += len(p.Literal)
			if p.Literal == "" {
				params = max(params, p.Param+1)
			}
		}
		if literal <= bestLiteral {
			continue
		}
		values := make([]string, params)
		if matchPieces(rt.Pattern, path, values) {
			best, bestValues, bestLiteral = rt, values, literal
		}
	}
	return best, bestValues
}

// matchPieces matches path against pieces, a parameter taking the
// shortest value that lets the rest match ({name}.{ext} on a.tar.gz: a,
// tar.gz); a value is never empty and holds a slash only when multi.
func matchPieces(pieces []Piece, path string, values []string) bool {
	if len(pieces) == 0 {
		return path == ""
	}
	p := pieces[0]
	if p.Literal != "" {
		rest, ok := strings.CutPrefix(path, p.Literal)
		return ok && matchPieces(pieces[1:], rest, values)
	}
	for end := 1; end <= len(path); end++ {
		if !p.Multi && path[end-1] == '/' {
			return false
		}
		v, err := url.PathUnescape(path[:end])
		if err != nil {
			continue
		}
		values[p.Param] = v
		if matchPieces(pieces[1:], path[end:], values) {
			return true
		}
	}
	return false
}
