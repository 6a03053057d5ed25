package classify

import (
	"bytes"
	"cmp"
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ctlog-dev/ctlog/parser"
)

// maxSamples is how many full failures a group keeps; maxLines how many member line numbers at most
// (fewer in a run with many groups: see lineBudget).
const (
	maxSamples = 3
	maxLines   = 2000
)

type groupKey struct {
	Operation string
	Title     string
	Status    int
	Cause     string // the signature's text: one operation's 500s with different exceptions are different problems
	Stateful  bool   // a stateful test's failure is not joined with the operation's own
}

// recentGroups remembers the last few groups failures went to: a log lists one operation's test
// cases together, and they fall into few groups, so most failures find their group here without
// hashing the key's strings (interned by the parser, they compare by pointer).
type recentGroups struct {
	keys   [4]groupKey
	groups [4]*Group
	next   int
}

// get takes the key's fields, not a groupKey: copying a key just built stalls the CPU.
func (r *recentGroups) get(op, title string, status int, cause string, stateful bool) *Group {
	for i := range r.keys {
		k := &r.keys[i]
		if r.groups[i] != nil && k.Status == status && k.Operation == op && k.Title == title && k.Cause == cause && k.Stateful == stateful {
			return r.groups[i]
		}
	}
	return nil
}

func (r *recentGroups) put(g *Group) {
	for i := range r.keys {
		if r.groups[i] == g {
			return
		}
	}
	r.keys[r.next] = g.key()
	r.groups[r.next] = g
	r.next = (r.next + 1) % len(r.keys)
}

// key is the group's key: what its members share.
func (g *Group) key() groupKey {
	return groupKey{Operation: g.Operation, Title: g.Title, Status: g.kstatus, Cause: g.Signature.Text, Stateful: g.Stateful}
}

// keyStatus is the status a failure is grouped by: its own, except for a stateful test's failure
// or a stateful check that is not a server error, whose cause does not depend on it (a deleted
// resource served with 200 or 204 is one problem).
func keyStatus(check string, stateful bool, status int) int {
	if status < 500 && (stateful || check == "use_after_free" || check == "ensure_resource_availability") {
		return 0
	}
	return status
}

// CheckLabel names the group's check in reports: its name, or its title when the name is unknown.
func (g *Group) CheckLabel() string {
	if g.Check != "" {
		return g.Check
	}
	return g.Title
}

// Group is the failures of one operation that failed one check, under one title (a check such as
// response_schema_conformance has several), with one response status.
type Group struct {
	Operation string      `json:"operation"`
	Check     string      `json:"check"` // check name; empty when the title is unknown
	Title     string      `json:"title"` // check title as printed
	Status    int         `json:"status,omitempty"`
	Reason    string      `json:"reason,omitempty"`
	Count     int         `json:"count"`
	Flaky     int         `json:"flaky,omitempty"`
	First     parser.Span `json:"first"`
	Last      parser.Span `json:"last"`
	Lines     []int       `json:"lines"`                     // the first line of the first members: 2,000, fewer in a run of many groups (lineCap)
	LinesCut  bool        `json:"lines_truncated,omitempty"` // more members than Lines holds
	Samples   []Sample    `json:"samples"`
	Signature Signature   `json:"signature"`      // the root cause the members share
	Hook      []string    `json:"hook,omitempty"` // hook rules that claim this failure ("a hook should have fixed this")
	New       *bool       `json:"new,omitempty"`  // not in the baseline; absent when no baseline was given
	// History is what the history store says of the group ("new since abc1234", "intermittent (6 of
	// 15)"); absent when no store was read.
	History string `json:"history,omitempty"`
	// Timeline says, for each of the stored runs History counts over, oldest first, whether the
	// group was in it.
	Timeline []bool `json:"history_timeline,omitempty"`
	// Stateful: the members failed in stateful tests (the `Stateful tests` block), filed under the
	// operation of the last request of their reproduce chain, which their samples keep whole.
	Stateful bool `json:"stateful,omitempty"`
	// Related names the checks of the other groups the same test cases fail: one problem seen by
	// several checks (a 500 that is also an undocumented status).
	Related []string `json:"related,omitempty"`

	kstatus int    // the status the group is keyed by (keyStatus); Status when the members share one
	reqPath string // a stateful group's failing request path, to match with the run's operations
	spread  int    // the operations its cause spans (sortGroups)
}

// MethodPath splits an operation label `METHOD /path` into its method and path; both are "" for a
// label of another form (a GraphQL field, a title without a method).
func MethodPath(operation string) (method, path string) {
	if !isOperationLabel(operation) {
		return "", ""
	}
	method, path, _ = strings.Cut(operation, " ")
	return method, path
}

// MarshalJSON writes the group with the method and path of its operation beside it (added in
// schema_version 1; operation stays as printed).
func (g Group) MarshalJSON() ([]byte, error) {
	type fields Group // without this method
	method, path := MethodPath(g.Operation)
	return encodeNoHTML(struct {
		Operation string `json:"operation"`
		Method    string `json:"method,omitempty"`
		Path      string `json:"path,omitempty"`
		fields
	}{g.Operation, method, path, fields(g)})
}

// encodeNoHTML is json.Marshal without escaping <, > and &, as the outputs' encoders do: the
// encoder that calls a MarshalJSON keeps its bytes as they are.
func encodeNoHTML(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), err
}

// Sample is one failing test case kept in full.
type Sample struct {
	Span       parser.Span `json:"span"`
	TestCaseID string      `json:"test_case_id,omitempty"`
	Message    string      `json:"message,omitempty"`
	Status     int         `json:"status,omitempty"`
	Body       string      `json:"body,omitempty"`
	BodyKind   string      `json:"body_kind,omitempty"`
	BodyCut    bool        `json:"body_truncated,omitempty"`
	Reproduce  []string    `json:"reproduce,omitempty"`
	Replay     string      `json:"replay,omitempty"`     // `st replay <id>`: re-runs the failure from its crash file (st replay output, crash files)
	CrashFile  string      `json:"crash_file,omitempty"` // the crash file of this test case, given alongside
	Flaky      bool        `json:"flaky,omitempty"`
	Elided     bool        `json:"elided,omitempty"` // ctlog kept only the first 16 KiB of the body, message or a command
	// Traffic is the recorded exchange with the same test case id, from a HAR file given alongside.
	Traffic *parser.Interaction `json:"traffic,omitempty"`
}

// add counts f in g, keeping its line number while g holds fewer than lines.
func (g *Group) add(f *parser.Failure, c parser.Check, lines int) {
	if g.Count > 0 && f.Status != g.Status {
		g.Status, g.Reason = 0, "" // keyed without the status: the members differ
	}
	g.Count++
	if f.Flaky {
		g.Flaky++
	}
	g.Last = f.Span
	if len(g.Lines) < lines {
		g.Lines = appendLine(g.Lines, f.Line, lines)
	} else {
		g.LinesCut = true
	}
	if len(g.Samples) < maxSamples {
		s := Sample{Span: f.Span, TestCaseID: strings.Clone(f.TestCaseID), Status: f.Status, BodyKind: f.BodyKind, BodyCut: f.BodyCut,
			Flaky: f.Flaky, Elided: f.BodyElided}
		s.Message, s.Elided = g.keep(c.Message, s.Elided, sampleMessage)
		s.Body, s.Elided = g.keep(f.Body, s.Elided, sampleBody)
		if len(f.Reproduce) > 0 {
			s.Reproduce = make([]string, len(f.Reproduce))
		}
		for i, cmd := range f.Reproduce {
			s.Reproduce[i], s.Elided = keep(cmd, s.Elided)
		}
		// Grown one at a time, into a new array: most groups keep one sample or three (append would
		// leave room for four), and a redacted document may share the old array (summary.RedactSamples).
		samples := make([]Sample, len(g.Samples)+1)
		copy(samples, g.Samples)
		samples[len(g.Samples)] = s
		g.Samples = samples
	}
}

// sampleMessage and sampleBody pick a text of a sample, for Group.keep.
func sampleMessage(s *Sample) string { return s.Message }
func sampleBody(s *Sample) string    { return s.Body }

// keep is keep for a text of a new sample, sharing the text of an earlier sample of the group that
// is the same (one failure repeated: the same message and body with another test case id).
func (g *Group) keep(s string, elided bool, text func(*Sample) string) (string, bool) {
	if len(s) <= maxSampleText {
		for i := range g.Samples {
			if t := text(&g.Samples[i]); t == s {
				return t, elided
			}
		}
	}
	return keep(s, elided)
}

// maxSampleText bounds each text a sample keeps, so memory stays flat however big the bodies.
const maxSampleText = 16 << 10

// keep returns a copy of s cut to maxSampleText, and whether anything was cut so far. A copy: the
// parser's failures share their text with others (parser/casetext.go), which a sample must not keep.
func keep(s string, elided bool) (string, bool) {
	if len(s) <= maxSampleText {
		return strings.Clone(s), elided
	}
	n := maxSampleText
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return strings.Clone(s[:n]), true
}

// relate records that groups a and b hold the same test case.
func relate(a, b *Group) {
	if a == b || a.CheckLabel() == b.CheckLabel() {
		return
	}
	if !slices.Contains(a.Related, b.CheckLabel()) {
		a.Related = append(a.Related, b.CheckLabel())
	}
	if !slices.Contains(b.Related, a.CheckLabel()) {
		b.Related = append(b.Related, a.CheckLabel())
	}
}

// Severity is how bad a failure group's problem is: the level reports order groups by, the most
// severe first. A lower value is more severe.
type Severity int

const (
	// SeverityServer is a server error or a crash: a 5xx response, the not_a_server_error check, a
	// request that timed out.
	SeverityServer Severity = iota + 1
	// SeverityContract is a response that breaks the documented contract: its schema (JSON
	// deserialization included), content type or headers.
	SeverityContract
	// SeverityAcceptance is every other finding: undocumented status codes, negative data accepted,
	// positive data rejected, missing headers not rejected, unsupported methods, ignored auth,
	// stateful and custom checks.
	SeverityAcceptance
)

func (s Severity) String() string {
	switch s {
	case SeverityServer:
		return "server error"
	case SeverityContract:
		return "contract violation"
	case SeverityAcceptance:
		return "status or data finding"
	}
	return "unknown"
}

// Severity is the group's level: a server error whatever the check when a member got a 5xx.
func (g *Group) Severity() Severity {
	switch g.Check {
	case "not_a_server_error", "request_timeout":
		return SeverityServer
	}
	if g.Status >= 500 || g.kstatus >= 500 {
		return SeverityServer
	}
	for _, s := range g.Samples {
		if s.Status >= 500 {
			return SeverityServer
		}
	}
	switch g.Check {
	case "response_schema_conformance", "content_type_conformance", "response_headers_conformance", "allow_header_conformance":
		return SeverityContract
	}
	return SeverityAcceptance
}

// Spread is how many operations the group's cause spans: the operations of its shared cause (the
// run's Causes), 1 when its cause is its own.
func (g *Group) Spread() int { return max(g.spread, 1) }

// CompareGroups orders failure groups the way every output presents them: the most severe first;
// within a level the groups whose cause spans more operations, then the bigger, then the one seen
// first. Every report, the annotations and the interactive screen's default sort use it.
func CompareGroups(a, b *Group) int { return CompareRanks(a.Rank(), b.Rank()) }

// Rank is what CompareGroups orders a group by.
type Rank struct {
	Severity            Severity
	Spread, Count, Line int // Line: the first member's
}

// Rank returns what CompareGroups orders g by.
func (g *Group) Rank() Rank {
	return Rank{Severity: g.Severity(), Spread: g.Spread(), Count: g.Count, Line: g.First.Line}
}

// CompareRanks is CompareGroups for groups known by their Rank (a screen's row while a log is read).
func CompareRanks(a, b Rank) int {
	if c := cmp.Compare(a.Severity, b.Severity); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Spread, a.Spread); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Count, a.Count); c != 0 {
		return c
	}
	return cmp.Compare(a.Line, b.Line)
}

// sortGroups orders groups by CompareGroups, after counting the operations each one's cause spans.
func sortGroups(gs []*Group) {
	ops := map[[2]string]map[string]bool{}
	for _, g := range gs {
		if k, ok := causeKey(g); ok {
			if ops[k] == nil {
				ops[k] = map[string]bool{}
			}
			ops[k][g.Operation] = true
		}
	}
	for _, g := range gs {
		g.spread = 1
		if k, ok := causeKey(g); ok {
			g.spread = len(ops[k])
		}
	}
	slices.SortStableFunc(gs, CompareGroups)
}
