package parser

// Span is a range of lines in the original input.
type Span struct {
	Offset  int64 `json:"offset"`   // byte offset of the first line in the original input
	End     int64 `json:"end"`      // byte offset just past the last line (including its line break)
	Line    int   `json:"line"`     // 1-based number of the first line
	EndLine int   `json:"end_line"` // 1-based number of the last line
}

// extend grows s to cover l.
func (s *Span) extend(l *Line) {
	if s.Line == 0 {
		s.Offset, s.Line = l.Offset, l.Number
	}
	s.End, s.EndLine = l.End, l.Number
}

// Event is anything the parser reports.
type Event interface {
	// Pos is where the event sits in the original input.
	Pos() Span
}

// Pos implements Event.
func (s Span) Pos() Span { return s }

// Format names an input format ctlog understands.
type Format string

// Known formats.
const (
	FormatSchemathesis3 Format = "schemathesis-3" // 3.x CLI text
	FormatSchemathesis4 Format = "schemathesis-4" // 4.x CLI text
	FormatJUnit         Format = "junit"          // JUnit XML report (3.x and 4.x)
	FormatCassette      Format = "vcr"            // VCR cassette (YAML), 3.x and 4.x layouts
	FormatHAR           Format = "har"            // HAR 1.2 traffic (4.x --report har)
	FormatNDJSON        Format = "ndjson"         // 4.x engine event stream (--report ndjson)
	FormatCrash         Format = "crash-file"     // a 4.22+ crash file (.schemathesis/…/crashes/*.json) or its manifest.json
	FormatAllure        Format = "allure"         // 4.14+ Allure results (--report allure): *-result.json, one per operation
)

// Encoding describes how the input bytes were decoded.
type Encoding string

// Known encodings.
const (
	EncodingUTF8    Encoding = "utf-8"
	EncodingUTF16LE Encoding = "utf-16le"
	EncodingUTF16BE Encoding = "utf-16be"
)

// Wrapping describes the CI wrapping found around the tool's output.
type Wrapping string

// Known wrappings.
const (
	WrapNone          Wrapping = ""
	WrapGitHub        Wrapping = "github-actions" // raw job log: timestamp prefixes and ##[...] markers
	WrapGitHubRunView Wrapping = "gh-run-view"    // `gh run view --log`: job<TAB>step<TAB>raw line
)

// InputInfo describes the input as a whole; it is the last event of every parse.
type InputInfo struct {
	Span
	Name     string   `json:"name"`
	Encoding Encoding `json:"encoding"`
	BOM      bool     `json:"bom"`
	Wrapping Wrapping `json:"wrapping,omitempty"`
}

// Preamble is text before the session header (pip output, banners, hook prints).
type Preamble struct {
	Span
	Text string `json:"text"`
}

// RunStart marks a session header rule; every run in the input begins with one.
type RunStart struct {
	Span
	Format  Format `json:"format"`
	Version string `json:"version,omitempty"` // tool version when printed (e.g. "3.39.16")
	Command string `json:"command,omitempty"` // the command line, when the source records it (cassettes)
	Kind    string `json:"kind,omitempty"`    // what ran, when not `st run`: "replay" (st replay), "fuzz" (st fuzz), "crash-files"
}

// Setting is one `Key: value` line of the session header.
type Setting struct {
	Span
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Progress is one per-operation progress line or, with several workers, one symbol of the symbol line.
type Progress struct {
	Span
	Label     string `json:"label,omitempty"` // empty in the short (multi-worker) style
	Truncated bool   `json:"truncated,omitempty"`
	Symbol    byte   `json:"symbol"` // '.', 'F', 'E' or 'S'; 0 when the run stopped before the result
	Stateful  bool   `json:"stateful,omitempty"`
}

// ProgressLine is a run of progress symbols without labels (several workers or stateful tests).
type ProgressLine struct {
	Span
	Passed   int  `json:"passed"`
	Failed   int  `json:"failed"`
	Errored  int  `json:"errored"`
	Skipped  int  `json:"skipped"`
	Unknown  int  `json:"unknown,omitempty"` // '?' symbols
	Stateful bool `json:"stateful,omitempty"`
}

// Section marks a `==== TITLE ====` rule that opens a report section.
type Section struct {
	Span
	Title string `json:"title"`
}

// Check is one failed check inside a test case.
type Check struct {
	Title      string `json:"title"`          // as printed, e.g. "Server error"
	Name       string `json:"name,omitempty"` // check name, e.g. "not_a_server_error"; empty when unknown
	Message    string `json:"message,omitempty"`
	Violations int    `json:"violations,omitempty"` // 4.x `(N violations)`; 0 means one
}

// Failure is one failing test case of an operation.
type Failure struct {
	Span
	Operation  string   `json:"operation"` // the label as printed, e.g. "GET /api/users/{id}"; empty only in a split read's part (Join)
	Index      int      `json:"index"`     // the case number under the operation title (1-based)
	TestCaseID string   `json:"test_case_id,omitempty"`
	Checks     []Check  `json:"checks"`
	Status     int      `json:"status,omitempty"` // response status; 0 when there was no response
	Reason     string   `json:"reason,omitempty"`
	Body       string   `json:"body,omitempty"`           // the response body excerpt, without quotes
	BodyKind   string   `json:"body_kind,omitempty"`      // "", "empty", "binary"
	BodyCut    bool     `json:"body_truncated,omitempty"` // Schemathesis cut the body (`// Output truncated...`)
	BodyElided bool     `json:"body_elided,omitempty"`    // ctlog kept only a prefix of a huge body
	Reproduce  []string `json:"reproduce,omitempty"`      // one command per request, in call order
	Flaky      bool     `json:"flaky,omitempty"`
	Legacy     bool     `json:"legacy,omitempty"` // the 3.0–3.20 block format
	Incomplete bool     `json:"incomplete,omitempty"`

	text []byte // holds the strings above when the parser reuses failures (casetext.go)
}

// ErrorBlock is one entry of the ERRORS section, or a fatal error printed instead of a run.
type ErrorBlock struct {
	Span
	Operation string `json:"operation,omitempty"` // empty for fatal errors
	Title     string `json:"title"`
	Message   string `json:"message,omitempty"`
	Fatal     bool   `json:"fatal,omitempty"` // the run never started or crashed
}

// Warning is a warning printed in the SUMMARY (3.x) or the WARNINGS section (4.x).
type Warning struct {
	Span
	Text       string   `json:"text"`
	Operations []string `json:"operations,omitempty"` // 4.x: the operations listed under the warning
	Tip        string   `json:"tip,omitempty"`
	Details    []string `json:"details,omitempty"` // indented detail lines, e.g. `No value can be generated for …` (4.25)
}

// Phase is a 4.x phase block: Examples, Coverage, Fuzzing or Stateful.
type Phase struct {
	Span
	Name    string `json:"name"`
	Status  string `json:"status"` // passed, failed, errored, skipped, interrupted, unknown
	Passed  int    `json:"passed"` // per operation (scenarios for Stateful)
	Failed  int    `json:"failed"`
	Errored int    `json:"errored"`
	Skipped int    `json:"skipped"`
	// Scenarios is how many scenarios an `st fuzz` run's Fuzzing block says it ran; 0 otherwise.
	Scenarios int `json:"scenarios,omitempty"`
}

// SummaryCount is a counted line of a 4.x SUMMARY: `❌ Server error: 2` under Failures, Errors or
// Warnings, or `Tested: 3` under API Operations.
type SummaryCount struct {
	Span
	Kind  string `json:"kind"` // failure, error, warning, operations
	Title string `json:"title"`
	Count int    `json:"count"`
}

// CheckTotal is one row of the "Performed checks" table.
type CheckTotal struct {
	Span
	Name   string `json:"name"`
	Passed int    `json:"passed"` // -1 when the log shows a placeholder
	Total  int    `json:"total"`  // -1 when the log shows a placeholder
	Failed bool   `json:"failed"`
}

// SummaryNote is a recognised informational SUMMARY line (report paths, notes, extension lines).
type SummaryNote struct {
	Span
	Kind string `json:"kind"` // "network-log", "junit", "note", "experimental", "upload", "extension", ...
	Text string `json:"text"`
}

// Interrupted marks a `!!! KeyboardInterrupt !!!` rule, or a 4.x stage stopped by Ctrl-C before
// the tests began (` ⚡  Loading interrupted after …`, ` ⚡  API probing interrupted after …`).
type Interrupted struct {
	Span
	Stage string `json:"stage,omitempty"` // "loading" or "probing" when the tests never began; empty otherwise
}

// RunKind says which command printed a 4.x run when its lines show it: "fuzz" for `st fuzz`
// (its `N scenarios` phase line, its `Stop reason:` or `Fuzzing:` SUMMARY lines). The banner is
// the same for every command, so it comes after RunStart.
type RunKind struct {
	Span
	Kind string `json:"kind"`
}

// RunEnd is the final line of a run. In 3.x its counts are operations; in 4.x Failed is the number
// of unique failures and Errored the number of errors.
type RunEnd struct {
	Span
	Text     string   `json:"text"`
	Passed   int      `json:"passed"`
	Failed   int      `json:"failed"`
	Errored  int      `json:"errored"`
	Skipped  int      `json:"skipped"`
	Warnings int      `json:"warnings,omitempty"` // 4.x: warning kinds
	Has      []string `json:"has"`                // the counts the line printed, in order: passed, failed, errored, skipped (3.x); failures, errors, warnings (4.x)
	Seconds  float64  `json:"seconds"`
	Empty    bool     `json:"empty,omitempty"` // "Empty test suite"
	Fixed    int      `json:"fixed,omitempty"` // st replay: checks that no longer fail
	Flaky    int      `json:"flaky,omitempty"` // st replay: checks that failed on some replays only
}

// Marker is a CI workflow marker line (`##[group]`, `##[error]`, ...) removed from the text stream.
type Marker struct {
	Span
	Kind string `json:"kind"` // "group", "endgroup", "error", "warning", "notice", "debug", "command", "section"
	Text string `json:"text"`
}

// Diagnostic is something the parser did not understand or had to work around.
type Diagnostic struct {
	Span
	Severity string `json:"severity"` // "warning" or "info"
	Code     string `json:"code"`
	Message  string `json:"message"`
}

// Trailer is text after a run's final line (CI step output, later commands).
type Trailer struct {
	Span
	Lines int `json:"lines"`
}

// Interaction is one recorded request and its response (cassettes and HAR files).
type Interaction struct {
	Span
	TestCaseID string  `json:"test_case_id,omitempty"`
	Method     string  `json:"method"`
	URI        string  `json:"uri"`
	Status     int     `json:"status,omitempty"`  // 0 when there was no response
	Outcome    string  `json:"outcome,omitempty"` // SUCCESS, FAILURE, ERROR or SKIP (cassettes); empty for HAR
	Elapsed    float64 `json:"elapsed,omitempty"` // seconds
	Phase      string  `json:"phase,omitempty"`
}

// ReplayCase is one case of `st replay` output (4.22+): the rollup line of a replayed crash file
// (`  x FAILED GET /users`), with the per-check rows or the error message printed under it.
type ReplayCase struct {
	Span
	Status    string        `json:"status"`    // fixed, failed, flaky, errored, changed
	Operation string        `json:"operation"` // METHOD and path of the request sent
	Checks    []ReplayCheck `json:"checks,omitempty"`
	Message   string        `json:"message,omitempty"` // why an errored case could not be replayed
}

// ReplayCheck is one per-check row under a replayed case (`    x response_schema_conformance`).
type ReplayCheck struct {
	Name   string `json:"name"`
	Status string `json:"status"`
	Note   string `json:"note,omitempty"` // e.g. "passed 1 of 2 replays", "check not available to re-run"
}
