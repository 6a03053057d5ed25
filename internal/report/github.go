package report

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/sanitize"
	"github.com/ctlog-dev/ctlog/internal/summary"
)

// GitHubOptions control the workflow-command output.
type GitHubOptions struct {
	MaxErrors int // error annotations, the most severe failure groups first (default 10)
	// StopToken pauses workflow commands around the quoted text report; "" draws a fresh random one.
	StopToken string
	// Locate, when set, places a failure group's error annotation on a file and line — the
	// operation's definition in the OpenAPI document — so that it shows in the pull request's
	// diff; "" or 0 leaves it unplaced.
	Locate func(r *classify.Run, g *classify.Group) (file string, line int)
}

// WriteGitHub writes GitHub Actions workflow commands: per run, in the order of its sections, a
// notice with the result and totals, an error for a crash, warnings for integrity problems and the
// hooks diagnosis; then an error annotation per failure group (the most severe across all inputs first,
// up to MaxErrors), and the text report, with every section, inside a collapsed group.
func WriteGitHub(w io.Writer, doc *summary.Document, opts GitHubOptions) error {
	maxErrors := opts.MaxErrors
	if maxErrors <= 0 {
		maxErrors = 10
	}
	var b strings.Builder
	var groups []ghGroup
	for _, in := range doc.Inputs {
		if in.Error != "" {
			fmt.Fprintf(&b, "::error title=%s::%s\n", sanitize.WorkflowProperty("ctlog: cannot read "+in.Name), sanitize.WorkflowData(in.Error))
			continue
		}
		for _, r := range in.Runs {
			gw := ghRun{b: &b, in: in.Name, pending: &groups}
			for _, s := range sectionsOf(r) {
				githubSections[s](gw, r)
			}
		}
	}
	writeGroupAnnotations(&b, groups, maxErrors, opts.Locate)
	b.WriteString("::group::ctlog summary\n")
	var text strings.Builder
	if err := WriteText(&text, doc, TextOptions{}); err != nil {
		return err
	}
	writeQuoted(&b, text.String(), opts.StopToken)
	b.WriteString("::endgroup::\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// ghGroup is a failure group waiting for its annotation, with the input it came from.
type ghGroup struct {
	in string
	r  *classify.Run
	g  *classify.Group
}

// ghRun renders the sections of one run as workflow commands. The failure groups of every run
// are gathered in pending, annotated together once all runs are done.
type ghRun struct {
	b       *strings.Builder
	in      string
	pending *[]ghGroup
}

// githubSections render each section as workflow commands; the sections with none are in the text
// report inside the group.
var githubSections = [numSections]func(ghRun, *classify.Run){
	secStopped:     ghRun.crash,
	secSettings:    ghRun.none,
	secResult:      ghRun.result,
	secCrash:       ghRun.crash,
	secIntegrity:   ghRun.integrity,
	secHooks:       ghRun.hooks,
	secGroups:      ghRun.groups,
	secCauses:      ghRun.none,
	secErrors:      ghRun.none,
	secDiagnostics: ghRun.none,
}

func (w ghRun) none(*classify.Run) {}

func (w ghRun) result(r *classify.Run) {
	fmt.Fprintf(w.b, "::notice title=%s::%s\n", sanitize.WorkflowProperty("ctlog: "+w.in),
		sanitize.WorkflowData(fmt.Sprintf("%s; %s, %s", resultText(r), plural(len(r.Groups), "failure group"), totalsText(r))))
}

func (w ghRun) crash(r *classify.Run) {
	if r.Fatal != nil {
		fmt.Fprintf(w.b, "::error title=%s::%s\n", sanitize.WorkflowProperty("Schemathesis: "+r.Fatal.Title), sanitize.WorkflowData(exceptionLine(r.Fatal.Message)))
	}
}

func (w ghRun) integrity(r *classify.Run) {
	if r.Integrity.OK {
		return
	}
	var bad []string
	for _, c := range r.Integrity.Problems() {
		bad = append(bad, c.Detail)
	}
	if len(bad) == 0 {
		bad = []string{partialText}
	}
	title := "ctlog: " + w.in + " is " + string(r.Integrity.Status)
	if r.Integrity.Status == classify.RunComplete && !r.Integrity.ReadWhole() {
		title = "ctlog: " + w.in + " was not read whole"
	}
	fmt.Fprintf(w.b, "::warning title=%s::%s\n", sanitize.WorkflowProperty(title),
		sanitize.WorkflowData(strings.Join(bad, "; ")))
}

func (w ghRun) hooks(r *classify.Run) {
	if h := r.Hooks; h != nil && h.Verdict.Problem() {
		fmt.Fprintf(w.b, "::warning title=%s::%s\n", sanitize.WorkflowProperty("ctlog: hooks "+string(h.Verdict)), sanitize.WorkflowData(h.Paragraph))
	}
}

func (w ghRun) groups(r *classify.Run) {
	for _, g := range r.Groups {
		*w.pending = append(*w.pending, ghGroup{w.in, r, g})
	}
	// After-run check failures are no groups, but failures all the same.
	for _, c := range r.RunChecks {
		msg := fmt.Sprintf("an after-run check failed: about the whole run, not a test case; at %s line %d", w.in, c.Span.Line)
		if c.Message != "" {
			msg += "\n" + clip(c.Message, 500)
		}
		fmt.Fprintf(w.b, "::error title=%s::%s\n", sanitize.WorkflowProperty("Run checks: "+c.Title), sanitize.WorkflowData(msg))
	}
}

// writeGroupAnnotations writes an error annotation for each of the most severe failure groups
// (classify.CompareGroups), up to maxErrors, each placed on its operation's line when locate
// finds one.
func writeGroupAnnotations(b *strings.Builder, groups []ghGroup, maxErrors int, locate func(*classify.Run, *classify.Group) (string, int)) {
	sorted := slices.Clone(groups)
	slices.SortStableFunc(sorted, func(x, y ghGroup) int { return classify.CompareGroups(x.g, y.g) })
	for i, it := range sorted {
		if i == maxErrors {
			fmt.Fprintf(b, "::notice title=%s::%s\n", sanitize.WorkflowProperty("ctlog: more failure groups"),
				sanitize.WorkflowData(fmt.Sprintf("%d more failure groups are not annotated (the limit is %d); see the job summary or ctlog summarize -o json", len(sorted)-maxErrors, maxErrors)))
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
		fmt.Fprintf(b, "::error %stitle=%s::%s\n", ghPlace(locate, it), sanitize.WorkflowProperty(title), sanitize.WorkflowData(msg))
	}
}

// ghPlace is the file and line properties of a group's annotation ("file=openapi.yaml,line=12,"),
// or "" when it has no place.
func ghPlace(locate func(*classify.Run, *classify.Group) (string, int), it ghGroup) string {
	if locate == nil {
		return ""
	}
	file, line := locate(it.r, it.g)
	if file == "" || line <= 0 {
		return ""
	}
	return "file=" + sanitize.WorkflowProperty(file) + ",line=" + strconv.Itoa(line) + ","
}
