package tui

import (
	"fmt"
	"strconv"

	kb "github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ctlog-dev/ctlog/classify"
)

// causeFilter narrows the failure groups to the ones of one shared cause of one run.
type causeFilter struct {
	input, runN int    // the run, as Cluster.Input and Cluster.RunN
	check, sig  string // the cause: classify.Cause.Check and Signature.Text
	label       string // how the list's title names it, clean
}

// has reports whether c is one of the cause's failure groups.
func (f *causeFilter) has(c *Cluster) bool {
	check, sig, generic := c.check()
	return c.Input == f.input && c.RunN == f.runN && check == f.check && !generic && sig == f.sig
}

// causeRow is one line of the causes view: a cause shared by several operations of a run.
type causeRow struct {
	filter     causeFilter
	testCases  int
	operations int
	groups     int
	check, sig string // clean
	where      string // the input and run, when there are several runs; clean
}

// filterCauseMsg asks the root to show the failure groups of one cause.
type filterCauseMsg struct{ f causeFilter }

// causeRows lists the causes of every run in the order of the reports (classify: the most
// widespread first), runs in input order, with the failure groups of each.
func causeRows(d *dataset) []causeRow {
	var rows []causeRow
	several := len(d.runs()) > 1
	for i, in := range d.inputs {
		runs := in.runs()
		for ri, r := range runs {
			where := ""
			if several {
				where = clean(in.name)
				if len(runs) > 1 {
					where += fmt.Sprintf(" run %d", ri+1)
				}
			}
			for _, c := range r.Causes {
				row := causeRow{
					filter:     causeFilter{input: i, runN: ri, check: c.Check, sig: c.Signature.Text},
					testCases:  c.TestCases,
					operations: len(c.Operations),
					check:      clean(c.Check),
					sig:        clean(c.Signature.Text),
					where:      where,
				}
				for _, g := range r.Groups {
					if row.filter.hasGroup(g) {
						row.groups++
					}
				}
				row.filter.label = row.check + ": " + row.sig
				rows = append(rows, row)
			}
		}
	}
	return rows
}

func (f *causeFilter) hasGroup(g *classify.Group) bool {
	return g.Check == f.check && !g.Signature.Generic && g.Signature.Text == f.sig
}

// causesView lists the shared causes; enter narrows the failure groups to one. Like the failure
// group list it is a table of its own (a marker, right-aligned counts, a clipped signature) rather
// than bubbles/table, whose rows are plain strings with no place for the list's selection marker.
type causesView struct {
	t              theme
	rows           []causeRow
	loading        bool
	cursor, offset int
	w, h           int
}

func newCausesView(t theme) causesView { return causesView{t: t} }

// setData replaces the rows, keeping the cursor on the same cause when it is still there.
func (v causesView) setData(rows []causeRow, loading bool) causesView {
	var sel *causeFilter
	if v.cursor < len(v.rows) {
		sel = &v.rows[v.cursor].filter
	}
	v.rows, v.loading = rows, loading
	if sel != nil {
		for i, r := range rows {
			if r.filter.input == sel.input && r.filter.runN == sel.runN && r.filter.check == sel.check && r.filter.sig == sel.sig {
				v.cursor = i
			}
		}
	}
	return v.clamp()
}

// bodyH is the rows shown under the title and the column titles.
func (v causesView) bodyH() int { return max(1, v.h-2) }

func (v causesView) clamp() causesView {
	v.cursor, v.offset = clampCursor(v.cursor, v.offset, len(v.rows), v.bodyH())
	return v
}

func (v causesView) Update(msg tea.Msg) (causesView, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.MouseMsg:
		if d := wheel(msg); d != 0 {
			v.cursor += d
		} else if msg.Button == tea.MouseButtonLeft && msg.Action == tea.MouseActionPress {
			if y := msg.Y - 2; y >= 0 && y < v.bodyH() && v.offset+y < len(v.rows) {
				v.cursor = v.offset + y
			}
		}
	case tea.KeyMsg:
		switch {
		case isMove(msg):
			v.cursor, _ = moveCursor(msg, v.cursor, len(v.rows), v.bodyH())
		case kb.Matches(msg, keyCauseFilter):
			if v.cursor < len(v.rows) {
				f := v.rows[v.cursor].filter
				return v, func() tea.Msg { return filterCauseMsg{f} }
			}
		}
	}
	return v.clamp(), nil
}

func (v causesView) View() string {
	t := v.t
	title := "Causes shared by several operations"
	if n := len(v.rows); n > 0 {
		title += fmt.Sprintf(" (%d) · enter shows their failure groups", n)
	}
	lines := []string{t.render(t.head, clip(title, v.w))}
	if len(v.rows) == 0 {
		msg := "No root cause spans more than one operation."
		if v.loading {
			msg = "Reading… the shared causes are known once the input is read."
		}
		lines = append(lines, "", "  "+t.render(t.dim, clip(msg, v.w-2)))
		return fitLines(lines, v.h)
	}
	// TESTS: the failing test cases, OPS: the operations, GROUPS: the failure groups enter shows.
	tcW, opW, gW := width("TESTS"), width("OPS"), width("GROUPS")
	for _, r := range v.rows {
		tcW = max(tcW, len(strconv.Itoa(r.testCases)))
	}
	checkW := width("CHECK")
	for _, r := range v.rows {
		checkW = max(checkW, width(r.check))
	}
	checkW = min(checkW, max(12, v.w/3))
	head := "  " + padLeft("TESTS", tcW) + "  " + padLeft("OPS", opW) + "  " + padLeft("GROUPS", gW) + "  " +
		pad("CHECK", checkW) + "  SIGNATURE"
	lines = append(lines, t.render(t.head, clip(head, v.w)))
	end := min(len(v.rows), v.offset+v.bodyH())
	for i := v.offset; i < end; i++ {
		r := v.rows[i]
		marker := "  "
		if i == v.cursor {
			marker = "› "
		}
		s := marker + padLeft(strconv.Itoa(r.testCases), tcW) + "  " + padLeft(strconv.Itoa(r.operations), opW) + "  " +
			padLeft(strconv.Itoa(r.groups), gW) + "  " + pad(clipWords(r.check, checkW), checkW) + "  "
		if rest := v.w - width(s); rest > 0 {
			sig := r.sig
			if r.where != "" {
				sig = "(" + r.where + ") " + sig
			}
			s += clip(sig, rest)
		}
		lines = append(lines, t.segments([]segment{{text: clip(s, v.w)}}, i == v.cursor, v.w))
	}
	return fitLines(lines, v.h)
}
