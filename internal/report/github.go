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

// GitHubOptions control the workflow-command output.
type GitHubOptions struct {
	MaxErrors int // error annotations, the biggest failure groups first (default 10)
}

// WriteGitHub writes GitHub Actions workflow commands: an error annotation per failure group (the
// biggest first, up to MaxErrors), warnings for integrity problems and the hooks diagnosis, a notice
// with the totals, and the text report inside a collapsed group.
func WriteGitHub(w io.Writer, doc *summary.Document, opts GitHubOptions) error {
	maxErrors := opts.MaxErrors
	if maxErrors <= 0 {
		maxErrors = 10
	}
	var b strings.Builder
	type item struct {
		in  string
		run *classify.Run
		g   *classify.Group
	}
	var groups []item
	for _, in := range doc.Inputs {
		if in.Error != "" {
			fmt.Fprintf(&b, "::error title=%s::%s\n", ghProperty("ctlog: cannot read "+in.Name), ghData(in.Error))
			continue
		}
		for _, r := range in.Runs {
			total := 0
			for _, g := range r.Groups {
				groups = append(groups, item{in.Name, r, g})
				total += g.Count
			}
			if !r.Integrity.OK {
				var bad []string
				for _, c := range r.Integrity.Problems() {
					bad = append(bad, c.Detail)
				}
				fmt.Fprintf(&b, "::warning title=%s::%s\n", ghProperty("ctlog: "+in.Name+" is "+string(r.Integrity.Status)),
					ghData(strings.Join(bad, "; ")))
			}
			if r.Fatal != nil {
				fmt.Fprintf(&b, "::error title=%s::%s\n", ghProperty("Schemathesis: "+r.Fatal.Title),
					ghData(exceptionLine(r.Fatal.Message)))
			}
			if h := r.Hooks; h != nil && h.Verdict.Problem() {
				fmt.Fprintf(&b, "::warning title=%s::%s\n", ghProperty("ctlog: hooks "+string(h.Verdict)), ghData(h.Paragraph))
			}
			fmt.Fprintf(&b, "::notice title=%s::%s\n", ghProperty("ctlog: "+in.Name),
				ghData(fmt.Sprintf("%s; %s, %s in %s, %s", resultText(r), plural(len(r.Groups), "failure group"),
					plural(r.Totals.TestCases, "failing test case"), plural(r.Totals.FailedOperations, "operation"), plural(r.Totals.Errors, "error"))))
		}
	}
	// The biggest groups across all inputs get the error annotations.
	sorted := make([]item, len(groups))
	copy(sorted, groups)
	for i := 1; i < len(sorted); i++ {
		for j := i; j > 0 && sorted[j].g.Count > sorted[j-1].g.Count; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	for i, it := range sorted {
		if i == maxErrors {
			fmt.Fprintf(&b, "::notice title=%s::%s\n", ghProperty("ctlog: more failure groups"),
				ghData(fmt.Sprintf("%d more failure groups are not annotated (the limit is %d); see the job summary or ctlog summarize -o json", len(sorted)-maxErrors, maxErrors)))
			break
		}
		g := it.g
		title := g.Operation + ": " + g.CheckLabel()
		if g.Status != 0 {
			title += " (" + strconv.Itoa(g.Status) + ")"
		}
		msg := fmt.Sprintf("%s; first at %s line %d", plural(g.Count, "test case"), it.in, g.First.Line)
		if g.Signature.Text != "" {
			msg += "\ncause: " + g.Signature.Text
		}
		if len(g.Hook) > 0 {
			msg += "\na hook should have fixed this: " + strings.Join(g.Hook, ", ")
		}
		if g.New != nil && *g.New {
			msg += "\nnew: not in the baseline"
		}
		if len(g.Samples) > 0 && len(g.Samples[0].Reproduce) > 0 {
			msg += "\nreproduce: " + clip(g.Samples[0].Reproduce[0], 300)
		}
		fmt.Fprintf(&b, "::error title=%s::%s\n", ghProperty(title), ghData(msg))
	}
	b.WriteString("::group::ctlog summary\n")
	var text strings.Builder
	if err := WriteText(&text, doc, TextOptions{}); err != nil {
		return err
	}
	// Inside the group, lines that look like workflow commands must not act as ones.
	for l := range strings.SplitSeq(strings.TrimRight(text.String(), "\n"), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "::") {
			l = " " + l
		}
		b.WriteString(l + "\n")
	}
	b.WriteString("::endgroup::\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// ghData escapes the message of a workflow command, as the Actions toolkit does.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(sanitize.Text(s))
}

// ghProperty escapes a property value (title, file) of a workflow command.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(sanitize.Line(s))
}
