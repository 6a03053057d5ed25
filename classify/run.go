// Package classify turns parser events into runs: settings, totals, failure groups and integrity checks.
package classify

import (
	"slices"
	"strconv"
	"strings"

	"github.com/ctlog-dev/ctlog/parser"
)

// Settings are the run settings printed in the session header.
type Settings struct {
	SchemaLocation string            `json:"schema_location,omitempty"`
	BaseURL        string            `json:"base_url,omitempty"`
	SpecVersion    string            `json:"specification_version,omitempty"`
	Seed           string            `json:"seed,omitempty"`
	Workers        int               `json:"workers,omitempty"`
	Operations     int               `json:"operations"` // -1 when not printed
	Links          int               `json:"links"`      // -1 when not printed
	Probing        string            `json:"api_probing,omitempty"`
	Analysis       string            `json:"schema_analysis,omitempty"`
	RateLimit      string            `json:"rate_limit,omitempty"`
	Other          map[string]string `json:"other,omitempty"` // further `Key: value` header lines
	Extra          []string          `json:"extra,omitempty"` // extension initialization lines
}

// Totals counts what the parser saw in a run.
type Totals struct {
	TestCases         int `json:"test_cases"`         // failure blocks
	UniqueFailures    int `json:"unique_failures"`    // (test case, title) pairs, a 4.x "(N violations)" counting N
	FailedOperations  int `json:"failed_operations"`  // distinct operation titles in FAILURES
	FlakyOperations   int `json:"flaky_operations"`   // operations with a [FLAKY] banner
	FlakyTestCases    int `json:"flaky_test_cases"`   // test cases under a [FLAKY] banner
	Errors            int `json:"errors"`             // ERRORS entries
	ErroredOperations int `json:"errored_operations"` // distinct operation titles in ERRORS (API Probe errors excluded)
	Warnings          int `json:"warnings"`
	Diagnostics       int `json:"diagnostics"`
	// Progress symbols per operation (stateful progress excluded).
	ProgressPassed  int `json:"progress_passed"`
	ProgressFailed  int `json:"progress_failed"`
	ProgressErrored int `json:"progress_errored"`
	ProgressSkipped int `json:"progress_skipped"`
	ProgressUnknown int `json:"progress_unknown,omitempty"`
	// Recorded interactions (cassettes, HAR files).
	Interactions int `json:"interactions,omitempty"`
}

// Summary is what the run's own SUMMARY section and final line say.
type Summary struct {
	CheckTotals []parser.CheckTotal   `json:"checks"`
	Warnings    []string              `json:"warnings"`
	Counts      []parser.SummaryCount `json:"counts,omitempty"` // 4.x Failures, Errors, Warnings and API Operations lines
	// SkipReasons are the reasons listed under `Skipped: N` (4.x API Operations), as printed.
	SkipReasons []string       `json:"skip_reasons,omitempty"`
	End         *parser.RunEnd `json:"final,omitempty"`
}

// Run is one Schemathesis run found in an input.
type Run struct {
	Format      parser.Format       `json:"format"`
	Version     string              `json:"version,omitempty"` // the tool version, when printed
	Kind        string              `json:"kind,omitempty"`    // what ran when not st run: "replay", "fuzz", "crash-files"
	Started     bool                `json:"started"`           // a session header was printed
	Span        parser.Span         `json:"span"`
	Preamble    string              `json:"preamble,omitempty"`
	Command     *Command            `json:"command,omitempty"`  // the command line the log shows
	Env         map[string]string   `json:"env,omitempty"`      // SCHEMATHESIS_* variables the log shows
	Evidence    []Evidence          `json:"evidence,omitempty"` // lines that tell whether hooks were loaded
	Hooks       *HooksDiagnosis     `json:"hooks,omitempty"`    // present when hook rules were given
	Settings    Settings            `json:"settings"`
	Totals      Totals              `json:"totals"`
	Groups      []*Group            `json:"groups"`
	Causes      []Cause             `json:"causes,omitempty"` // root causes shared by several operations
	Errors      []parser.ErrorBlock `json:"errors,omitempty"`
	HookErrors  []HookFailure       `json:"hook_errors,omitempty"` // hooks that raised while the run used them
	Fatal       *parser.ErrorBlock  `json:"fatal,omitempty"`       // the run never started, or crashed
	Summary     Summary             `json:"summary"`
	Phases      []parser.Phase      `json:"phases,omitempty"` // 4.x phase blocks
	Interrupted bool                `json:"interrupted,omitempty"`
	// InterruptedStage is "loading" or "probing" when Ctrl-C stopped the run before its tests began.
	InterruptedStage string `json:"interrupted_stage,omitempty"`
	// Fuzz is what an `st fuzz` run (Kind "fuzz") says of itself.
	Fuzz *Fuzz `json:"fuzz,omitempty"`
	// Reports are the report files the run says it wrote (`Reports:`), paths as printed.
	Reports []ReportFile `json:"reports,omitempty"`
	// STBaseline is what a run using Schemathesis's own `--baseline` says of it.
	STBaseline  *STBaseline         `json:"st_baseline,omitempty"`
	Diagnostics []parser.Diagnostic `json:"diagnostics,omitempty"`
	Integrity   Integrity           `json:"integrity"`
	Replay      *Replay             `json:"replay,omitempty"` // st replay: the cases re-run and what became of them
	// RunChecks are the 4.x after-run checks that failed (`____ Run checks ____`): findings about
	// the run as a whole, outside the test-case counts; the final line counts each as a failure.
	RunChecks []RunCheck `json:"run_checks,omitempty"`
	// Reauthenticated is how many times dynamic auth re-authenticated (`Re-authenticated 3 times`);
	// -1 when the line shows no number, absent when there is no such line.
	Reauthenticated *int `json:"reauthenticated,omitempty"`

	groups         map[groupKey]*Group
	recent         recentGroups // the groups the last failures went to
	epoch          int          // counts the times groups were rekeyed: a sigEntry's group is of one epoch
	lines          lineKeeping  // how many member line numbers each group keeps (lines.go)
	lastOp         string       // the operation of the last failure, counted in failedOps
	failedOps      map[string]bool
	flakyOps       map[string]bool
	erroredOps     map[string]bool
	uniqueByTitle  map[string]*int // unique failures by base title (4.x integrity)
	lastTitle      string          // the title whose count lastCount is
	lastCount      *int
	sigs           *sigCache                     // made on the first failure, or shared by the parts of one read (NewParts)
	preambleLine   int                           // the line the preamble starts on
	traffic        map[string]parser.Interaction // HAR interactions by test case id, for joining
	progressLabels map[string]bool
	truncated      []string // labels cut with [...] in progress lines
	warnedOps      []string // operations the 4.x warnings list, for placing stateful failures
	crashFile      string   // the crash file a crash-file run was read from
}

// maxKeptWarnings and maxKeptDiagnostics bound the memory a run holds for long lists.
const (
	maxKeptWarnings    = 1000
	maxKeptDiagnostics = 1000
)

func newRun(format parser.Format) *Run {
	return &Run{
		Format:     format,
		Settings:   Settings{Operations: -1, Links: -1},
		Groups:     []*Group{},
		Summary:    Summary{CheckTotals: []parser.CheckTotal{}, Warnings: []string{}},
		groups:     map[groupKey]*Group{},
		failedOps:  map[string]bool{},
		flakyOps:   map[string]bool{},
		erroredOps: map[string]bool{},
	}
}

func (r *Run) setting(s *parser.Setting) {
	st := &r.Settings
	atoi := func(v string) int {
		n, err := strconv.Atoi(v)
		if err != nil {
			return -1
		}
		return n
	}
	if r.Replay != nil {
		switch s.Key {
		case "Replay source":
			r.Replay.Source = s.Value
			return
		case "Replayed cases":
			r.Replay.Cases = atoi(s.Value)
			return
		}
	}
	switch s.Key {
	case "Schema location":
		st.SchemaLocation = s.Value
	case "Base URL":
		st.BaseURL = s.Value
	case "Specification version", "Specification":
		st.SpecVersion = s.Value
	case "Random seed", "Seed":
		st.Seed = s.Value
	case "Workers":
		st.Workers = atoi(s.Value)
	case "Collected API operations":
		st.Operations = atoi(s.Value)
	case "Operations": // 4.x: "12 selected / 15 total"
		n, _, _ := strings.Cut(s.Value, " ")
		st.Operations = atoi(n)
	case "Collected API links":
		st.Links = atoi(s.Value)
	case "API probing":
		st.Probing = s.Value
	case "Schema analysis":
		st.Analysis = s.Value
	case "Rate limit":
		st.RateLimit = s.Value
	case "Baseline":
		r.baselineSetting(s.Value)
	case "":
		st.Extra = append(st.Extra, s.Value)
	default:
		if st.Other == nil {
			st.Other = map[string]string{}
		}
		st.Other[s.Key] = s.Value
	}
}

// RunCheck is one failed after-run check: a finding about the whole run, not a test case.
type RunCheck struct {
	Title   string      `json:"title"`
	Check   string      `json:"check,omitempty"`
	Message string      `json:"message,omitempty"`
	Span    parser.Span `json:"span"`
}

// runChecksLabel is the operation title Schemathesis prints the after-run checks under.
const runChecksLabel = "Run checks"

func (r *Run) failure(f *parser.Failure) {
	if f.Index == 0 && f.Operation == runChecksLabel && f.TestCaseID == "" {
		r.runChecks(f)
		return
	}
	r.Totals.TestCases++
	if f.Operation != r.lastOp || r.lastOp == "" {
		if !r.failedOps[f.Operation] {
			r.failedOps[f.Operation] = true
			r.Totals.FailedOperations++
		}
		r.lastOp = f.Operation // the blocks of one operation come together
	}
	if f.Flaky {
		r.Totals.FlakyTestCases++
		if !r.flakyOps[f.Operation] {
			r.flakyOps[f.Operation] = true
			r.Totals.FlakyOperations++
		}
	}
	for _, c := range f.Checks {
		n := max(1, c.Violations)
		r.Totals.UniqueFailures += n
		if c.Title != r.lastTitle || r.lastCount == nil {
			if r.uniqueByTitle == nil {
				r.uniqueByTitle = map[string]*int{}
			}
			t := baseTitle(c.Title)
			if r.uniqueByTitle[t] == nil {
				r.uniqueByTitle[t] = new(int)
			}
			r.lastTitle, r.lastCount = c.Title, r.uniqueByTitle[t] // titles repeat: hash them once
		}
		*r.lastCount += n
	}
	checks := f.Checks
	if len(checks) == 0 {
		checks = []parser.Check{{Title: "(no check title)"}}
	}
	op, stateful, reqPath := f.Operation, false, ""
	if op == StatefulLabel {
		if m, p, ok := lastRequest(f.Reproduce); ok {
			// Filed under the failing request's operation; Finish matches the path with the run's
			// operations, this guess stands when none fits.
			op, stateful, reqPath = m+" "+guessTemplate(p), true, p
		}
	}
	var seen [4]*Group // the groups this test case went to, to link them
	n := 0
	for i, c := range checks {
		title := baseTitle(c.Title)
		if slices.ContainsFunc(checks[:i], func(o parser.Check) bool { return baseTitle(o.Title) == title }) {
			continue // a title repeated within one test case counts once
		}
		if r.sigs == nil {
			r.sigs = &sigCache{}
		}
		e := r.sigs.entry(c.Name, f.Status, c.Message, f.Body)
		sig := e.sig
		ks := keyStatus(c.Name, stateful, f.Status)
		g := e.group
		if g == nil || e.run != r || e.epoch != r.epoch || g.Operation != op || g.Title != title || g.kstatus != ks || g.Stateful != stateful {
			g = r.recent.get(op, title, ks, sig.Text, stateful)
			if g == nil {
				k := groupKey{Operation: op, Title: title, Status: ks, Cause: sig.Text, Stateful: stateful}
				g = r.groups[k]
				if g == nil {
					if stateful {
						k.Operation, reqPath = strings.Clone(op), strings.Clone(reqPath)
					}
					g = &Group{Operation: k.Operation, Check: c.Name, Title: k.Title, Status: f.Status, Reason: f.Reason, Signature: sig,
						First: f.Span, Stateful: stateful, kstatus: ks, reqPath: reqPath}
					r.groups[k] = g
					r.Groups = append(r.Groups, g)
					r.lines.grew(g, r.Groups)
				}
			}
			r.recent.put(g)
			r.sigs.hold(e, g, r)
		}
		g.add(f, c, r.lines.keep())
		if n < len(seen) {
			seen[n] = g
			n++
		}
	}
	for i := 1; i < n; i++ {
		for _, o := range seen[:i] {
			relate(seen[i], o)
		}
	}
}

// StatefulLabel is the title Schemathesis prints over the failures of stateful tests.
const StatefulLabel = "Stateful tests"

// lastRequest returns the method and path of the last curl command of a reproduce chain: the
// request that failed.
func lastRequest(cmds []string) (string, string, bool) {
	for i := len(cmds) - 1; i >= 0; i-- {
		lines := strings.Split(strings.TrimSpace(cmds[i]), "\n")
		last := strings.TrimSpace(lines[len(lines)-1])
		if !strings.HasPrefix(last, "curl ") {
			continue
		}
		return curlRequest(last)
	}
	return "", "", false
}

// curlRequest reads the method (-X, GET by default) and the URL's path of a curl command line.
func curlRequest(cmd string) (string, string, bool) {
	method := "GET"
	var url string
	words := shellWords(cmd)
	for i := 1; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "-X" || w == "--request":
			if i+1 < len(words) {
				method = strings.ToUpper(words[i+1])
				i++
			}
		case w == "-H" || w == "-d" || w == "--data" || w == "--data-raw" || w == "--header" || w == "-F" || w == "-u":
			i++
		case strings.HasPrefix(w, "http://") || strings.HasPrefix(w, "https://"):
			url = w
		}
	}
	if url == "" {
		return "", "", false
	}
	rest := url[strings.Index(url, "//")+2:]
	path := "/"
	if j := strings.IndexAny(rest, "/?#"); j >= 0 && rest[j] == '/' {
		path = rest[j:]
	}
	if j := strings.IndexAny(path, "?#"); j >= 0 {
		path = path[:j]
	}
	return method, path, true
}

// runChecks keeps the after-run check failures of f; each counts as a unique failure, as the
// final line and the SUMMARY's Failures block count it.
func (r *Run) runChecks(f *parser.Failure) {
	for _, c := range f.Checks {
		r.Totals.UniqueFailures++
		if r.uniqueByTitle == nil {
			r.uniqueByTitle = map[string]*int{}
		}
		t := baseTitle(c.Title)
		if r.uniqueByTitle[t] == nil {
			r.uniqueByTitle[t] = new(int)
		}
		*r.uniqueByTitle[t]++
		r.lastTitle, r.lastCount = "", nil
		if len(r.RunChecks) < maxKeptWarnings {
			msg, _ := keep(c.Message, false)
			r.RunChecks = append(r.RunChecks, RunCheck{Title: strings.Clone(c.Title), Check: strings.Clone(c.Name), Message: msg, Span: f.Span})
		}
	}
}

// baseTitle drops the 4.x `(N violations)` count from a failure title.
func baseTitle(title string) string {
	if !strings.HasSuffix(title, " violations)") {
		return title
	}
	if i := strings.LastIndex(title, " ("); i > 0 {
		return title[:i]
	}
	return title
}

func (r *Run) progress(p *parser.Progress) {
	if p.Label != "" {
		if p.Truncated {
			r.truncated = append(r.truncated, p.Label)
		} else {
			if r.progressLabels == nil {
				r.progressLabels = map[string]bool{}
			}
			r.progressLabels[p.Label] = true
		}
	}
	if p.Symbol != 0 {
		r.count(p.Symbol, 1)
	}
}

// unlisted counts the operations in ops that the final line counts but no progress line shows:
// `Stateful tests`, path-level schema errors. Without labelled progress lines (several workers)
// it falls back to the shape of the label.
func (r *Run) unlisted(ops map[string]bool) int {
	n := 0
	for op := range ops {
		if op == "API Probe errors" {
			continue
		}
		if len(r.progressLabels) == 0 && len(r.truncated) == 0 {
			if !isOperationLabel(op) {
				n++
			}
			continue
		}
		if r.progressLabels[op] || slices.ContainsFunc(r.truncated, func(p string) bool { return strings.HasPrefix(op, p) }) {
			continue
		}
		n++
	}
	return n
}

func (r *Run) progressLine(p *parser.ProgressLine) {
	if p.Stateful {
		return
	}
	r.Totals.ProgressPassed += p.Passed
	r.Totals.ProgressFailed += p.Failed
	r.Totals.ProgressErrored += p.Errored
	r.Totals.ProgressSkipped += p.Skipped
	r.Totals.ProgressUnknown += p.Unknown
}

func (r *Run) count(sym byte, n int) {
	switch sym {
	case '.':
		r.Totals.ProgressPassed += n
	case 'F':
		r.Totals.ProgressFailed += n
	case 'E':
		r.Totals.ProgressErrored += n
	case 'S':
		r.Totals.ProgressSkipped += n
	default:
		r.Totals.ProgressUnknown += n
	}
}

func (r *Run) errorBlock(e *parser.ErrorBlock) {
	if e.Fatal {
		r.fatalEvidence(e)
		if r.Fatal == nil {
			r.Fatal = e
		}
		return
	}
	r.Totals.Errors++
	r.noteHookError(e)
	if e.Operation != "API Probe errors" && !r.erroredOps[e.Operation] {
		r.erroredOps[e.Operation] = true
		r.Totals.ErroredOperations++
	}
	if len(r.Errors) < maxKeptWarnings {
		r.Errors = append(r.Errors, *e)
	}
}

func (r *Run) warning(w *parser.Warning) {
	r.Totals.Warnings++
	if len(r.warnedOps) < maxKeptWarnings {
		r.warnedOps = append(r.warnedOps, w.Operations...)
	}
	if len(r.Summary.Warnings) < maxKeptWarnings {
		r.Summary.Warnings = append(r.Summary.Warnings, w.Text)
	}
}

func (r *Run) diagnostic(d *parser.Diagnostic) {
	r.Totals.Diagnostics++
	if len(r.Diagnostics) < maxKeptDiagnostics {
		r.Diagnostics = append(r.Diagnostics, *d)
	}
}

// isOperationLabel reports whether label is `METHOD /path` (a progress line exists for it).
func isOperationLabel(label string) bool {
	method, path, ok := strings.Cut(label, " ")
	if !ok || !strings.HasPrefix(path, "/") {
		return false
	}
	switch method {
	case "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "QUERY":
		return true
	}
	return false
}

// maxTraffic bounds the HAR interactions kept for joining with failures from other inputs.
const maxTraffic = 200000

func (r *Run) interaction(e *parser.Interaction) {
	r.Totals.Interactions++
	if r.Format != parser.FormatHAR || e.TestCaseID == "" {
		return
	}
	if r.traffic == nil {
		r.traffic = map[string]parser.Interaction{}
	}
	if len(r.traffic) < maxTraffic {
		r.traffic[e.TestCaseID] = *e
	}
}

// JoinTraffic attaches to every sample of runs the HAR interaction with its test case id, found in
// any of traffic's runs. It returns how many samples it joined.
func JoinTraffic(runs []*Run, traffic []*Run) int {
	n := 0
	for _, r := range runs {
		for _, g := range r.Groups {
			for i := range g.Samples {
				s := &g.Samples[i]
				if s.TestCaseID == "" || s.Traffic != nil {
					continue
				}
				for _, t := range traffic {
					if x, ok := t.traffic[s.TestCaseID]; ok {
						s.Traffic = &x
						n++
						break
					}
				}
			}
		}
	}
	return n
}
