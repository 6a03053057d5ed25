package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/sanitize"
	"github.com/ctlog-dev/ctlog/internal/summary"
)

// StepSummaryLimit is GitHub's limit on one step's job summary.
const StepSummaryLimit = 1 << 20

// MarkdownOptions control the Markdown report.
type MarkdownOptions struct {
	Limit int // largest output in bytes (default StepSummaryLimit, less a margin)
}

// WriteMarkdown writes the report for $GITHUB_STEP_SUMMARY. It stays under the limit by degrading in
// a stated order — the samples go first, then the smallest groups are folded into "N more" — and
// says what it left out. Every piece of log text is escaped: a response body cannot inject HTML or
// Markdown.
func WriteMarkdown(w io.Writer, doc *summary.Document, opts MarkdownOptions) error {
	limit := opts.Limit
	if limit <= 0 {
		limit = StepSummaryLimit - 4<<10
	}
	// The full report; then samples for fewer and fewer groups (the biggest keep theirs); then
	// the smallest groups folded into a count.
	out := renderMarkdown(doc, mdLevel{samples: -1})
	if len(out) <= limit {
		return writeString(w, out)
	}
	if out = renderMarkdown(doc, mdLevel{samples: 0}); len(out) <= limit {
		lo, hi := 0, maxGroupsIn(doc) // samples for lo groups fit; for hi they do not
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			if len(renderMarkdown(doc, mdLevel{samples: mid})) <= limit {
				lo = mid
			} else {
				hi = mid
			}
		}
		return writeString(w, renderMarkdown(doc, mdLevel{samples: lo}))
	}
	groups := maxGroupsIn(doc)
	for groups > 1 {
		groups /= 2
		if out = renderMarkdown(doc, mdLevel{maxGroups: groups}); len(out) <= limit {
			break
		}
	}
	if len(out) > limit {
		out = out[:limit-200] + "\n\n**ctlog cut this summary at GitHub's size limit; see the job log or `-o json` for the rest.**\n"
	}
	return writeString(w, out)
}

func writeString(w io.Writer, s string) error {
	_, err := io.WriteString(w, s)
	return err
}

type mdLevel struct {
	samples   int // groups that show a sample, the biggest first; -1 = all
	maxGroups int // groups listed; 0 = all
}

func maxGroupsIn(doc *summary.Document) int {
	n := 0
	for _, in := range doc.Inputs {
		for _, r := range in.Runs {
			n = max(n, len(r.Groups))
		}
	}
	return n
}

func renderMarkdown(doc *summary.Document, lvl mdLevel) string {
	var b strings.Builder
	b.WriteString("## ctlog: Schemathesis summary\n\n")
	if lvl.samples >= 0 {
		if lvl.samples == 0 {
			b.WriteString("> Samples were left out to fit GitHub's 1 MiB step-summary limit")
		} else {
			fmt.Fprintf(&b, "> Samples were left out for all but the %d biggest failure groups, to fit GitHub's 1 MiB step-summary limit", lvl.samples)
		}
		if lvl.maxGroups > 0 {
			b.WriteString(", and the smallest failure groups were folded into a count")
		}
		b.WriteString("; `ctlog summarize -o json` has everything.\n\n")
	}
	for _, in := range doc.Inputs {
		writeMarkdownInput(&b, &in, lvl)
	}
	return b.String()
}

func writeMarkdownInput(b *strings.Builder, in *summary.Input, lvl mdLevel) {
	if in.Skipped != "" && in.Error == "" {
		fmt.Fprintf(b, "- %s: skipped (%s)\n\n", mdInline(in.Name), mdText(in.Skipped))
		return
	}
	fmt.Fprintf(b, "### %s\n\n", mdText(in.Name))
	if in.Error != "" {
		fmt.Fprintf(b, "**Error:** %s\n\n", mdText(in.Error))
		return
	}
	for _, r := range in.Runs {
		writeMarkdownRun(b, r, lvl)
	}
}

// mdRun renders the sections of one run as Markdown.
type mdRun struct {
	b   *strings.Builder
	lvl mdLevel
}

// markdownSections render each section as Markdown.
var markdownSections = [numSections]func(mdRun, *classify.Run){
	secStopped:     mdRun.stopped,
	secSettings:    mdRun.settings,
	secResult:      mdRun.result,
	secCrash:       mdRun.crash,
	secIntegrity:   mdRun.integrity,
	secHooks:       mdRun.hooks,
	secGroups:      mdRun.groups,
	secCauses:      mdRun.causes,
	secErrors:      mdRun.errors,
	secDiagnostics: mdRun.diagnostics,
}

func writeMarkdownRun(b *strings.Builder, r *classify.Run, lvl mdLevel) {
	w := mdRun{b, lvl}
	for _, s := range sectionsOf(r) {
		markdownSections[s](w, r)
	}
}

func (w mdRun) stopped(r *classify.Run) {
	if r.Fatal == nil {
		return
	}
	fmt.Fprintf(w.b, ":x: Schemathesis stopped before the run started (line %d): **%s**\n\n", r.Fatal.Line, mdText(r.Fatal.Title))
	if msg := stoppedMessage(r.Fatal.Message); msg != "" {
		w.b.WriteString(mdFence(msg, ""))
	}
}

func (w mdRun) settings(r *classify.Run) {
	w.b.WriteString(mdText(runWhat(r)))
	if s := r.Settings.SchemaLocation; s != "" {
		fmt.Fprintf(w.b, " · schema %s", mdInline(s))
	}
	if s := r.Settings.BaseURL; s != "" {
		fmt.Fprintf(w.b, " · base URL %s", mdInline(s))
	}
	w.b.WriteString("\n\n")
}

func (w mdRun) result(r *classify.Run) {
	icon := ":white_check_mark:"
	if len(r.Groups) > 0 || r.Totals.Errors > 0 || r.Fatal != nil || !r.Integrity.OK {
		icon = ":x:"
	}
	fmt.Fprintf(w.b, "%s **%s** — %s\n\n", icon, mdText(resultText(r)), mdText(totalsText(r)))
	if r.Interrupted {
		fmt.Fprintf(w.b, ":warning: %s\n\n", mdText(interruptedNote(r)))
	}
	for _, n := range runNotes(r) {
		fmt.Fprintf(w.b, "- **%s**: %s\n", n.label, mdText(n.text))
	}
	if len(runNotes(r)) > 0 {
		w.b.WriteString("\n")
	}
}

func (w mdRun) crash(r *classify.Run) {
	if r.Fatal != nil {
		fmt.Fprintf(w.b, "**Schemathesis crashed** at line %d: %s\n\n", r.Fatal.Line, mdText(exceptionLine(r.Fatal.Message)))
	}
}

func (w mdRun) integrity(r *classify.Run) {
	if r.Integrity.OK {
		return
	}
	var bad []string
	for _, c := range r.Integrity.Problems() {
		bad = append(bad, c.Name+": "+c.Detail)
	}
	fmt.Fprintf(w.b, "**Integrity:** %s", mdText(string(r.Integrity.Status)))
	if len(bad) == 0 {
		bad = []string{partialText}
	}
	fmt.Fprintf(w.b, " — %s", mdText(strings.Join(bad, "; ")))
	w.b.WriteString("\n\n")
}

func (w mdRun) hooks(r *classify.Run) {
	if h := r.Hooks; h != nil {
		fmt.Fprintf(w.b, "**Hooks:** %s\n\n", mdText(h.Paragraph))
	}
}

func (w mdRun) groups(r *classify.Run) {
	if len(r.Groups) == 0 {
		return
	}
	b := w.b
	withNew := false
	for _, g := range r.Groups {
		if g.New != nil {
			withNew = true
		}
	}
	b.WriteString("| Count | Operation | Check | Status | Cause | Hook should have fixed |")
	if withNew {
		b.WriteString(" New |")
	}
	b.WriteString("\n|---:|---|---|---:|---|---|")
	if withNew {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	shown := r.Groups
	if w.lvl.maxGroups > 0 && len(shown) > w.lvl.maxGroups {
		shown = shown[:w.lvl.maxGroups]
	}
	for _, g := range shown {
		status := "—"
		if g.Status != 0 {
			status = strconv.Itoa(g.Status)
		}
		flaky := ""
		if g.Flaky > 0 {
			flaky = " (flaky)"
		}
		if g.Stateful {
			flaky += " (stateful)"
		}
		cause := clip(g.Signature.Text, 120)
		if g.Signature.Trigger != "" {
			cause += "; " + g.Signature.Trigger
		}
		if len(g.Related) > 0 {
			cause += "; also fails " + strings.Join(g.Related, ", ")
		}
		fmt.Fprintf(b, "| %d%s | %s | %s | %s | %s | %s |", g.Count, flaky, mdCell(g.Operation), mdCell(g.CheckLabel()), status,
			mdCell(cause), mdCell(strings.Join(g.Hook, ", ")))
		if withNew {
			switch {
			case g.New == nil:
				b.WriteString(" |")
			case *g.New:
				b.WriteString(" **new** |")
			default:
				b.WriteString(" known |")
			}
		}
		b.WriteString("\n")
	}
	if len(shown) < len(r.Groups) {
		rest := 0
		for _, g := range r.Groups[len(shown):] {
			rest += g.Count
		}
		fmt.Fprintf(b, "\n_…and %d more failure groups (%d test cases), folded to fit the summary._\n", len(r.Groups)-len(shown), rest)
	}
	b.WriteString("\n")
	for i, g := range shown {
		if w.lvl.samples >= 0 && i >= w.lvl.samples {
			break
		}
		if len(g.Samples) > 0 {
			writeMarkdownSample(b, g, &g.Samples[0])
		}
	}
}

func writeMarkdownSample(b *strings.Builder, g *classify.Group, s *classify.Sample) {
	fmt.Fprintf(b, "<details><summary>%s · %s · %s (line %d)</summary>\n\n", htmlText(g.Operation), htmlText(g.Title),
		htmlText(statusText(g.Status)), s.Span.Line)
	if s.TestCaseID != "" {
		fmt.Fprintf(b, "Test case %s\n\n", mdInline(s.TestCaseID))
	}
	if s.Message != "" {
		b.WriteString(mdFence(s.Message, ""))
	}
	switch {
	case s.BodyKind == "empty":
		b.WriteString("Response body: empty\n\n")
	case s.BodyKind == "binary":
		b.WriteString("Response body: binary\n\n")
	case s.Body != "":
		b.WriteString("Response body")
		if s.BodyCut {
			b.WriteString(" (cut by Schemathesis)")
		}
		b.WriteString(":\n\n")
		b.WriteString(mdFence(clip(s.Body, 2000), ""))
	}
	if len(s.Reproduce) > 0 {
		b.WriteString("Reproduce with:\n\n")
		b.WriteString(mdFence(strings.Join(s.Reproduce, "\n"), "sh"))
	}
	if s.Replay != "" {
		b.WriteString("Replay the saved failure")
		if s.CrashFile != "" {
			b.WriteString(" (" + mdText(s.CrashFile) + ")")
		}
		b.WriteString(":\n\n")
		b.WriteString(mdFence(s.Replay, "sh"))
	}
	b.WriteString("</details>\n\n")
}

func (w mdRun) causes(r *classify.Run) {
	if len(r.Causes) == 0 {
		return
	}
	w.b.WriteString("**Causes shared by several operations:**\n\n")
	for i, c := range r.Causes {
		if i == maxCauses {
			fmt.Fprintf(w.b, "- …%d more (see `-o json`)\n", len(r.Causes)-maxCauses)
			break
		}
		fmt.Fprintf(w.b, "- %s, %s in %s: %s\n", plural(c.TestCases, "test case"), mdText(c.Check), plural(len(c.Operations), "operation"),
			mdText(clip(c.Signature.Text, 120)))
	}
	w.b.WriteString("\n")
}

func (w mdRun) errors(r *classify.Run) {
	if len(r.Errors) == 0 {
		return
	}
	w.b.WriteString("**Errors:**\n\n")
	for _, e := range r.Errors {
		fmt.Fprintf(w.b, "- %s: %s (line %d)", mdText(e.Operation), mdText(e.Title), e.Line)
		if msg := firstLine(e.Message); msg != "" {
			fmt.Fprintf(w.b, " — %s", mdText(clip(msg, 160)))
		}
		w.b.WriteString("\n")
	}
	w.b.WriteString("\n")
}

func (w mdRun) diagnostics(r *classify.Run) {
	warn := warnings(r)
	if len(warn) == 0 {
		return
	}
	fmt.Fprintf(w.b, "**ctlog did not understand %s:**\n\n", plural(len(warn), "line"))
	for n, i := range warn {
		if n == maxDiagnostics {
			fmt.Fprintf(w.b, "- …%d more (see `-o json`)\n", len(warn)-maxDiagnostics)
			break
		}
		d := r.Diagnostics[i]
		fmt.Fprintf(w.b, "- line %d: %s\n", d.Line, mdText(d.Message))
	}
	w.b.WriteString("\n")
}

func statusText(s int) string {
	if s == 0 {
		return "no response"
	}
	return strconv.Itoa(s)
}

// mdText escapes log text for a Markdown paragraph: HTML and Markdown syntax become literal.
func mdText(s string) string {
	var b strings.Builder
	for _, r := range sanitize.Line(strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)) {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\n', '\r':
			b.WriteByte(' ')
		case '\\', '`', '*', '_', '[', ']', '|', '!', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdCell escapes text for a table cell.
func mdCell(s string) string { return mdText(s) }

// htmlText escapes text inside HTML such as a <summary>.
func htmlText(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;", "\n", " ", "\r", " ")
	return r.Replace(sanitize.Line(s))
}

// mdInline renders s as inline code, with a fence longer than any backtick run in s.
func mdInline(s string) string {
	s = strings.ReplaceAll(sanitize.Line(s), "\n", " ")
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ") {
		pad = " "
	}
	return fence + pad + s + pad + fence
}

// mdFence renders s as a fenced code block that no line of s can close.
func mdFence(s, lang string) string {
	s = sanitize.Text(strings.ReplaceAll(s, "\r\n", "\n"))
	fence := strings.Repeat("`", max(3, longestRun(s, '`')+1))
	return fence + lang + "\n" + strings.TrimRight(s, "\n") + "\n" + fence + "\n\n"
}

func longestRun(s string, c byte) int {
	best, cur := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			cur++
			best = max(best, cur)
		} else {
			cur = 0
		}
	}
	return best
}
