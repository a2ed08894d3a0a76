// Package changes reports what a new version of a provider's spec changes
// for the people who use its client: the Go API of the generated package
// (golang.org/x/exp/apidiff over the two type-checked packages) and the
// behaviour that types do not show (where credentials go, which errors have
// sentinels, which headers set the waits).
package changes

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"golang.org/x/exp/apidiff"

	"github.com/authgen/authgen/internal/gocheck"
	"github.com/authgen/authgen/internal/spec"
)

// Area is what a change is about.
type Area string

const (
	AreaAPI          Area = "Go API"
	AreaAuth         Area = "auth"
	AreaEnvironments Area = "servers"
	AreaHeaders      Area = "headers"
	AreaErrors       Area = "errors"
	AreaRateLimits   Area = "rate limits"
	AreaRetries      Area = "retries"
)

// Change is one difference between the old and the new client.
type Change struct {
	Area     Area
	Breaking bool
	Message  string
}

// Report is every change for one package.
type Report struct {
	Package string
	Changes []Change // breaking first, then by area and message
}

// Version is one side of a comparison: the provider model and the
// generated files.
type Version struct {
	Provider *spec.Provider // nil when only the generated files are known
	Files    map[string][]byte
}

// Compare reports the changes from old to new.
func Compare(old, new Version) (Report, error) {
	r := Report{}
	if new.Provider != nil {
		r.Package = new.Provider.Package
	}
	api, renames, err := apiChanges(old, new)
	if err != nil {
		return r, err
	}
	r.Changes = append(r.Changes, foldRenames(api, renames)...)
	if old.Provider != nil && new.Provider != nil {
		r.Changes = append(r.Changes, Behaviour(old.Provider, new.Provider)...)
	}
	sortChanges(r.Changes)
	return r, nil
}

// API compares two versions of a generated package with apidiff.
func API(oldFiles, newFiles map[string][]byte) ([]Change, error) {
	out, renames, err := apiChanges(Version{Files: oldFiles}, Version{Files: newFiles})
	return foldRenames(out, renames), err
}

// apiChanges is apidiff's changes and the struct fields renamed between
// the two packages (see findRenames).
func apiChanges(old, new Version) ([]Change, []rename, error) {
	oldPkg, oldErr := gocheck.Package(old.Files)
	newPkg, newErr := gocheck.Package(new.Files)
	if oldErr != nil {
		return nil, nil, fmt.Errorf("the old package does not type-check: %w", oldErr)
	}
	if newErr != nil {
		return nil, nil, fmt.Errorf("the new package does not type-check: %w", newErr)
	}
	var out []Change
	for _, c := range apidiff.Changes(oldPkg, newPkg).Changes {
		out = append(out, Change{Area: AreaAPI, Breaking: !c.Compatible, Message: c.Message})
	}
	return foldAliasSplits(out, aliasSplits(oldPkg, newPkg)), findRenames(oldPkg, newPkg, memberDocs(old.Provider), memberDocs(new.Provider)), nil
}

func sortChanges(cs []Change) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.Breaking != b.Breaking {
			return a.Breaking
		}
		if a.Area != b.Area {
			return a.Area < b.Area
		}
		return a.Message < b.Message
	})
}

// Breaking reports whether any change is breaking.
func (r Report) Breaking() bool {
	for _, c := range r.Changes {
		if c.Breaking {
			return true
		}
	}
	return false
}

func (r Report) count() (breaking, compatible int) {
	for _, c := range r.Changes {
		if c.Breaking {
			breaking++
		} else {
			compatible++
		}
	}
	return breaking, compatible
}

// Summary is the report in one line.
func (r Report) Summary() string {
	b, c := r.count()
	if b+c == 0 {
		return "no changes to the Go API, auth, errors or rate limits"
	}
	return fmt.Sprintf("%d breaking and %d compatible changes", b, c)
}

// Text writes the report for a terminal.
func (r Report) Text(w io.Writer) error {
	return r.write(w, fmt.Sprintf("%s: %s\n", r.Package, r.Summary()),
		[2]string{"Breaking:\n", "Compatible:\n"},
		func(c Change) string { return fmt.Sprintf("  - %s: %s\n", c.Area, c.Message) })
}

// Markdown writes the report for a pull-request description.
func (r Report) Markdown(w io.Writer) error {
	return r.write(w, fmt.Sprintf("### `%s`: %s\n", r.Package, r.Summary()),
		[2]string{"\n**Breaking**\n\n", "\n**Compatible**\n\n"},
		func(c Change) string { return fmt.Sprintf("- %s: %s\n", c.Area, markdownEscape(c.Message)) })
}

// write writes the title, then the breaking changes and the compatible
// ones, each group under its heading when it has any.
func (r Report) write(w io.Writer, title string, headings [2]string, line func(Change) string) error {
	var b strings.Builder
	b.WriteString(title)
	for i, breaking := range []bool{true, false} {
		first := true
		for _, c := range r.Changes {
			if c.Breaking != breaking {
				continue
			}
			if first {
				b.WriteString(headings[i])
				first = false
			}
			b.WriteString(line(c))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// markdownEscape keeps a message's Go syntax from turning into emphasis or
// links: the parts apidiff quotes become code spans.
func markdownEscape(s string) string {
	r := strings.NewReplacer("*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;", "`", "'")
	return r.Replace(s)
}
