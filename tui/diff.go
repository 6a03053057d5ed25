package tui

import (
	"fmt"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ctlog-dev/ctlog/classify"
)

// diffData is what changed from the first input's first run to the second's (classify.Compare).
type diffData struct {
	nameA, nameB string
	d            classify.Diff
}

// newDiffData compares the first run of each of two inputs; nil unless there are exactly two
// inputs, loaded, each with a run.
func newDiffData(d *dataset) *diffData {
	if d.loading || len(d.inputs) != 2 {
		return nil
	}
	ra, rb := d.inputs[0].runs(), d.inputs[1].runs()
	if len(ra) == 0 || len(rb) == 0 {
		return nil
	}
	return &diffData{nameA: d.inputs[0].name, nameB: d.inputs[1].name, d: classify.Compare(ra[0], rb[0])}
}

// diffRow is one cluster of the diff, with the cluster to open for it.
type diffRow struct {
	cd classify.ClusterDiff
	c  *Cluster
}

// diffView shows the settings that differ and the clusters new, gone and changed.
type diffView struct {
	t        theme
	dd       *diffData
	all      []diffRow
	rows     []diffRow
	showSame bool
	cursor   int
	offset   int
	w, h     int
}

func newDiffView(t theme) diffView { return diffView{t: t} }

// setData takes the comparison and the clusters to open rows with.
func (v diffView) setData(dd *diffData, cs []*Cluster) diffView {
	v.dd = dd
	v.all = nil
	if dd == nil {
		v.rows = nil
		return v
	}
	for _, cd := range dd.d.Clusters {
		side := 1
		if cd.Change == "gone" {
			side = 0
		}
		var found *Cluster
		for _, c := range cs {
			g := c.G
			if c.Input == side && g.Operation == cd.Operation && g.Title == cd.Title && g.Status == cd.Status &&
				g.Signature.Text == cd.Signature && c.RunN == 0 {
				found = c
				break
			}
		}
		v.all = append(v.all, diffRow{cd: cd, c: found})
	}
	return v.filter()
}

func (v diffView) filter() diffView {
	v.rows = v.rows[:0:0]
	for _, r := range v.all {
		if r.cd.Change != "same" || v.showSame {
			v.rows = append(v.rows, r)
		}
	}
	return v.clamp()
}

// settingsLines is how many lines the settings part takes.
func (v diffView) settingsLines() []string {
	t := v.t
	d := v.dd.d
	var out []string
	out = append(out, t.render(t.title, clip("A: "+clean(v.dd.nameA), v.w)))
	out = append(out, t.render(t.title, clip("B: "+clean(v.dd.nameB), v.w)))
	if len(d.Settings) == 0 {
		out = append(out, "Settings: the same as far as the logs show")
	} else {
		out = append(out, t.render(t.head, "Settings that differ"))
		room := max(2, v.h/3)
		nameW := 0
		for _, s := range d.Settings {
			nameW = max(nameW, len(s.Name))
		}
		show := func(s string) string {
			if s == "" {
				return "(not shown)"
			}
			return clean(s)
		}
		for i, s := range d.Settings {
			if i == room {
				out = append(out, t.render(t.dim, fmt.Sprintf("  … %d more (ctlog diff A B lists them all)", len(d.Settings)-room)))
				break
			}
			out = append(out, clip(fmt.Sprintf("  %-*s  %s → %s", nameW, s.Name, show(s.A), show(s.B)), v.w))
		}
	}
	same := "a shows them"
	if v.showSame {
		same = "a hides them"
	}
	chance := ""
	if d.PossiblyChance > 0 {
		chance = fmt.Sprintf(", %d possibly chance (NEW?/GONE?)", d.PossiblyChance)
	}
	out = append(out, t.render(t.head, clip(fmt.Sprintf("Failure groups: %d new, %d gone, %d changed, %d the same%s (%s)", d.New, d.Gone, d.Changed, d.Same, chance, same), v.w)))
	return out
}

func (v diffView) bodyH() int {
	if v.dd == nil {
		return v.h
	}
	return max(1, v.h-len(v.settingsLines()))
}

func (v diffView) clamp() diffView {
	v.cursor, v.offset = clampCursor(v.cursor, v.offset, len(v.rows), v.bodyH())
	return v
}

func (v diffView) Update(msg tea.Msg) (diffView, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.MouseMsg:
		v.cursor += wheel(msg)
	case tea.KeyMsg:
		switch {
		case isMove(msg):
			v.cursor, _ = moveCursor(msg, v.cursor, len(v.rows), v.bodyH())
		case isKey(msg, "a"):
			v.showSame = !v.showSame
			return v.filter(), nil
		case isKey(msg, keyOpen...):
			if v.cursor < len(v.rows) {
				if c := v.rows[v.cursor].c; c != nil {
					return v.clamp(), func() tea.Msg { return openClusterMsg{c} }
				}
				return v.clamp(), func() tea.Msg { return statusMsg("that failure group has no detail to show") }
			}
		}
	}
	return v.clamp(), nil
}

func (v diffView) View() string {
	t := v.t
	if v.dd == nil {
		return fitLines([]string{"", "  " + t.render(t.dim, "The diff needs two inputs with a run each; it is ready when both are read.")}, v.h)
	}
	out := v.settingsLines()
	if len(v.rows) == 0 {
		out = append(out, "", "  "+t.render(t.dim, "No failure group is new, gone or changed."))
		return fitLines(out, v.h)
	}
	end := min(len(v.rows), v.offset+v.bodyH())
	for i := v.offset; i < end; i++ {
		r := v.rows[i].cd
		status := "-"
		if r.Status != 0 {
			status = strconv.Itoa(r.Status)
		}
		marker := "  "
		if i == v.cursor {
			marker = "› "
		}
		change := strings.ToUpper(r.Change)
		note := clean(r.Signature)
		switch {
		case r.Chance != "":
			change += "?" // new or gone, but possibly chance
			note = "possibly chance: " + clean(r.Chance) + "  " + note
		case len(r.Hook) > 0:
			note = "[hook: " + clean(strings.Join(r.Hook, ", ")) + "]  " + note
		}
		segs := []segment{{text: marker}}
		st := ""
		switch r.Change {
		case "new":
			st = "new"
		case "gone", "changed":
			st = "flaky" // drawn with the badge style
		}
		segs = append(segs, segment{text: pad(change, 8), badge: st},
			segment{text: padLeft(fmt.Sprintf("%d → %d", r.A, r.B), 13) + "  " + pad(clipOp(clean(r.Operation), 36), 36) + "  " +
				pad(clean(r.CheckLabel()), 24) + "  " + padLeft(status, 3) + "  " + note})
		out = append(out, clipStyled(t.segments(segs, i == v.cursor, v.w), v.w))
	}
	return fitLines(out, v.h)
}

// clipOp clips an operation in the middle: its method and the end of its path stay.
func clipOp(op string, w int) string {
	s, _ := clipMap(op, w, true)
	return s
}
