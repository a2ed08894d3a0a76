package spec

import (
	"fmt"
	"sort"
	"strings"
)

// Position is a place in a spec file. Line and Column start at 1; zero means
// unknown.
type Position struct {
	File   string
	Line   int
	Column int
}

func (p Position) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Column == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// Problem is one thing wrong with a spec. A warning does not stop
// generation: the spec breaks a rule of OpenAPI that does not change the
// client, or an operation is left out because it needs something authgen
// does not support.
type Problem struct {
	Pos     Position
	Message string
	Warning bool
}

func (p Problem) String() string {
	if p.Warning {
		return p.Pos.String() + ": warning: " + p.Message
	}
	return p.Pos.String() + ": " + p.Message
}

// FromValidation says whether kin-openapi's validation found the problem
// (lint runs it; generate does not).
func (p Problem) FromValidation() bool {
	return strings.HasPrefix(p.Message, validationPrefix)
}

// Problems is every problem found in one or more specs. It is the error
// Load returns for a spec that cannot be generated.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Sort orders problems by file, line and column, in place.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].Pos, ps[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

// sorted returns the problems in order without exact duplicates (a $ref
// reached twice reports once).
func (ps Problems) sorted() Problems {
	out := append(Problems(nil), ps...)
	out.Sort()
	dedup := out[:0]
	for i, p := range out {
		if i > 0 && p == out[i-1] {
			continue
		}
		dedup = append(dedup, p)
	}
	return dedup
}

// split separates errors from warnings.
func (ps Problems) split() (errs, warnings Problems) {
	for _, p := range ps {
		if p.Warning {
			warnings = append(warnings, p)
		} else {
			errs = append(errs, p)
		}
	}
	return errs, warnings
}

// reporter collects problems for one file.
type reporter struct {
	file     string
	problems Problems
}

func (r *reporter) at(line, col int, format string, args ...any) {
	r.problems = append(r.problems, Problem{
		Pos:     Position{File: r.file, Line: line, Column: col},
		Message: fmt.Sprintf(format, args...),
	})
}
