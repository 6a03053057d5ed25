package tui

import (
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/parser"
)

// tickMsg animates the progress indicator while loading.
type tickMsg time.Time

func tick() tea.Cmd {
	return tea.Tick(120*time.Millisecond, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// header is the summary above the cluster list: what was read, the totals, the integrity result and
// the hooks diagnosis; while loading, a progress indicator.
type header struct {
	t     theme
	d     *dataset
	w     int
	frame int
}

// headerLines is the header's height.
const headerLines = 4

func (h header) Update(msg tea.Msg) (header, tea.Cmd) {
	if _, ok := msg.(tickMsg); ok && h.d.loading {
		h.frame++
		return h, tick()
	}
	return h, nil
}

var spinner = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

func (h header) View() string {
	t, d := h.t, h.d
	runs := d.runs()
	lines := make([]string, 0, headerLines)

	// 1: what was read.
	var names []string
	for _, in := range d.inputs {
		names = append(names, clean(in.name))
	}
	what := strings.Join(names, " + ")
	if len(runs) == 1 {
		what += " — " + runLabel(runs[0])
	} else if len(runs) > 1 {
		what += fmt.Sprintf(" — %d runs", len(runs))
	}
	result := ""
	if len(runs) == 1 && runs[0].Summary.End != nil {
		result = clean(runs[0].Summary.End.Text)
	}
	lines = append(lines, h.twoSides(t.render(t.title, clip(what, h.w-width(result)-2)), result))

	// 2: totals.
	var tt classify.Totals
	for _, r := range runs {
		tt.TestCases += r.Totals.TestCases
		tt.FailedOperations += r.Totals.FailedOperations
		tt.FlakyOperations += r.Totals.FlakyOperations
		tt.Errors += r.Totals.Errors
		tt.Warnings += r.Totals.Warnings
	}
	totals := fmt.Sprintf("%s in %s · %s · %d flaky · %s · %s",
		plural(tt.TestCases, "failing test case"), plural(tt.FailedOperations, "operation"),
		plural(len(d.clusters), "failure group"), tt.FlakyOperations, plural(tt.Errors, "error"), plural(tt.Warnings, "warning"))
	lines = append(lines, clip(totals, h.w))

	// 3: progress, or the integrity result.
	lines = append(lines, h.integrityLine(runs))

	// 4: hooks.
	lines = append(lines, h.hooksLine(runs))
	return strings.Join(lines, "\n")
}

func (h header) twoSides(left, right string) string {
	gap := h.w - width(stripped(h.t, left)) - width(right)
	if right == "" || gap < 2 {
		return left
	}
	return left + strings.Repeat(" ", gap) + right
}

// stripped is s without the theme's styling, for measuring.
func stripped(t theme, s string) string {
	if t.mode == Plain {
		return s
	}
	return ansiStrip(s)
}

func runLabel(r *classify.Run) string {
	var parts []string
	switch r.Format {
	case parser.FormatSchemathesis3:
		parts = append(parts, "Schemathesis 3.x")
	case parser.FormatSchemathesis4:
		parts = append(parts, "Schemathesis 4.x")
	default:
		parts = append(parts, string(r.Format))
	}
	if r.Version != "" && r.Version != "dev" {
		parts[0] += " " + clean(r.Version)
	}
	if r.Settings.Operations >= 0 {
		parts = append(parts, plural(r.Settings.Operations, "operation"))
	}
	return strings.Join(parts, " · ")
}

func (h header) integrityLine(runs []*classify.Run) string {
	t, d := h.t, h.d
	if d.err != nil {
		return t.render(t.bad, clip("Error: "+clean(d.err.Error()), h.w))
	}
	if d.loading {
		var read, size int64
		lines := 0
		name := ""
		for _, in := range d.inputs {
			if in.done {
				continue
			}
			read, size, lines, name = in.read, in.size, in.lines, in.current
			break
		}
		s := spinner[h.frame%len(spinner)] + " Reading"
		if name != "" && len(d.inputs) > 1 {
			s += " " + clean(name)
		}
		if size > 0 {
			pct := min(100, int(100*read/size))
			barW := 20
			fill := barW * pct / 100
			s += fmt.Sprintf(" %3d%% %s%s %s of %s", pct, strings.Repeat("█", fill), strings.Repeat("░", barW-fill),
				byteSize(read), byteSize(size))
		} else if read > 0 {
			s += " " + byteSize(read)
		}
		if lines > 0 {
			s += " · " + thousands(lines) + " lines"
		}
		s += " — integrity and hooks when done"
		return t.render(t.warn, clip(s, h.w))
	}
	for _, in := range d.inputs {
		for _, s := range in.sources {
			if s.in != nil && s.in.Error != "" {
				return t.render(t.bad, clip("Error: "+clean(s.in.Error), h.w))
			}
		}
	}
	if len(runs) == 0 {
		return t.render(t.dim, "Integrity: no run")
	}
	var bad []string
	var status classify.RunStatus
	for i, r := range runs {
		in := &r.Integrity
		for _, c := range in.Problems() {
			p := c.Name + ": " + c.Detail
			if len(runs) > 1 {
				p = fmt.Sprintf("run %d %s", i+1, p)
			}
			bad = append(bad, p)
		}
		if !in.OK && status == "" {
			status = in.Status
		}
	}
	switch {
	case len(bad) > 0:
		return t.render(t.bad, clip(fmt.Sprintf("Integrity: %s — %s: %s", status, plural(len(bad), "problem"), clean(strings.Join(bad, "; "))), h.w))
	case status != "":
		return t.render(t.warn, clip("Integrity: "+string(status)+" — counts cover the part of the run that was printed", h.w))
	}
	return t.render(t.good, clip("Integrity: ok — the counts agree with what Schemathesis printed", h.w))
}

func (h header) hooksLine(runs []*classify.Run) string {
	t, d := h.t, h.d
	if d.loading {
		return t.render(t.dim, "Hooks: …")
	}
	for _, r := range runs {
		if r.Hooks == nil {
			continue
		}
		// The paragraph says the verdict in words; its colour says how bad it is.
		st := t.warn
		switch r.Hooks.Verdict {
		case classify.HooksNotLoaded, classify.HooksNotEffective, classify.HooksImportFailed:
			st = t.bad
		case classify.HooksWorking:
			st = t.good
		}
		return styledPrefix(t, st, "Hooks:", " "+clean(r.Hooks.Paragraph), h.w)
	}
	return t.render(t.dim, clip("Hooks: no hook rules (.ctlog.yaml) — see docs/hook-rules.md", h.w))
}

// styledPrefix clips head+rest to w cells and styles what is left of head.
func styledPrefix(t theme, st lipgloss.Style, head, rest string, w int) string {
	full := clip(head+rest, w)
	if len(full) <= len(head) {
		return t.render(st, full)
	}
	return t.render(st, head) + full[len(head):]
}
