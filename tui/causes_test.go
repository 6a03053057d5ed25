package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ctlog-dev/ctlog/classify"
)

func TestCauseRows(t *testing.T) {
	m := loadedModel(t, Plain, 80, 24, "", causesLog)
	rows := causeRows(m.d)
	want := []struct {
		check, sig                  string
		testCases, operations, grps int
	}{
		{"status_code_conformance", "received 404: No Tenant matches the given query.", 3, 3, 3},
		{"not_a_server_error", "TypeError: unsupported operand type(s) for +: 'int' and 'NoneType'", 2, 2, 2},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d causes, want %d: %+v", len(rows), len(want), rows)
	}
	for i, w := range want {
		r := rows[i]
		if r.check != w.check || r.sig != w.sig || r.testCases != w.testCases || r.operations != w.operations || r.groups != w.grps {
			t.Errorf("cause %d: %+v, want %+v", i, r, w)
		}
	}
	// Two inputs: each cause says where it is, and keeps the groups of its own run.
	m2 := loadedModel(t, Plain, 120, 24, "", causesLog, "../testdata/secrets/v4-secrets.log")
	rows2 := causeRows(m2.d)
	if len(rows2) != 3 || rows2[0].where != causesLog || rows2[2].where != "../testdata/secrets/v4-secrets.log" {
		t.Fatalf("causes of two inputs: %+v", rows2)
	}
	v := newCausesView(newTheme(discard{}, Plain))
	v.w, v.h = 160, 10
	if s := v.setData(rows2, false).View(); !strings.Contains(s, "("+causesLog+") received 404") {
		t.Errorf("the causes of two inputs do not say where they are:\n%s", s)
	}
	for _, c := range m2.d.clusters {
		if rows2[2].filter.has(c) && c.Input != 1 {
			t.Errorf("the second input's cause keeps %s of input %d", c.Op, c.Input)
		}
	}
	// The filter keeps exactly the cause's groups.
	n := 0
	for _, c := range m.d.clusters {
		if rows[0].filter.has(c) {
			n++
			if c.G.Status != 404 {
				t.Errorf("the 404 cause keeps %s %d", c.Op, c.G.Status)
			}
		}
	}
	if n != 3 {
		t.Errorf("the 404 cause keeps %d groups", n)
	}
}

func TestCausesViewKeys(t *testing.T) {
	m := loadedModel(t, Plain, 80, 24, "", causesLog)
	v := newCausesView(newTheme(discard{}, Plain))
	v.w, v.h = 80, 10
	v = v.setData(causeRows(m.d), false)
	for _, tc := range []struct {
		msg    tea.Msg
		cursor int
	}{
		{key("j"), 1},
		{key("j"), 1}, // the last row
		{key("g"), 0},
		{key("G"), 1},
		{key("ctrl+u"), 0},
		{tea.MouseMsg{Y: 3, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress}, 1}, // title, column titles, rows
		{tea.MouseMsg{Y: 1, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress}, 1}, // the column titles: no change
		{tea.MouseMsg{Button: tea.MouseButtonWheelUp, Action: tea.MouseActionPress}, 0},
	} {
		v, _ = v.Update(tc.msg)
		if v.cursor != tc.cursor {
			t.Errorf("after %v: cursor %d, want %d", tc.msg, v.cursor, tc.cursor)
		}
	}
	v, cmd := v.Update(key("enter"))
	f, ok := cmd().(filterCauseMsg)
	if !ok || f.f.check != "status_code_conformance" {
		t.Fatalf("enter: %#v", cmd())
	}
	// New data keeps the cursor on the same cause.
	v, _ = v.Update(key("j"))
	rows := causeRows(m.d)
	v = v.setData([]causeRow{rows[1], rows[0]}, false)
	if v.rows[v.cursor].check != "not_a_server_error" {
		t.Errorf("the cursor left its cause: %d", v.cursor)
	}
	for _, tc := range []struct {
		loading bool
		want    string
	}{{true, "Reading…"}, {false, "No root cause spans more than one operation."}} {
		if s := v.setData(nil, tc.loading).View(); !strings.Contains(s, tc.want) {
			t.Errorf("empty (loading %v):\n%s", tc.loading, s)
		}
		if _, cmd := v.setData(nil, tc.loading).Update(key("enter")); cmd != nil {
			t.Errorf("enter with no cause sends %#v", cmd())
		}
	}
}

// TestListCause narrows the list to a cause: a title line above the columns, clicks land on the
// row clicked, esc clears the text filter, then the cause.
func TestListCause(t *testing.T) {
	m := loadedModel(t, Plain, 100, 24, "", causesLog)
	rows := causeRows(m.d)
	l := m.list.setCause(&rows[0].filter)
	if len(l.rows) != 3 || l.inScope != 3 || l.total != 6 {
		t.Fatalf("rows %d, in scope %d, total %d", len(l.rows), l.inScope, l.total)
	}
	if first := strings.SplitN(l.View(), "\n", 2)[0]; !strings.HasPrefix(first, "Cause · 3 failure groups · esc clears · status_code_conformance") {
		t.Errorf("title: %q", first)
	}
	l, _ = l.Update(tea.MouseMsg{Y: 2 + 2, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress}) // title, column titles
	if l.cursor != 2 {
		t.Errorf("click on the third row: cursor %d", l.cursor)
	}
	l, _ = updateList(l, "/", "t", "u", "g", "s", "/", "enter")
	if len(l.rows) != 1 || l.cause == nil {
		t.Fatalf("text filter within the cause: %d rows", len(l.rows))
	}
	l, _ = updateList(l, "esc")
	if len(l.rows) != 3 || l.cause == nil {
		t.Errorf("first esc: %d rows, cause %v", len(l.rows), l.cause != nil)
	}
	l, _ = updateList(l, "esc")
	if len(l.rows) != 6 || l.cause != nil || strings.Contains(l.View(), "Cause ·") {
		t.Errorf("second esc: %d rows, cause %v", len(l.rows), l.cause != nil)
	}
	// New data keeps the cause.
	l = l.setCause(&rows[1].filter).setData(m.d.clusters)
	if len(l.rows) != 2 {
		t.Errorf("after new data: %d rows", len(l.rows))
	}
}

func TestClipWords(t *testing.T) {
	for _, tc := range []struct {
		in   string
		w    int
		want string
	}{
		{"not_a_server_error", 18, "not_a_server_error"},
		{"status_code_conformance", 18, "status_code…"},
		{"response_schema_conformance", 18, "response_schema…"},
		{"content_type_conformance", 13, "content_type…"},
		{"content_type_conformance", 12, "content…"},
		{"positive_data_acceptance", 10, "positive…"},
		{"Undocumented HTTP status code", 16, "Undocumented…"},
		{"supercalifragilistic", 8, "superca…"}, // no word fits: cut where it must
		{"a-b", 2, "a…"},
	} {
		if got := clipWords(tc.in, tc.w); got != tc.want || width(got) > tc.w {
			t.Errorf("clipWords(%q, %d) = %q, want %q", tc.in, tc.w, got, tc.want)
		}
		if shown, pos := clipMapWords(tc.in, tc.w); len(pos) != len(shown) {
			t.Errorf("clipMapWords(%q, %d): %d positions for %d bytes", tc.in, tc.w, len(pos), len(shown))
		}
	}
}

// TestColumnsGiveWay lays out rows of every check at 80, 100 and 120 columns: a check name is
// whole or cut between words, the count and the status always show, a long operation keeps its
// method and the end of its path.
func TestColumnsGiveWay(t *testing.T) {
	checks := []string{"not_a_server_error", "status_code_conformance", "response_schema_conformance", "content_type_conformance",
		"positive_data_acceptance", "negative_data_rejection", "missing_required_header", "ignored_auth", "use_after_free"}
	var cs []*Cluster
	for i, c := range checks {
		g := &classify.Group{Operation: "PATCH /api/v2/inventory/warehouses/{warehouse_id}/stock-movements/" + strings.Repeat("x", i),
			Check: c, Status: 500, Count: 1000 + i, Signature: classify.Signature{Text: "TypeError: boom"}}
		cs = append(cs, newCluster(0, "ci.log", 0, g))
	}
	for _, w := range []int{80, 100, 120} {
		l := newList(newTheme(discard{}, Plain))
		l.w, l.h = w, 20
		l = l.setData(cs)
		view := l.View()
		for i, line := range strings.Split(view, "\n")[1 : 1+len(cs)] {
			if width(line) > w {
				t.Errorf("%d columns: row %d is %d wide", w, i, width(line))
			}
			c := l.rows[i]
			if !strings.Contains(line, c.Op[:6]+"…") || !strings.Contains(line, c.Op[len(c.Op)-12:]) {
				t.Errorf("%d columns: the operation does not give way in its middle: %q", w, line)
			}
			if !strings.Contains(line, " "+c.Status+"  ") || !strings.Contains(line, "  "+c.Status) {
				t.Errorf("%d columns: no status: %q", w, line)
			}
			if !strings.Contains(line, fmt.Sprintf(" %d  ", c.G.Count)) {
				t.Errorf("%d columns: no count: %q", w, line)
			}
			shown := clipWords(c.Check, 1000)
			if !strings.Contains(line, shown) {
				cut := false
				for j := len(c.Check); j > 0; j-- {
					if (j == len(c.Check) || c.Check[j] == '_') && strings.Contains(line, "  "+c.Check[:j]+"…") {
						cut = true
						break
					}
				}
				if !cut {
					t.Errorf("%d columns: check %s cut inside a word: %q", w, c.Check, line)
				}
			}
		}
		if w == 80 && !strings.Contains(view, "not_a_server_error ") {
			t.Errorf("80 columns: not_a_server_error is not whole:\n%s", view)
		}
	}
}
