package report

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/sanitize"
	"github.com/ctlog-dev/ctlog/internal/summary"
	"github.com/ctlog-dev/ctlog/parser"
)

// StepSummaryLimit is GitHub's limit on one step's job summary.
const StepSummaryLimit = 1 << 20

// MarkdownOptions control the Markdown report.
type MarkdownOptions struct {
	// Limit is the largest output in bytes. The report is never larger than a tenth of the inputs'
	// size or MarkdownFloor, whichever is larger (a step summary is read, not searched), nor than
	// Limit when it is set, nor than GitHub's limit.
	Limit int
}

// MarkdownFloor is the size a step summary may always take, however small the log.
const MarkdownFloor = 100 << 10

// The shape of a step summary a reviewer reads in ten seconds: the most severe groups in a table,
// the rest folded; samples for the top few only.
const (
	mdTableRows = 20 // failure groups in the table; the rest are folded
	mdSamples   = 5  // failure groups that show a sample
	mdMaxErrors = 20 // errors listed
)

// MarkdownBudget is the largest step summary for doc: a tenth of the inputs' size or MarkdownFloor,
// whichever is larger, and no more than limit (when positive) or GitHub's limit less a margin.
func MarkdownBudget(doc *summary.Document, limit int) int {
	var size int64
	for _, in := range doc.Inputs {
		size += in.Bytes
	}
	budget := int(max(size/10, MarkdownFloor))
	if limit <= 0 {
		limit = StepSummaryLimit - 4<<10
	}
	return min(budget, limit)
}

// WriteMarkdown writes the report for $GITHUB_STEP_SUMMARY. Each run opens with a verdict line,
// then integrity, the hooks diagnosis and the shared causes; then the failure groups by severity,
// the first mdTableRows in a table and the rest folded, with samples for the top mdSamples. It stays
// within MarkdownBudget by degrading in a stated order — the folded groups lose their rows (only
// counted per check), the samples go, then fewer groups are listed — and says what it left out.
// Every piece of log text is escaped: a response body cannot inject HTML or Markdown.
func WriteMarkdown(w io.Writer, doc *summary.Document, opts MarkdownOptions) error {
	limit := MarkdownBudget(doc, opts.Limit)
	lvl := mdLevel{samples: mdSamples, table: mdTableRows, foldRows: true, limit: limit}
	out := renderMarkdown(doc, lvl)
	if len(out) <= limit {
		return writeString(w, out)
	}
	lvl.foldRows = false
	if out = renderMarkdown(doc, lvl); len(out) <= limit {
		return writeString(w, out)
	}
	lvl.trimmed = true
	lo, hi := 0, mdSamples // samples for lo groups fit; for hi they do not
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if len(renderMarkdown(doc, mdLevel{samples: mid, table: lvl.table, limit: limit, trimmed: true})) <= limit {
			lo = mid
		} else {
			hi = mid
		}
	}
	lvl.samples = lo
	if out = renderMarkdown(doc, lvl); len(out) <= limit {
		return writeString(w, out)
	}
	lvl.samples = 0
	for lvl.table > 1 {
		lvl.table /= 2
		if out = renderMarkdown(doc, lvl); len(out) <= limit {
			break
		}
	}
	if len(out) > limit {
		out = out[:max(0, limit-200)]
		if i := strings.LastIndex(out, "\n\n"); i >= 0 {
			out = out[:i] // at a blank line: no half row or rune
		}
		out += "\n\n**ctlog cut this summary at its size limit; see the job log or `-o json` for the rest.**\n"
	}
	return writeString(w, out)
}

func writeString(w io.Writer, s string) error {
	_, err := io.WriteString(w, s)
	return err
}

// mdLevel is how much of the groups a rendering shows.
type mdLevel struct {
	samples  int  // groups that show a sample, the most severe first
	table    int  // groups in the table; the rest are folded
	foldRows bool // the folded groups are listed in a <details> fold; otherwise only counted
	trimmed  bool // samples were left out for the size limit, beyond the usual mdSamples
	limit    int  // the size limit, to say so
}

func renderMarkdown(doc *summary.Document, lvl mdLevel) string {
	var b strings.Builder
	b.WriteString("## ctlog: Schemathesis summary\n\n")
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

// markdownRunSections are the sections of a run that started, in the order Markdown presents them:
// unlike the other formats, the step summary leads with the verdict (the result section) and what
// a reviewer acts on, and puts what ran — settings, the final line as printed, the notes — after
// the groups and errors.
var markdownRunSections = []section{secResult, secCrash, secIntegrity, secHooks, secCauses, secGroups, secErrors, secSettings, secDiagnostics}

func writeMarkdownRun(b *strings.Builder, r *classify.Run, lvl mdLevel) {
	w := mdRun{b, lvl}
	list := sectionsOf(r)
	if len(list) == len(runSections) {
		list = markdownRunSections
	}
	for _, s := range list {
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

// settings says what ran, the final line as printed and what ctlog counted, and the run's notes.
func (w mdRun) settings(r *classify.Run) {
	w.b.WriteString("**Run:** " + mdText(runWhat(r)))
	if s := r.Settings.SchemaLocation; s != "" {
		fmt.Fprintf(w.b, " · schema %s", mdInline(s))
	}
	if s := r.Settings.BaseURL; s != "" {
		fmt.Fprintf(w.b, " · base URL %s", mdInline(s))
	}
	fmt.Fprintf(w.b, "\n\n**Result:** %s — ctlog counted %s\n\n", mdText(resultText(r)), mdText(totalsText(r)))
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

// result is the verdict: one sentence a reviewer reads first.
func (w mdRun) result(r *classify.Run) {
	icon := ":white_check_mark:"
	if len(r.Groups) > 0 || r.Totals.Errors > 0 || r.Fatal != nil || !r.Integrity.OK {
		icon = ":x:"
	}
	fmt.Fprintf(w.b, "%s **%s**\n\n", icon, mdText(verdictText(r)))
}

// verdictText is the run in one sentence: "295 failure groups (301 test cases) in 129 operations,
// 12 server errors; hooks not loaded; counts agree with Schemathesis".
func verdictText(r *classify.Run) string {
	t := r.Totals
	var facts []string
	switch {
	case len(r.Groups) > 0:
		facts = append(facts, fmt.Sprintf("%s (%s) in %s", plural(len(r.Groups), "failure group"), plural(t.TestCases, "test case"),
			plural(t.FailedOperations, "operation")))
	case r.Format == parser.FormatCassette || r.Format == parser.FormatHAR:
		facts = append(facts, resultText(r)+", no failures")
	default:
		facts = append(facts, "no failures")
	}
	server := 0
	for _, g := range r.Groups {
		if g.Check == "not_a_server_error" {
			server += g.Count
		}
	}
	if server > 0 {
		facts = append(facts, plural(server, "server error"))
	}
	if t.FlakyOperations > 0 {
		facts = append(facts, plural(t.FlakyOperations, "flaky"))
	}
	if t.Errors > 0 {
		facts = append(facts, plural(t.Errors, "error"))
	}
	parts := []string{strings.Join(facts, ", ")}
	if h := r.Hooks; h != nil && h.Verdict != classify.HooksNoRules {
		parts = append(parts, hooksPhrase(h.Verdict))
	}
	parts = append(parts, integrityPhrase(r))
	return strings.Join(parts, "; ")
}

func hooksPhrase(v classify.HooksVerdict) string {
	switch v {
	case classify.HooksNotLoaded:
		return "hooks not loaded"
	case classify.HooksNotEffective:
		return "hooks loaded but not effective"
	case classify.HooksImportFailed:
		return "hooks failed to import"
	case classify.HooksFailing:
		return "a hook raised"
	case classify.HooksWorking:
		return "hooks working"
	}
	return "hooks " + string(v)
}

func integrityPhrase(r *classify.Run) string {
	in := &r.Integrity
	n := len(in.Problems())
	switch {
	case in.OK:
		return "counts agree with Schemathesis"
	case n > 0 && in.Status == classify.RunComplete:
		return "counts disagree with Schemathesis (" + plural(n, "problem") + ")"
	case in.Status == classify.RunInterrupted:
		return "run interrupted"
	case in.Status == classify.RunIncomplete:
		return "log ends before the final line"
	case in.Status == classify.RunCrashed:
		return "Schemathesis crashed"
	}
	return "integrity " + string(in.Status)
}

func (w mdRun) crash(r *classify.Run) {
	if r.Fatal != nil {
		fmt.Fprintf(w.b, "**Schemathesis crashed** at line %d: %s\n\n", r.Fatal.Line, mdText(exceptionLine(r.Fatal.Message)))
	}
}

func (w mdRun) integrity(r *classify.Run) {
	if r.Integrity.OK {
		w.b.WriteString("**Integrity:** ok — the counts agree with what Schemathesis printed\n\n")
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
	} else if len(r.Groups) > 0 {
		w.b.WriteString("**Hooks:** no hook rules configured, so ctlog cannot say whether a hook should have fixed a failure.\n\n")
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
	shown, rest := r.Groups, []*classify.Group(nil)
	if len(shown) > w.lvl.table {
		shown, rest = shown[:w.lvl.table], shown[w.lvl.table:]
	}
	writeGroupTable(b, shown, withNew)
	if len(rest) > 0 {
		text := foldedText(rest)
		if w.lvl.foldRows {
			fmt.Fprintf(b, "<details><summary>%s; <code>ctlog summarize -o json</code> has them all</summary>\n\n", htmlText(text))
			writeGroupTable(b, rest, withNew)
			b.WriteString("</details>\n\n")
		} else {
			fmt.Fprintf(b, "_%s; `ctlog summarize -o json` has them all._\n\n", mdText(text))
		}
	}
	withSample := 0
	for i, g := range shown {
		if len(g.Samples) == 0 {
			continue
		}
		if withSample == w.lvl.samples {
			left := 0
			for _, g := range shown[i:] {
				if len(g.Samples) > 0 {
					left++
				}
			}
			why := "to keep the summary short"
			if w.lvl.trimmed {
				why = fmt.Sprintf("to fit the summary's %d KB size limit", w.lvl.limit>>10)
			}
			fmt.Fprintf(b, "_Samples were left out for %s %s; `ctlog summarize -o json` has them._\n\n", plural(left, "more failure group"), why)
			break
		}
		writeMarkdownSample(b, g, &g.Samples[0])
		withSample++
	}
}

// writeGroupTable writes gs as a table, one row a group.
func writeGroupTable(b *strings.Builder, gs []*classify.Group, withNew bool) {
	b.WriteString("| Count | Operation | Check | Status | Cause | Hook should have fixed |")
	if withNew {
		b.WriteString(" New |")
	}
	b.WriteString("\n|---:|---|---|---:|---|---|")
	if withNew {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, g := range gs {
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
	b.WriteString("\n")
}

// foldedText says what the folded groups are: "…and 230 more failure groups of count 1 folded
// (200 not_a_server_error, 30 status_code_conformance)".
func foldedText(gs []*classify.Group) string {
	cases, ones := 0, true
	perCheck := map[string]int{}
	var checks []string
	for _, g := range gs {
		cases += g.Count
		ones = ones && g.Count == 1
		if perCheck[g.CheckLabel()] == 0 {
			checks = append(checks, g.CheckLabel())
		}
		perCheck[g.CheckLabel()]++
	}
	sort.SliceStable(checks, func(i, j int) bool { return perCheck[checks[i]] > perCheck[checks[j]] })
	var by []string
	for i, c := range checks {
		if i == 6 {
			by = append(by, fmt.Sprintf("%d more checks", len(checks)-6))
			break
		}
		by = append(by, fmt.Sprintf("%d %s", perCheck[c], clip(c, 60)))
	}
	what := plural(len(gs), "more failure group")
	if ones {
		what += " of count 1"
	} else {
		what += " (" + plural(cases, "test case") + ")"
	}
	return fmt.Sprintf("…and %s folded, by check: %s", what, strings.Join(by, ", "))
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
		if len(r.Groups) > 1 {
			w.b.WriteString("**Causes shared by several operations:** none — no root cause spans more than one operation.\n\n")
		}
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
	for i, e := range r.Errors {
		if i == mdMaxErrors {
			fmt.Fprintf(w.b, "- …%d more (see `-o json`)\n", len(r.Errors)-mdMaxErrors)
			break
		}
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
