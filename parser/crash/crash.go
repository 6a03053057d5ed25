// Package crash reads the crash files Schemathesis 4.22+ saves for every reproducible failure
// (`.schemathesis/<project>/cache/crashes/*.json`, replayed by `st replay`) and the manifest.json
// beside them, as parser events.
package crash

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/ctlog-dev/ctlog/parser"
)

// maxFile bounds what one crash file may hold: the request sequence of one failure.
const maxFile = 64 << 20

// file is a crash file (format_version 1): one failing check and the requests that reproduce it.
type file struct {
	Operation    string `json:"operation"`
	Method       string `json:"method"`
	PathTemplate string `json:"path_template"`
	Fingerprint  string `json:"fingerprint"`
	CaseID       string `json:"case_id"`
	CodeSample   string `json:"code_sample"`
	Sequence     []step `json:"sequence"`
	// The manifest's fields.
	FormatVersion       *int   `json:"format_version"`
	SchemathesisVersion string `json:"schemathesis_version"`
	SchemaLocation      string `json:"schema_location"`
	BaseURL             string `json:"base_url"`
	CreatedAt           string `json:"created_at"`
}

type step struct {
	Method   string `json:"method"`
	URL      string `json:"url"`
	Response struct {
		StatusCode int               `json:"status_code"`
		Headers    map[string]string `json:"headers"`
		Body       string            `json:"body"`
	} `json:"response"`
	Checks []struct {
		Name    string `json:"name"`
		Status  string `json:"status"`
		Message string `json:"message"` // the failure as text: its title, a blank line, its message
	} `json:"checks"`
}

// Looks reports whether head is the start of a crash file or a crash directory's manifest.
func Looks(head string) bool {
	t := strings.TrimLeft(head, " \t\r\n\uFEFF")
	if !strings.HasPrefix(t, "{") {
		return false
	}
	// The keys come in the writer's order: operation, method, path_template, fingerprint, case_id,
	// code_sample (a long curl command may push sequence past the head), sequence.
	crashFile := strings.Contains(t, `"path_template"`) && strings.Contains(t, `"fingerprint"`) && strings.Contains(t, `"case_id"`)
	manifest := strings.Contains(t, `"format_version"`) && strings.Contains(t, `"schema_location"`) && strings.Contains(t, `"schemathesis_version"`)
	return crashFile || manifest
}

// Parse reads one crash file, or a manifest, and streams a RunStart (kind "crash-files"), the
// manifest's settings or one Failure per check recorded on the sequence's last step, then
// InputInfo. The Failure's reproduce commands are the crash file's code sample; its test case id
// is the one `st replay <id>` takes. A file that is not such JSON is a warning Diagnostic.
func Parse(r io.Reader, opts parser.Options, h parser.Handler) (parser.Stats, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFile+1))
	if err != nil {
		return parser.Stats{}, fmt.Errorf("read %s: %w", opts.Name, err)
	}
	st := parser.Stats{Bytes: int64(len(data)), Lines: bytes.Count(data, []byte("\n")), Encoding: parser.EncodingUTF8}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		st.Lines++
	}
	if b := []byte("\uFEFF"); bytes.HasPrefix(data, b) {
		st.BOM, data = true, data[len(b):]
	}
	whole := parser.Span{End: st.Bytes, Line: min(1, st.Lines), EndLine: st.Lines}
	done := func() (parser.Stats, error) {
		h.Handle(&parser.InputInfo{Span: whole, Name: opts.Name, Encoding: st.Encoding, BOM: st.BOM})
		return st, nil
	}
	var f file
	if len(data) > maxFile {
		h.Handle(&parser.RunStart{Span: whole, Format: parser.FormatCrash, Kind: "crash-files"})
		h.Handle(&parser.Diagnostic{Span: whole, Severity: "warning", Code: "too-large", Message: fmt.Sprintf("crash file larger than %d MiB: not read", maxFile>>20)})
		return done()
	}
	if err := json.Unmarshal(data, &f); err != nil {
		h.Handle(&parser.RunStart{Span: whole, Format: parser.FormatCrash, Kind: "crash-files"})
		h.Handle(&parser.Diagnostic{Span: whole, Severity: "warning", Code: "json", Message: "not a crash file Schemathesis can replay: " + err.Error()})
		return done()
	}
	h.Handle(&parser.RunStart{Span: whole, Format: parser.FormatCrash, Version: f.SchemathesisVersion, Kind: "crash-files"})
	if f.FormatVersion != nil {
		// manifest.json: what `st replay` loads the schema from.
		if f.SchemaLocation != "" {
			h.Handle(&parser.Setting{Span: whole, Key: "Schema location", Value: f.SchemaLocation})
		}
		if f.BaseURL != "" {
			h.Handle(&parser.Setting{Span: whole, Key: "Base URL", Value: f.BaseURL})
		}
		if f.CreatedAt != "" {
			h.Handle(&parser.Setting{Span: whole, Key: "Crash files created", Value: f.CreatedAt})
		}
		if *f.FormatVersion != 1 {
			h.Handle(&parser.Diagnostic{Span: whole, Severity: "info", Code: "crash-format", Message: fmt.Sprintf("crash format_version %d: ctlog knows 1", *f.FormatVersion)})
		}
		return done()
	}
	if len(f.Sequence) == 0 {
		h.Handle(&parser.Diagnostic{Span: whole, Severity: "warning", Code: "json", Message: "crash file without a request sequence (st replay reports it as incompatible)"})
		return done()
	}
	last := f.Sequence[len(f.Sequence)-1]
	fl := &parser.Failure{Span: whole, Operation: f.Operation, Index: 1, TestCaseID: f.CaseID,
		Status: last.Response.StatusCode, Body: last.Response.Body}
	if fl.Operation == "" {
		fl.Operation = strings.TrimSpace(f.Method + " " + f.PathTemplate)
	}
	if fl.Body == "" {
		fl.BodyKind = "empty"
	}
	for _, c := range last.Checks {
		title, msg, _ := strings.Cut(c.Message, "\n")
		if title == "" {
			title = c.Name
		}
		fl.Checks = append(fl.Checks, parser.Check{Title: title, Name: c.Name, Message: strings.TrimSpace(msg)})
	}
	if f.CodeSample != "" {
		fl.Reproduce = strings.Split(f.CodeSample, "\n")
	}
	if len(fl.Checks) == 0 {
		fl.Incomplete = true
	}
	h.Handle(fl)
	return done()
}
