package report

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/sanitize"
	"github.com/ctlog-dev/ctlog/internal/summary"
	"github.com/ctlog-dev/ctlog/parser"
)

// TextOptions control the terminal report.
type TextOptions struct {
	Color     bool // style with colours and bold; false gives plain text
	MaxGroups int  // groups listed per run before "N more" (0 = all)
}

type theme struct {
	title, dim, bad, good, warn, head lipgloss.Style
}

func newTheme(w io.Writer, color bool) theme {
	if !color {
		return theme{}
	}
	// The caller decided colour is wanted (a terminal, or --color always): don't let the renderer
	// second-guess it from the writer.
	r := lipgloss.NewRenderer(w)
	r.SetColorProfile(termenv.ANSI)
	return theme{
		title: r.NewStyle().Bold(true),
		dim:   r.NewStyle().Faint(true),
		bad:   r.NewStyle().Foreground(lipgloss.Color("1")).Bold(true),
		good:  r.NewStyle().Foreground(lipgloss.Color("2")),
		warn:  r.NewStyle().Foreground(lipgloss.Color("3")),
		head:  r.NewStyle().Bold(true).Underline(true),
	}
}

// WriteText writes the terminal report for doc.
func WriteText(w io.Writer, doc *summary.Document, opts TextOptions) error {
	th := newTheme(w, opts.Color)
	var b strings.Builder
	for i, in := range doc.Inputs {
		if i > 0 {
			b.WriteString("\n")
		}
		writeInput(&b, th, &in, opts)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeInput(b *strings.Builder, th theme, in *summary.Input, opts TextOptions) {
	if in.Skipped != "" && in.Error == "" {
		fmt.Fprintf(b, "%s %s\n", th.dim.Render(sanitize.Line(in.Name)), th.dim.Render("(skipped: "+in.Skipped+")"))
		return
	}
	if in.Encoding == "" && in.Error != "" {
		fmt.Fprintf(b, "%s\n  %s %s\n", th.title.Render(sanitize.Line(in.Name)), th.bad.Render("error:"), sanitize.Line(in.Error))
		return
	}
	desc := fmt.Sprintf("%d lines, %s", in.Lines, in.Encoding)
	if in.Format != "" && in.Format != parser.FormatText {
		desc = string(in.Format) + ", " + desc
	}
	if in.Wrapping != "" {
		desc += ", " + string(in.Wrapping)
	}
	fmt.Fprintf(b, "%s %s\n", th.title.Render(sanitize.Line(in.Name)), th.dim.Render("("+desc+")"))
	for _, n := range in.Notes {
		fmt.Fprintf(b, "  %s %s\n", th.warn.Render("note:"), sanitize.Line(n))
	}
	if in.Error != "" {
		fmt.Fprintf(b, "  %s %s\n", th.bad.Render("error:"), sanitize.Line(in.Error))
		return
	}
	for i, r := range in.Runs {
		if len(in.Runs) > 1 {
			fmt.Fprintf(b, "\n%s\n", th.title.Render(fmt.Sprintf("Run %d of %d (line %d)", i+1, len(in.Runs), r.Span.Line)))
		}
		writeRun(b, th, r, opts)
	}
}

// textRun renders the sections of one run as the terminal report.
type textRun struct {
	b    *strings.Builder
	th   theme
	opts TextOptions
}

// textSections render each section as text.
var textSections = [numSections]func(textRun, *classify.Run){
	secStopped:     textRun.stopped,
	secSettings:    textRun.settings,
	secResult:      textRun.result,
	secCrash:       textRun.crash,
	secIntegrity:   textRun.integrity,
	secHooks:       textRun.hooks,
	secGroups:      textRun.groups,
	secCauses:      textRun.causes,
	secErrors:      textRun.errors,
	secDiagnostics: textRun.diagnostics,
}

func writeRun(b *strings.Builder, th theme, r *classify.Run, opts TextOptions) {
	w := textRun{b, th, opts}
	for _, s := range sectionsOf(r) {
		textSections[s](w, r)
	}
}

func (w textRun) stopped(r *classify.Run) {
	if r.Fatal == nil {
		return
	}
	fmt.Fprintf(w.b, "  %s Schemathesis stopped before the run started (line %d): %s\n", w.th.bad.Render("✗"),
		r.Fatal.Line, sanitize.Line(r.Fatal.Title))
	writeIndented(w.b, w.th, stoppedMessage(r.Fatal.Message))
}

func (w textRun) settings(r *classify.Run) {
	fmt.Fprintf(w.b, "  %s\n", runWhat(r))
	if s := r.Settings.SchemaLocation; s != "" {
		fmt.Fprintf(w.b, "  %s %s\n", w.th.dim.Render("Schema:  "), sanitize.Line(s))
	}
	if s := r.Settings.BaseURL; s != "" {
		fmt.Fprintf(w.b, "  %s %s\n", w.th.dim.Render("Base URL:"), sanitize.Line(s))
	}
}

func (w textRun) result(r *classify.Run) {
	res := sanitize.Line(resultText(r))
	switch {
	case r.Format == parser.FormatCassette || r.Format == parser.FormatHAR || r.Summary.End != nil && r.Summary.End.Empty:
	case resultFailed(r):
		res = w.th.bad.Render(res)
	default:
		res = w.th.good.Render(res)
	}
	fmt.Fprintf(w.b, "  Result:   %s\n", res)
	if r.Interrupted {
		fmt.Fprintf(w.b, "  %s %s\n", w.th.warn.Render("!"), interruptedNote(r))
	}
	fmt.Fprintf(w.b, "  Found:    %s\n", totalsText(r))
	for _, n := range runNotes(r) {
		fmt.Fprintf(w.b, "  %-9s %s\n", n.label+":", sanitize.Line(n.text))
	}
}

func (w textRun) crash(r *classify.Run) {
	if r.Fatal == nil {
		return
	}
	fmt.Fprintf(w.b, "  %s Schemathesis crashed at line %d: %s\n", w.th.bad.Render("✗"), r.Fatal.Line, sanitize.Line(r.Fatal.Title))
	writeIndented(w.b, w.th, exceptionLine(r.Fatal.Message))
}

func (w textRun) integrity(r *classify.Run) {
	b, th, in := w.b, w.th, &r.Integrity
	problems := in.Problems()
	switch {
	case in.OK:
		fmt.Fprintf(b, "  Integrity: %s\n", th.good.Render("ok — the counts agree with what Schemathesis printed"))
	case len(problems) == 0:
		fmt.Fprintf(b, "  Integrity: %s\n", th.warn.Render(string(in.Status)+" — "+partialText))
	default:
		fmt.Fprintf(b, "  Integrity: %s\n", th.bad.Render(fmt.Sprintf("%s — %s:", in.Status, plural(len(problems), "problem"))))
		for _, c := range problems {
			fmt.Fprintf(b, "    - %s\n", sanitize.Line(c.Name+": "+c.Detail))
		}
	}
}

func (w textRun) hooks(r *classify.Run) {
	if r.Hooks != nil {
		fmt.Fprintf(w.b, "  Hooks:    %s\n", wrap(sanitize.Line(r.Hooks.Paragraph), 96, "            "))
	}
}

func (w textRun) groups(r *classify.Run) {
	gs := r.Groups
	if len(gs) == 0 {
		return
	}
	b, th := w.b, w.th
	b.WriteString("\n")
	opW, checkW := len("OPERATION"), len("CHECK")
	shown := gs
	if limit := w.opts.MaxGroups; limit > 0 && len(shown) > limit {
		shown = shown[:limit]
	}
	for _, g := range shown {
		opW = max(opW, min(len(g.Operation), 60))
		checkW = max(checkW, min(len(g.CheckLabel()), 40))
	}
	header := fmt.Sprintf("  %6s  %-*s  %-*s  %6s  %s", "COUNT", opW, "OPERATION", checkW, "CHECK", "STATUS", "FIRST LINE")
	fmt.Fprintln(b, th.head.Render(header))
	for _, g := range shown {
		status := "-"
		if g.Status != 0 {
			status = strconv.Itoa(g.Status)
		}
		var badges []string
		if g.New != nil && *g.New {
			badges = append(badges, th.bad.Render("new"))
		}
		if g.History != "" {
			badges = append(badges, th.warn.Render(sanitize.Line(g.History)))
		}
		for _, h := range g.Hook {
			badges = append(badges, th.warn.Render("hook should have fixed: "+sanitize.Line(h)))
		}
		if g.Flaky > 0 {
			badges = append(badges, th.warn.Render("flaky"))
		}
		if g.Stateful {
			badges = append(badges, th.warn.Render("stateful"))
		}
		extra := ""
		if len(badges) > 0 {
			extra = "  " + strings.Join(badges, " ")
		}
		fmt.Fprintf(b, "  %6d  %-*s  %-*s  %6s  %d%s\n", g.Count, opW, sanitize.Line(g.Operation), checkW,
			sanitize.Line(g.CheckLabel()), status, g.First.Line, extra)
		if g.Signature.Text != "" && g.Signature.Kind != classify.SigStatus {
			fmt.Fprintf(b, "  %6s  %s\n", "", th.dim.Render("↳ "+sanitize.Line(clip(g.Signature.Text, 110))))
		}
		if g.Signature.Trigger != "" {
			fmt.Fprintf(b, "  %6s  %s\n", "", th.dim.Render("↳ "+sanitize.Line(clip(g.Signature.Trigger, 110))))
		}
		if len(g.Related) > 0 {
			fmt.Fprintf(b, "  %6s  %s\n", "", th.dim.Render("↳ also fails "+sanitize.Line(strings.Join(g.Related, ", "))))
		}
	}
	if len(shown) < len(gs) {
		rest := 0
		for _, g := range gs[len(shown):] {
			rest += g.Count
		}
		fmt.Fprintf(b, "  %s\n", th.dim.Render(fmt.Sprintf("… %d more groups (%s); --max-groups 0 lists them all",
			len(gs)-len(shown), plural(rest, "test case"))))
	}
}

func (w textRun) causes(r *classify.Run) {
	if len(r.Causes) == 0 {
		return
	}
	fmt.Fprintf(w.b, "\n  %s\n", w.th.head.Render("Causes shared by several operations"))
	for i, c := range r.Causes {
		if i == maxCauses {
			fmt.Fprintf(w.b, "  %s\n", w.th.dim.Render(fmt.Sprintf("… %d more (see -o json)", len(r.Causes)-maxCauses)))
			break
		}
		fmt.Fprintf(w.b, "  %6d  %s in %s: %s\n", c.TestCases, sanitize.Line(c.Check), plural(len(c.Operations), "operation"),
			sanitize.Line(clip(c.Signature.Text, 90)))
	}
}

func (w textRun) errors(r *classify.Run) {
	if len(r.Errors) == 0 {
		return
	}
	fmt.Fprintf(w.b, "\n  %s\n", w.th.head.Render("Errors"))
	for _, e := range r.Errors {
		fmt.Fprintf(w.b, "  %s  %s: %s %s\n", w.th.bad.Render("E"), sanitize.Line(e.Operation), sanitize.Line(e.Title),
			w.th.dim.Render(fmt.Sprintf("(line %d)", e.Line)))
		if msg := firstLine(e.Message); msg != "" {
			writeIndented(w.b, w.th, msg)
		}
	}
}

func (w textRun) diagnostics(r *classify.Run) {
	warn := warnings(r)
	if len(warn) == 0 {
		return
	}
	fmt.Fprintf(w.b, "\n  %s\n", w.th.warn.Render(fmt.Sprintf("ctlog did not understand %s:", plural(len(warn), "line"))))
	for n, i := range warn {
		if n == maxDiagnostics {
			fmt.Fprintf(w.b, "    … %d more (see -o json)\n", len(warn)-maxDiagnostics)
			break
		}
		d := r.Diagnostics[i]
		fmt.Fprintf(w.b, "    line %d: %s\n", d.Line, sanitize.Line(d.Message))
	}
}

func writeIndented(b *strings.Builder, th theme, text string) {
	for l := range strings.SplitSeq(text, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		fmt.Fprintf(b, "      %s\n", th.dim.Render(sanitize.Line(clip(strings.TrimRight(l, " "), 160))))
	}
}

func plural(n int, word string) string {
	if n == 1 || strings.HasSuffix(word, "flaky") {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return l
}

// exceptionLine picks the line that names the exception in a traceback, or the message's first line.
func exceptionLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	// The exception is the first unindented line after the last traceback's frames.
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.HasPrefix(lines[i], "Traceback (most recent call last)") {
			for _, l := range lines[i+1:] {
				if l != "" && l[0] != ' ' {
					return l
				}
			}
			break
		}
	}
	for i := len(lines) - 1; i >= 0; i-- {
		if exceptionRe.MatchString(lines[i]) {
			return lines[i]
		}
	}
	return firstLine(s)
}

var exceptionRe = regexp.MustCompile(`^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit|Warning)(: |$)`)

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// wrap breaks text into lines of at most width characters, indenting the continuation lines.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	col := 0
	for i, w := range strings.Fields(text) {
		n := len([]rune(w))
		if i > 0 {
			if col+1+n > width {
				b.WriteString("\n" + indent)
				col = 0
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(w)
		col += n
	}
	return b.String()
}
