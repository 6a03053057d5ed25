package loggen

import (
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
)

// GenerateCassette writes a VCR cassette as Schemathesis records it with `--cassette-path` (3.x)
// or `--report vcr` (4.x), and returns its Truth. Most interactions pass; about one in ten fails
// a check, with the response body and the check messages of a real failure. Memory does not grow
// with the size.
func GenerateCassette(w io.Writer, cfg ReportConfig) (ReportTruth, error) {
	if cfg.TargetBytes < 0 {
		return ReportTruth{}, errors.New("loggen: negative TargetBytes")
	}
	if cfg.Major == 0 {
		cfg.Major = 4
	}
	if cfg.Major != 3 && cfg.Major != 4 {
		return ReportTruth{}, errors.New("loggen: Major must be 3 or 4")
	}
	cw := newCountingWriter(w)
	version := "3.39.16"
	if cfg.Major == 4 {
		version = "4.25.0"
	}
	cw.WriteString("command: 'st run --checks all " + reportHost + "/openapi.json'\nrecorded_with: 'Schemathesis " + version + "'\n")
	if cfg.Major == 4 {
		cw.WriteString("seed: " + strconv.FormatInt(cfg.Seed, 10) + "\n")
	}
	cw.WriteString("http_interactions:\n")
	var t ReportTruth
	var sb strings.Builder
	for i := 0; cfg.TargetBytes > 0 && cw.n < cfg.TargetBytes || cfg.TargetBytes == 0 && i < reportDefaultItems; i++ {
		sb.Reset()
		o := cassetteItem(&sb, cfg, version, i)
		t.add(o)
		cw.WriteString(sb.String())
		if cw.err != nil {
			break
		}
	}
	err := cw.flush()
	t.Bytes = cw.n
	return t, err
}

// cassetteItem writes interaction i.
func cassetteItem(b *strings.Builder, cfg ReportConfig, version string, i int) outcome {
	r := itemRand(cfg.Seed, i)
	method, _, concrete := reportOp(r, i)
	o := outcome{sym: '.'}
	failed := r.IntN(10) == 0
	var c failingCase
	if failed {
		o.sym, o.cases = 'F', 1
		c = newFailingCase(r, reportHost, method, concrete)
	} else {
		c = failingCase{id: caseID(r), code: 200, reason: "OK", ctype: "application/json",
			body: `{"count":` + strconv.Itoa(r.IntN(50)) + `,"results":[]}`}
		if r.IntN(500) == 0 {
			c.body = "[" + strings.Repeat(`{"id":12345,"name":"container \u00e9","tags":["a","b"]},`, 1000+r.IntN(3000)) + "{}]"
		}
	}
	status := "SUCCESS"
	if failed {
		status = "FAILURE"
	}
	w := b.WriteString
	elapsed := "0.0" + strconv.Itoa(10000+r.IntN(90000))
	if cfg.Major == 3 {
		w("- id: '" + strconv.Itoa(i+1) + "'\n")
	} else {
		w("- id: '" + c.id + "'\n")
	}
	if cfg.Major == 3 {
		w("  status: '" + status + "'\n  seed: '110739998175114074558379744590318427746'\n  thread_id: 140371826079552\n")
		w("  correlation_id: '6f2a8c4e0b7d49f1a3c5e7b9d1f3a5c7'\n  data_generation_method: 'positive'\n")
		w("  meta:\n    description: null\n    location: null\n    parameter: null\n    parameter_location: null\n")
		w("  phase: 'generate'\n  elapsed: '" + elapsed + "'\n  recorded_at: '2025-03-14T10:11:05.137211'\n\n")
	} else {
		w("  status: '" + status + "'\n  generation:\n    time: 0.0012\n    mode: positive\n  components:\n    query:\n      mode: 'positive'\n")
		w("  phase:\n    name: 'fuzzing'\n    data: {}\n  recorded_at: '2026-08-21T00:02:43.123456+00:00'\n")
	}
	w("  checks:\n")
	all := []string{"not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance"}
	for _, ck := range c.checks {
		if !slices.Contains(all, ck.name) {
			all = append(all, ck.name)
		}
	}
	for _, name := range all {
		st, msg := "SUCCESS", "~"
		for _, ck := range c.checks {
			if ck.name == name {
				st, msg = "FAILURE", pyRepr(ck.title, ck.detail)
			}
		}
		w("    - name: '" + name + "'\n      status: '" + st + "'\n      message: " + msg + "\n")
	}
	if cfg.Major == 4 {
		w("\n")
	}
	w("  request:\n    uri: '" + reportHost + concrete + "?limit=" + strconv.Itoa(r.IntN(100)) + "'\n    method: '" + method + "'\n    headers:\n")
	w("      \"User-Agent\":\n      - \"schemathesis/" + version + "\"\n      \"Accept\":\n      - \"*/*\"\n      \"Connection\":\n      - \"keep-alive\"\n")
	w("      \"Authorization\":\n      - \"[Filtered]\"\n      \"X-Schemathesis-TestCaseId\":\n      - \"" + c.id + "\"\n")
	if method == "POST" || method == "PUT" || method == "PATCH" {
		w("      \"Content-Type\":\n      - \"application/json\"\n    body:\n      encoding: 'utf-8'\n      string: " + yamlQuote(`{"gross_tonnage": -1, "name": "<script>"}`) + "\n")
	}
	if cfg.Major == 4 {
		w("\n")
	}
	w("  response:\n    status:\n      code: '" + strconv.Itoa(c.code) + "'\n      message: \"" + c.reason + "\"\n")
	if cfg.Major == 4 {
		w("    elapsed: '" + elapsed + "'\n")
	}
	w("    headers:\n      \"Content-Type\":\n      - \"" + c.ctype + "\"\n      \"Content-Length\":\n      - \"" + strconv.Itoa(len(c.body)) + "\"\n")
	if cfg.Major == 4 {
		w("\n")
	}
	w("    body:\n      encoding: 'utf-8'\n      string: " + yamlQuote(c.body) + "\n    http_version: '1.1'\n")
	return o
}

// pyRepr writes a check message as Schemathesis does: Python's repr() between single quotes,
// with its own backslash escapes.
func pyRepr(title string, detail []string) string {
	s := title
	if len(detail) > 0 {
		s += "\n\n" + strings.Join(detail, "\n")
	}
	if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
		return `"` + strings.ReplaceAll(s, "\n", `\n`) + `"`
	}
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "'", `\'`)
	return "'" + strings.ReplaceAll(s, "\n", `\n`) + "'"
}

// yamlQuote writes s as a double-quoted YAML scalar.
func yamlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteRune(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c < 0x20:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatInt(int64(c)+0x100, 16)[1:])
		case c > 0xFFFF:
			b.WriteString(`\U`)
			b.WriteString(strconv.FormatInt(int64(c)+0x100000000, 16)[1:])
		case c >= 0x80:
			b.WriteString(`\u`)
			b.WriteString(strconv.FormatInt(int64(c)+0x10000, 16)[1:])
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
