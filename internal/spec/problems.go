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

// Problem is one thing wrong with a spec.
type Problem struct {
	Pos     Position
	Message string
}

func (p Problem) String() string { return p.Pos.String() + ": " + p.Message }

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

// sorted orders problems by file, line and column, and drops exact
// duplicates (a $ref reached twice reports once).
func (ps Problems) sorted() Problems {
	out := append(Problems(nil), ps...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Pos, out[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	dedup := out[:0]
	for i, p := range out {
		if i > 0 && p == out[i-1] {
			continue
		}
		dedup = append(dedup, p)
	}
	return dedup
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
