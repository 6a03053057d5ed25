package tui

import (
	"strings"

	"github.com/ctlog-dev/ctlog/classify"
)

// historyBadge is the detail view's line for what the history store says of a group: its badge and
// a sparkline of the runs it counts over, oldest first ("[history] intermittent (6 of 15) ▁█▁██▁…");
// "" when no store was read.
func historyBadge(t theme, g *classify.Group) string {
	if g.History == "" {
		return ""
	}
	s := t.render(t.badge, "[history]") + " " + clean(g.History)
	if len(g.Timeline) > 0 {
		s += "  " + sparkline(g.Timeline)
	}
	return s
}

// sparkline draws presence per run: █ in the run, ▁ not.
func sparkline(in []bool) string {
	var b strings.Builder
	for _, v := range in {
		if v {
			b.WriteString("█")
		} else {
			b.WriteString("▁")
		}
	}
	return b.String()
}
