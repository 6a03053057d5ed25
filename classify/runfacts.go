package classify

import (
	"strconv"
	"strings"

	"github.com/ctlog-dev/ctlog/parser"
)

// Fuzz is what an `st fuzz` run says of itself: why it stopped and how many scenarios it ran.
type Fuzz struct {
	StopReason string `json:"stop_reason,omitempty"` // `Stop reason: Time limit reached` / `Stopped: …`
	Scenarios  int    `json:"scenarios"`             // from the Fuzzing block; -1 when not printed
}

// ReportFile is a report the run says it wrote (4.x SUMMARY `Reports:` block, `- JUNIT: path`).
type ReportFile struct {
	Format string `json:"format"` // junit, vcr, har, ndjson, allure, …
	Path   string `json:"path"`   // as printed: relative to the directory Schemathesis ran in
	Line   int    `json:"line"`
}

// STBaseline is what a 4.x run using `--baseline` prints: the file and its entries in the header,
// and the `Baseline:` block of the SUMMARY.
type STBaseline struct {
	File       string   `json:"file,omitempty"`
	Entries    int      `json:"entries"`        // -1 when not printed
	Known      int      `json:"known_failures"` // failures the baseline suppressed; -1 when not printed
	Recorded   int      `json:"recorded"`       // failures written to the baseline; -1 when not printed
	Unobserved int      `json:"unobserved"`     // -1 when not printed
	Expired    int      `json:"expired"`        // -1 when not printed
	Pruned     int      `json:"pruned"`         // -1 when not printed
	ExpiredIDs []string `json:"expired_ids,omitempty"`
	Lines      []string `json:"lines,omitempty"` // other lines of the block, as printed
	listing    string   // the count whose ids the indented lines list
}

func newBaseline() *STBaseline {
	return &STBaseline{Entries: -1, Known: -1, Recorded: -1, Unobserved: -1, Expired: -1, Pruned: -1}
}

// baselineSetting reads the header's `Baseline: FILE / N entries`.
func (r *Run) baselineSetting(v string) {
	if r.STBaseline == nil {
		r.STBaseline = newBaseline()
	}
	b := r.STBaseline
	b.File = v
	if i := strings.LastIndex(v, " / "); i > 0 {
		n, word, _ := strings.Cut(v[i+3:], " ")
		if c, err := strconv.Atoi(n); err == nil && strings.HasPrefix(word, "entr") {
			b.File, b.Entries = v[:i], c
		}
	}
}

// baselineNote reads one line of the SUMMARY's `Baseline:` block.
func (r *Run) baselineNote(text string) {
	if r.STBaseline == nil {
		r.STBaseline = newBaseline()
	}
	b := r.STBaseline
	k, v, ok := strings.Cut(text, ": ")
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if !ok || err != nil {
		if b.listing == "Expired entries" && !strings.Contains(text, " ") && len(b.ExpiredIDs) < maxKeptWarnings {
			b.ExpiredIDs = append(b.ExpiredIDs, text)
			return
		}
		if len(b.Lines) < maxKeptWarnings {
			b.Lines = append(b.Lines, text)
		}
		return
	}
	b.listing = k
	switch k {
	case "Known failures":
		b.Known = n
	case "Recorded":
		b.Recorded = n
	case "Unobserved entries":
		b.Unobserved = n
	case "Expired entries":
		b.Expired = n
	case "Pruned":
		b.Pruned = n
	default:
		b.Lines = append(b.Lines, text)
	}
}

// reportNote reads `- JUNIT: reports/junit.xml` of the SUMMARY's `Reports:` block.
func (r *Run) reportNote(text string, line int) {
	rest, ok := strings.CutPrefix(text, "- ")
	if !ok {
		return
	}
	format, path, ok := strings.Cut(rest, ": ")
	if !ok || format == "" || strings.TrimSpace(path) == "" || len(r.Reports) >= maxKeptWarnings {
		return
	}
	r.Reports = append(r.Reports, ReportFile{Format: strings.ToLower(format), Path: strings.TrimSpace(path), Line: line})
}

// runKind records which command printed the run.
func (r *Run) runKind(e *parser.RunKind) {
	r.Kind = e.Kind
	if e.Kind == "fuzz" && r.Fuzz == nil {
		r.Fuzz = &Fuzz{Scenarios: -1}
		for _, ph := range r.Phases {
			if ph.Scenarios > 0 {
				r.Fuzz.Scenarios = ph.Scenarios
			}
		}
	}
}

// summaryNote keeps what a SUMMARY note says of the run.
func (r *Run) summaryNote(e *parser.SummaryNote) {
	switch e.Kind {
	case "reauth":
		n := -1
		if f := strings.Fields(e.Text); len(f) >= 2 {
			if v, err := strconv.Atoi(f[1]); err == nil {
				n = v
			}
		}
		r.Reauthenticated = &n
	case "skip-reason":
		if len(r.Summary.SkipReasons) < maxKeptWarnings {
			r.Summary.SkipReasons = append(r.Summary.SkipReasons, strings.TrimPrefix(e.Text, "- "))
		}
	case "report":
		r.reportNote(e.Text, e.Line)
	case "baseline":
		r.baselineNote(e.Text)
	case "stop-reason":
		if r.Fuzz != nil {
			r.Fuzz.StopReason = strings.TrimPrefix(e.Text, "Stop reason: ")
		}
	}
}
