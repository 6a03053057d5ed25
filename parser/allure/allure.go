// Package allure reads the Allure results Schemathesis 4.14+ writes with `--report allure` as
// parser events.
//
// The writer leaves one `<uuid>-result.json` per operation label in the report directory (its
// Allure results directory), and an attachment file `<uuid>-attachment` (an extension may follow)
// for each attachment a result names. A result holds the operation label (name, fullName and the
// `story` label), its status — passed, failed, broken or skipped, the worst over the phases —
// and, when it failed, one step per distinct failing test case, named `Test Case: <id>` (`Run
// check` for the after-run checks), whose statusDetails.message is the failure text the CLI
// prints under the case's `N. Test Case ID:` line: the `- Title` lines with their messages, the
// `[status] Reason:` line and body, `Reproduce with:` and the curl command. A broken result
// carries the error in its own statusDetails (message, and trace when the writer adds one); a
// skipped one the skip reason.
//
// ParseRun reads the result files of one run — a results directory, the results in a zip — as
// one run; Parse reads one result file alone.
package allure

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/ctlog-dev/ctlog/parser"
)

// MaxFile bounds what one result file may hold.
const MaxFile = 64 << 20

// maxAttachment bounds what is kept of one attachment.
const maxAttachment = 1 << 20

// runChecksLabel is the label Schemathesis records the after-run checks under; classify reads
// failures of this operation without a test case as run-level findings.
const runChecksLabel = "Run checks"

// result is the part of an Allure TestResult ctlog reads.
type result struct {
	UUID          string     `json:"uuid"`
	Name          string     `json:"name"`
	FullName      string     `json:"fullName"`
	Status        string     `json:"status"`
	StatusDetails details    `json:"statusDetails"`
	Steps         []stepJSON `json:"steps"`
	Attachments   []attach   `json:"attachments"`
	Labels        []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"labels"`
	Parameters []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"parameters"`
	Start int64 `json:"start"`
	Stop  int64 `json:"stop"`
}

type details struct {
	Message string `json:"message"`
	Trace   string `json:"trace"`
}

type stepJSON struct {
	Name          string     `json:"name"`
	Status        string     `json:"status"`
	StatusDetails details    `json:"statusDetails"`
	Attachments   []attach   `json:"attachments"`
	Steps         []stepJSON `json:"steps"`
}

type attach struct {
	Name   string `json:"name"`
	Source string `json:"source"`
	Type   string `json:"type"`
}

// label is the operation the result is about: the `story` label the writer sets to it, else
// fullName, else name (which a test may have retitled).
func (r *result) label() string {
	for _, l := range r.Labels {
		if l.Name == "story" && l.Value != "" {
			return l.Value
		}
	}
	if r.FullName != "" {
		return r.FullName
	}
	return r.Name
}

func (r *result) labelValue(name string) string {
	for _, l := range r.Labels {
		if l.Name == name {
			return l.Value
		}
	}
	return ""
}

// allureKeys are keys of an Allure TestResult that other JSON ctlog reads does not have.
var allureKeys = []string{`"statusDetails"`, `"historyId"`, `"testCaseId"`, `"fullName"`}

var statusValue = regexp.MustCompile(`"status"\s*:\s*"(passed|failed|broken|skipped|unknown)"`)

// Looks reports whether head, the start of a JSON input, is an Allure result: an object with an
// Allure status and a key only Allure results have. The writer puts name, status and
// statusDetails first and the steps before uuid and labels, so a long failure text may push those
// past the head.
func Looks(head string) bool {
	t := strings.TrimLeft(head, " \t\r\n\uFEFF")
	if !strings.HasPrefix(t, "{") || !statusValue.MatchString(t) {
		return false
	}
	for _, k := range allureKeys {
		if strings.Contains(t, k) {
			return true
		}
	}
	return false
}

var attachmentName = regexp.MustCompile(`^[0-9A-Za-z_-]+-attachment(\.[0-9A-Za-z]+)?$`)

// IsAttachment reports whether name (a path) is an Allure attachment file, `<uuid>-attachment`
// with or without an extension: not an input of its own, but read with the results that name it.
func IsAttachment(name string) bool {
	return attachmentName.MatchString(path.Base(strings.ReplaceAll(name, `\`, "/")))
}

// File is one result file of a run.
type File struct {
	Name string // the path of the file, as ctlog names it
	Data []byte
}

// Attachments finds an attachment's content by its source (the file name a result gives); ok is
// false when the run has no such file.
type Attachments func(source string) (data []byte, ok bool)

// Parse reads one result file as a run of its own (see ParseRun); its attachments are not read.
func Parse(r io.Reader, opts parser.Options, h parser.Handler) (parser.Stats, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFile+1))
	if err != nil {
		return parser.Stats{}, fmt.Errorf("read %s: %w", opts.Name, err)
	}
	return ParseRun([]File{{Name: opts.Name, Data: data}}, nil, opts, h), nil
}

// ParseRun reads the result files of one run, in the order given, and streams: a RunStart
// (format allure); per result, a Progress for its operation (symbol '.', 'F', 'E' or 'S' from its
// status), a Failure for each failed step — its text read with the CLI's failure grammar
// (parser.FailureBlocks), under the `N. Test Case ID:` line the step names, so that checks,
// titles, status, body and curl are those the text log shows — an ErrorBlock for a broken
// result's error; then a RunEnd counting the operations by status ("allure: 1 passed, 1 failed,
// 1 errored"), and InputInfo. A failure whose text has no reproduce command or no body takes them
// from the result's attachments named like curl / response, when attach finds them. The after-run
// checks (label "Run checks") give run-level failures and count in no status. Spans are byte
// ranges and lines of the result files laid end to end in the order given. A file that is not
// such JSON is a warning Diagnostic (code "json").
func ParseRun(files []File, attach Attachments, opts parser.Options, h parser.Handler) parser.Stats {
	if opts.MaxText <= 0 {
		opts.MaxText = parser.DefaultMaxText
	}
	var st parser.Stats
	st.Encoding = parser.EncodingUTF8
	spans := make([]parser.Span, len(files))
	for i, f := range files {
		lines := bytes.Count(f.Data, []byte("\n"))
		if len(f.Data) > 0 && f.Data[len(f.Data)-1] != '\n' {
			lines++
		}
		spans[i] = parser.Span{Offset: st.Bytes, End: st.Bytes + int64(len(f.Data)), Line: st.Lines + min(1, lines), EndLine: st.Lines + lines}
		st.Bytes += int64(len(f.Data))
		st.Lines += lines
	}
	whole := parser.Span{End: st.Bytes, Line: min(1, st.Lines), EndLine: st.Lines}
	h.Handle(&parser.RunStart{Span: whole, Format: parser.FormatAllure})
	var counts [4]int // passed, failed, errored, skipped
	settings := map[string]bool{}
	for i, f := range files {
		sp := spans[i]
		data := f.Data
		if b := []byte("\uFEFF"); bytes.HasPrefix(data, b) {
			data = data[len(b):]
			if i == 0 {
				st.BOM = true
			}
		}
		if len(data) > MaxFile {
			h.Handle(&parser.Diagnostic{Span: sp, Severity: "warning", Code: "too-large", Message: fmt.Sprintf("%s: Allure result larger than %d MiB: not read", f.Name, MaxFile>>20)})
			continue
		}
		var r result
		if err := json.Unmarshal(data, &r); err != nil {
			h.Handle(&parser.Diagnostic{Span: sp, Severity: "warning", Code: "json", Message: f.Name + ": not an Allure result: " + err.Error()})
			continue
		}
		if v := r.labelValue("epic"); v != "" && !settings["API"] {
			settings["API"] = true
			h.Handle(&parser.Setting{Span: sp, Key: "API", Value: v})
		}
		emitResult(&r, f.Name, sp, attach, opts, h, &counts)
	}
	h.Handle(runEnd(whole, counts))
	h.Handle(&parser.InputInfo{Span: whole, Name: opts.Name, Encoding: st.Encoding, BOM: st.BOM})
	return st
}

// emitResult streams the events of one result.
func emitResult(r *result, name string, sp parser.Span, attach Attachments, opts parser.Options, h parser.Handler, counts *[4]int) {
	op := r.label()
	if op == "" {
		h.Handle(&parser.Diagnostic{Span: sp, Severity: "warning", Code: "allure-no-label", Message: name + ": Allure result without a name: not read"})
		return
	}
	runChecks := op == runChecksLabel
	sym := byte(0)
	switch r.Status {
	case "passed":
		sym = '.'
	case "failed":
		sym = 'F'
	case "broken":
		sym = 'E'
	case "skipped":
		sym = 'S'
	default:
		h.Handle(&parser.Diagnostic{Span: sp, Severity: "warning", Code: "allure-status", Message: fmt.Sprintf("%s: %s has status %q", name, op, r.Status)})
	}
	if !runChecks {
		h.Handle(&parser.Progress{Span: sp, Label: op, Symbol: sym})
		switch sym {
		case '.':
			counts[0]++
		case 'F':
			counts[1]++
		case 'E':
			counts[2]++
		case 'S':
			counts[3]++
		}
	}
	extra := fromAttachments(r.Attachments, attach)
	n := 0
	for _, s := range r.Steps {
		if s.Status != "failed" && s.Status != "broken" || strings.TrimSpace(s.StatusDetails.Message) == "" {
			continue
		}
		n++
		text := s.StatusDetails.Message
		if id, ok := strings.CutPrefix(s.Name, "Test Case: "); ok && !runChecks {
			text = strconv.Itoa(n) + ". Test Case ID: " + strings.TrimSpace(id) + "\n\n" + text
		}
		parser.FailureBlocks(op, text, sp, opts, fill{h: h, span: sp, extra: extra})
	}
	if r.Status == "failed" && n == 0 {
		h.Handle(&parser.Diagnostic{Span: sp, Severity: "warning", Code: "allure-no-steps",
			Message: name + ": " + op + " failed, but the result has no failure text"})
	}
	if r.Status == "broken" {
		msg := strings.TrimSpace(r.StatusDetails.Message)
		if tr := strings.TrimSpace(r.StatusDetails.Trace); tr != "" {
			msg = strings.TrimSpace(msg + "\n\n" + tr)
		}
		title, rest, _ := strings.Cut(msg, "\n")
		if title == "" {
			title = "Error"
		}
		h.Handle(&parser.ErrorBlock{Span: sp, Operation: op, Title: strings.TrimSpace(title), Message: strings.TrimSpace(rest)})
	}
}

// extras are what a result's attachments add to its failures.
type extras struct {
	curl []string // reproduce commands
	body string   // the response body
}

// fromAttachments reads the attachments named like a curl command or a response.
func fromAttachments(as []attach, attach Attachments) extras {
	var e extras
	if attach == nil {
		return e
	}
	for _, a := range as {
		name := strings.ToLower(a.Name)
		data, ok := attach(a.Source)
		if !ok {
			continue
		}
		if len(data) > maxAttachment {
			data = data[:maxAttachment]
		}
		text := strings.TrimSpace(string(data))
		switch {
		case strings.Contains(name, "curl") || strings.Contains(name, "reproduce"):
			if e.curl == nil {
				for line := range strings.SplitSeq(text, "\n") {
					if line = strings.TrimSpace(line); line != "" {
						e.curl = append(e.curl, line)
					}
				}
			}
		case strings.Contains(name, "response") && e.body == "":
			e.body = text
		}
	}
	return e
}

// fill places a failure at its result and adds what the attachments give and the text lacks.
type fill struct {
	h     parser.Handler
	span  parser.Span
	extra extras
}

func (f fill) Handle(e parser.Event) {
	switch e := e.(type) {
	case *parser.Failure:
		e.Span = f.span
		if len(e.Reproduce) == 0 && len(f.extra.curl) > 0 {
			e.Reproduce = append([]string(nil), f.extra.curl...)
		}
		if e.Body == "" && e.BodyKind == "" && f.extra.body != "" {
			e.Body = f.extra.body
		}
	case *parser.Diagnostic:
		e.Span = f.span
	}
	f.h.Handle(e)
}

func runEnd(sp parser.Span, c [4]int) *parser.RunEnd {
	e := &parser.RunEnd{Span: sp, Passed: c[0], Failed: c[1], Errored: c[2], Skipped: c[3]}
	var parts []string
	for i, w := range []string{"passed", "failed", "errored", "skipped"} {
		if c[i] > 0 {
			e.Has = append(e.Has, w)
			parts = append(parts, strconv.Itoa(c[i])+" "+w)
		}
	}
	if len(parts) == 0 {
		e.Empty, e.Text = true, "allure: no results"
	} else {
		e.Text = "allure: " + strings.Join(parts, ", ")
	}
	return e
}
