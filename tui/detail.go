package tui

import (
	"fmt"
	"strconv"
	"strings"

	kb "github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/parser"
)

// Messages the detail pane sends to the root.
type (
	// openRawMsg asks for the raw log lines of a sample.
	openRawMsg struct {
		c      *Cluster
		sample int
	}
	// copyMsg asks to put text on the clipboard.
	copyMsg struct{ text, what string }
	// askPathMsg asks for a file path to write text to.
	askPathMsg struct{ text, what string }
	// statusMsg is a line for the status bar.
	statusMsg string
)

// maxBodyLines is how many lines of a body the detail pane shows.
const maxBodyLines = 12

// maxMemberLines is how many member line numbers the detail pane lists.
const maxMemberLines = 2000

// detail is the pane that shows one cluster: its samples, their reproduce commands, its members.
type detail struct {
	t      theme
	c      *Cluster
	multi  bool // several inputs: say which one the cluster is from
	sample int
	pg     page // scrolls the rendered document (bubbles/viewport)
	w, h   int

	lines    []string // the rendered document
	sampleAt []int    // the line each sample's heading is on
}

func newDetail(t theme) detail { return detail{t: t, pg: newPage(t)} }

// show opens c at its first sample, or keeps the place when c is the cluster already shown.
func (d detail) show(c *Cluster, multi bool) detail {
	same := d.c != nil && c != nil && d.c.ID() == c.ID()
	d.c, d.multi = c, multi
	if !same {
		d.sample = 0
		d.pg = d.pg.scrollTo(0)
	}
	if d.c != nil && d.c.G != nil {
		d.sample = min(d.sample, max(0, len(d.c.G.Samples)-1))
	}
	return d.render()
}

func (d detail) resize(w, h int) detail {
	d.w, d.h = w, h
	d.pg = d.pg.resize(w, h)
	return d.render()
}

func (d detail) Update(msg tea.Msg) (detail, tea.Cmd) {
	if d.c == nil {
		return d, nil
	}
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if d.c.G == nil {
			break // the group is on its way (dataset.ask): nothing to act on yet
		}
		switch {
		case isKey(msg, "n", "tab"):
			if len(d.c.G.Samples) > 0 {
				d.sample = (d.sample + 1) % len(d.c.G.Samples)
				d = d.render().toSample()
			}
		case isKey(msg, "p", "shift+tab"):
			if n := len(d.c.G.Samples); n > 0 {
				d.sample = (d.sample + n - 1) % n
				d = d.render().toSample()
			}
		case kb.Matches(msg, keyEdit):
			if d.sample < len(d.c.G.Samples) {
				src, line := d.c.Name, d.c.G.Samples[d.sample].Span.Line
				return d, func() tea.Msg { return editMsg{source: src, line: line} }
			}
			return d, func() tea.Msg { return statusMsg("this failure group kept no sample to open") }
		case isKey(msg, "r", "enter", "right", "l"):
			c, i := d.c, d.sample
			return d, func() tea.Msg { return openRawMsg{c: c, sample: i} }
		case isKey(msg, "c"), isKey(msg, "w"):
			text := d.curl()
			if text == "" {
				return d, func() tea.Msg { return statusMsg("this sample has no reproduce command") }
			}
			what := fmt.Sprintf("the curl command of sample %d", d.sample+1)
			if isKey(msg, "c") {
				return d, func() tea.Msg { return copyMsg{text: text, what: what} }
			}
			return d, func() tea.Msg { return askPathMsg{text: text, what: what} }
		}
	}
	// The rest scrolls: keys and the wheel.
	var cmd tea.Cmd
	d.pg, cmd = d.pg.Update(msg)
	return d, cmd
}

// curl is the current sample's reproduce command: its curl commands, or else every command.
func (d detail) curl() string {
	if d.c == nil || d.c.G == nil || d.sample >= len(d.c.G.Samples) {
		return ""
	}
	cmds := d.c.G.Samples[d.sample].Reproduce
	var curls []string
	for _, c := range cmds {
		if strings.HasPrefix(strings.TrimSpace(c), "curl ") {
			curls = append(curls, c)
		}
	}
	if len(curls) == 0 {
		curls = cmds
	}
	return strings.Join(curls, "\n")
}

// offset is the first line shown.
func (d detail) offset() int { return d.pg.offset() }

// toSample scrolls the current sample's heading to the top.
func (d detail) toSample() detail {
	if d.sample < len(d.sampleAt) {
		d.pg = d.pg.scrollTo(d.sampleAt[d.sample])
	}
	return d
}

func (d detail) View() string {
	if d.c == nil {
		return fitLines(nil, d.h)
	}
	return d.pg.View()
}

// render lays the cluster out for the current width.
func (d detail) render() detail {
	d.lines, d.sampleAt = nil, nil
	if d.c == nil || d.w <= 0 {
		return d
	}
	t, c, g, w := d.t, d.c, d.c.G, d.w
	if g == nil {
		// Loading: what the snapshot's row tells, until the group asked for comes.
		r := c.row
		g = &classify.Group{Operation: r.Operation, Check: r.Check, Title: r.Title, Status: r.Status, Reason: r.Reason,
			Count: r.Count, Flaky: r.Flaky, First: parser.Span{Line: r.Line}, Stateful: r.Stateful,
			Signature: classify.Signature{Text: r.Signature}}
	}
	add := func(s string) { d.lines = append(d.lines, s) }
	wrapped := func(indent, s string) {
		for _, l := range hardWrap(s, w-len(indent)) {
			add(indent + l)
		}
	}
	for _, l := range hardWrap(c.Op, w) {
		add(t.render(t.title, l))
	}
	what := c.Check
	if g.Title != "" && clean(g.Title) != c.Check {
		what += " · " + clean(g.Title)
	}
	if g.Status != 0 {
		what += " · " + strconv.Itoa(g.Status)
		if g.Reason != "" {
			what += " " + clean(g.Reason)
		}
	}
	wrapped("", what)
	if g.Signature.Text != "" {
		kind := g.Signature.Kind
		if kind == "" {
			kind = "cause"
		}
		wrapped("", "Signature ("+clean(kind)+"): "+c.Sig)
	}
	count := plural(g.Count, "test case") + fmt.Sprintf(" · first at line %d, last at line %d", g.First.Line, g.Last.Line)
	if g.Flaky > 0 {
		count += fmt.Sprintf(" · %d flaky", g.Flaky)
	}
	wrapped("", count)
	var badges []string
	if g.New != nil && *g.New {
		badges = append(badges, t.render(t.newBadge, "[new]")+" not in the baseline")
	}
	if h := historyBadge(t, g); h != "" {
		badges = append(badges, h) // history.go
	}
	for _, h := range g.Hook {
		badges = append(badges, t.render(t.badge, "[hook]")+" a hook should have fixed this: "+clean(h))
	}
	if g.Flaky > 0 {
		badges = append(badges, t.render(t.badge, "[flaky]")+" passed on a retry")
	}
	if g.Stateful {
		badges = append(badges, t.render(t.badge, "[stateful]")+" failed in a stateful test; the sample keeps the whole chain")
	}
	if len(g.Related) > 0 {
		badges = append(badges, "Also fails "+clean(strings.Join(g.Related, ", "))+" (same test cases)")
	}
	for _, b := range badges {
		add(clipStyled(b, w))
	}
	if d.multi {
		wrapped("", "From: "+clean(c.Name))
	}

	if c.G == nil {
		add("")
		add(t.render(t.dim, "Reading… its samples and members show in a moment."))
		d.pg = d.pg.setLines(d.lines)
		return d
	}
	for i, s := range g.Samples {
		add("")
		d.sampleAt = append(d.sampleAt, len(d.lines))
		d.sampleLines(i, s)
	}
	if len(g.Samples) == 0 {
		add("")
		add(t.render(t.dim, "No sample kept."))
	}

	add("")
	head := fmt.Sprintf("Members: %s", plural(g.Count, "test case"))
	if len(g.Lines) < g.Count {
		head += fmt.Sprintf(" (line numbers of the first %s)", thousands(len(g.Lines)))
	}
	add(d.rule(head, w))
	nums := make([]string, 0, min(len(g.Lines), maxMemberLines))
	for i, l := range g.Lines {
		if i == maxMemberLines {
			nums = append(nums, fmt.Sprintf("… %s more", thousands(len(g.Lines)-maxMemberLines)))
			break
		}
		nums = append(nums, "line "+strconv.Itoa(l))
	}
	wrapped("  ", strings.Join(nums, ", "))
	d.pg = d.pg.setLines(d.lines)
	return d
}

// rule is a heading line of w cells: ── text ─────
func (d detail) rule(text string, w int) string {
	s := "── " + text + " "
	if n := w - width(s); n > 0 {
		s += strings.Repeat("─", n)
	}
	return d.t.render(d.t.head, clip(s, w))
}

func (d *detail) sampleLines(i int, s classify.Sample) {
	t, w := d.t, d.w
	add := func(l string) { d.lines = append(d.lines, l) }
	wrapped := func(indent, text string) {
		for _, l := range hardWrap(text, w-len(indent)) {
			add(indent + l)
		}
	}
	head := fmt.Sprintf("Sample %d of %d", i+1, len(d.c.G.Samples))
	if s.TestCaseID != "" {
		head += " · test case " + clean(s.TestCaseID)
	}
	head += fmt.Sprintf(" · lines %d–%d", s.Span.Line, s.Span.EndLine)
	if s.Flaky {
		head += " · flaky"
	}
	marker := "  "
	if i == d.sample {
		marker = "› "
	}
	rule := d.rule(head, w-width(marker))
	if i == d.sample && t.mode != Plain {
		rule = t.render(t.sel, ansiStrip(rule))
	}
	add(marker + rule)

	if s.Message != "" {
		add(t.render(t.dim, "Message"))
		msg := cleanLines(strings.TrimSpace(s.Message))
		for j, l := range msg {
			if j == maxBodyLines {
				add("  " + t.render(t.dim, fmt.Sprintf("… %d more lines", len(msg)-maxBodyLines)))
				break
			}
			wrapped("  ", l)
		}
	}
	if s.Status != 0 {
		add(t.render(t.dim, "Status ") + strconv.Itoa(s.Status))
	}
	if s.Body != "" || s.BodyKind != "" {
		label := "Body"
		var notes []string
		if s.BodyKind != "" {
			notes = append(notes, s.BodyKind)
		}
		if s.BodyCut {
			notes = append(notes, "cut")
		}
		if len(notes) > 0 {
			label += " (" + strings.Join(notes, ", ") + ")"
		}
		add(t.render(t.dim, label))
		var vis []string
		body := cleanLines(strings.TrimRight(s.Body, "\n"))
		for _, l := range body {
			vis = append(vis, hardWrap(l, w-2)...)
		}
		for j, l := range vis {
			if j == maxBodyLines {
				add("  " + t.render(t.dim, fmt.Sprintf("… %d more lines (r shows the raw log)", len(vis)-maxBodyLines)))
				break
			}
			add("  " + l)
		}
	}
	if len(s.Reproduce) > 0 {
		add(t.render(t.dim, "Reproduce ("+plural(len(s.Reproduce), "command")+"; c copies the curl, w writes it to a file)"))
		for _, cmd := range s.Reproduce {
			for _, l := range cleanLines(cmd) {
				wrapped("  ", l)
			}
		}
	}
	if s.Traffic != nil {
		add(t.render(t.dim, "Recorded exchange (HAR)"))
		wrapped("  ", fmt.Sprintf("%s %s → %d", clean(s.Traffic.Method), clean(s.Traffic.URI), s.Traffic.Status))
	}
}
