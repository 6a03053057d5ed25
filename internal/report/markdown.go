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

func writeMarkdownRun(b *strings.Builder, r *classify.Run, lvl mdLevel) {
	if !r.Integrity.Status.Started() && r.Fatal != nil {
		fmt.Fprintf(b, ":x: Schemathesis stopped before the run started (line %d): **%s**\n\n", r.Fatal.Line, mdText(r.Fatal.Title))
		if msg := firstLine(r.Fatal.Message); msg != "" {
			fmt.Fprintf(b, "%s\n\n", mdCode(msg))
		}
		return
	}
	result := "no final line (" + string(r.Integrity.Status) + ")"
	if e := r.Summary.End; e != nil {
		result = e.Text
		if e.Empty {
			result = "empty test suite"
		}
	}
	icon := ":white_check_mark:"
	if len(r.Groups) > 0 || r.Totals.Errors > 0 || r.Fatal != nil || !r.Integrity.OK {
		icon = ":x:"
	}
	fmt.Fprintf(b, "%s **%s** — %s in %s, %s", icon, mdText(result), plural(r.Totals.TestCases, "failing test case"),
		plural(r.Totals.FailedOperations, "operation"), plural(r.Totals.Errors, "error"))
	if r.Settings.BaseURL != "" {
		fmt.Fprintf(b, " · base URL %s", mdInline(r.Settings.BaseURL))
	}
	b.WriteString("\n\n")
	if r.Fatal != nil {
		fmt.Fprintf(b, "**Schemathesis crashed** at line %d: %s\n\n", r.Fatal.Line, mdText(exceptionLine(r.Fatal.Message)))
	}
	if !r.Integrity.OK {
		var bad []string
		for _, c := range r.Integrity.Problems() {
			bad = append(bad, c.Name+": "+c.Detail)
		}
		fmt.Fprintf(b, "**Integrity:** %s", mdText(string(r.Integrity.Status)))
		if len(bad) > 0 {
			fmt.Fprintf(b, " — %s", mdText(strings.Join(bad, "; ")))
		}
		b.WriteString("\n\n")
	}
	if h := r.Hooks; h != nil {
		fmt.Fprintf(b, "**Hooks:** %s\n\n", mdText(h.Paragraph))
	}
	if len(r.Groups) == 0 {
		return
	}
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
	if lvl.maxGroups > 0 && len(shown) > lvl.maxGroups {
		shown = shown[:lvl.maxGroups]
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
		fmt.Fprintf(b, "| %d%s | %s | %s | %s | %s | %s |", g.Count, flaky, mdCell(g.Operation), mdCell(g.CheckLabel()), status,
			mdCell(clip(g.Signature.Text, 120)), mdCell(strings.Join(g.Hook, ", ")))
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
		if lvl.samples >= 0 && i >= lvl.samples {
			break
		}
		if len(g.Samples) == 0 {
			continue
		}
		s := g.Samples[0]
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
		b.WriteString("</details>\n\n")
	}
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

// mdCode renders one line as inline code.
func mdCode(s string) string { return mdInline(s) }

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
