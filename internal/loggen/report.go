package loggen

import (
	"bufio"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
)

// ReportConfig says what JUnit report or VCR cassette to generate.
type ReportConfig struct {
	Seed        int64 // random seed; the same ReportConfig always produces the same bytes
	Major       int   // Schemathesis major version whose layout is written: 3 or 4 (default 4)
	TargetBytes int64 // keep adding operations (JUnit) or interactions (cassette) until at least this many bytes were written (0 = 200)
}

// ReportTruth is what a correct reader must find in a generated report.
type ReportTruth struct {
	Bytes     int64 `json:"bytes"`      // total bytes written
	Items     int   `json:"items"`      // JUnit: <testcase> elements; cassette: interactions
	Passed    int   `json:"passed"`     // JUnit: test cases that passed; cassette: interactions with status SUCCESS
	Failed    int   `json:"failed"`     // JUnit: test cases with a <failure>; cassette: interactions with a failed check
	Errored   int   `json:"errored"`    // JUnit: test cases with an <error>
	Skipped   int   `json:"skipped"`    // JUnit: test cases with <skipped>
	TestCases int   `json:"test_cases"` // failing test cases: numbered blocks (JUnit), failing interactions (cassette)
}

// reportDefaultItems is the number of operations or interactions when TargetBytes is 0.
const reportDefaultItems = 200

// countingWriter counts what goes through it.
type countingWriter struct {
	w   *bufio.Writer
	n   int64
	err error
}

func (c *countingWriter) WriteString(s string) {
	if c.err != nil {
		return
	}
	n, err := c.w.WriteString(s)
	c.n += int64(n)
	c.err = err
}

func newCountingWriter(w io.Writer) *countingWriter {
	return &countingWriter{w: bufio.NewWriterSize(w, 256<<10)}
}

func (c *countingWriter) flush() error {
	if c.err != nil {
		return c.err
	}
	return c.w.Flush()
}

// itemRand is the random source of one operation or interaction: the i-th item is the same
// whatever the target size.
func itemRand(seed int64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x51f1_5eed_0000_0000+uint64(i)))
}

// reportOp is the operation of item i: a method and a path template, and a concrete path.
func reportOp(r *rand.Rand, i int) (method, tmpl, concrete string) {
	method = methods[r.IntN(len(methods))]
	res := reportResources[r.IntN(len(reportResources))]
	base := "/api/v2/" + res + strconv.Itoa(i/len(reportResources)) + "/"
	if r.IntN(2) == 0 {
		return method, base, base
	}
	id := strconv.Itoa(r.IntN(100000))
	return method, base + "{id}/", base + id + "/"
}

var (
	methods         = []string{"GET", "GET", "GET", "POST", "PUT", "PATCH", "DELETE"}
	reportResources = []string{"vessels", "ports", "berths", "cargo", "manifests", "crews", "voyages", "invoices", "items", "movements"}
)

// caseID is a 6-character test case id as Schemathesis 4.x prints it.
func caseID(r *rand.Rand) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	var b [6]byte
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b[:])
}

// failingCase is one failing test case: its checks and the response it got.
type failingCase struct {
	id     string
	checks []caseCheck
	code   int
	reason string
	body   string
	curl   string
	ctype  string
}

type caseCheck struct {
	name, title string
	detail      []string // the lines under the title, unindented
}

// newFailingCase draws a failing test case of an operation.
func newFailingCase(r *rand.Rand, host, method, concrete string) failingCase {
	c := failingCase{id: caseID(r), ctype: "application/json"}
	switch r.IntN(5) {
	case 0, 1:
		c.code, c.reason = 500, "Internal Server Error"
		c.checks = []caseCheck{{name: "not_a_server_error", title: "Server error"}}
		switch r.IntN(3) {
		case 0:
			c.ctype = "text/html; charset=utf-8"
			c.body = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <title>IntegrityError at " + concrete + "</title>\n" +
				strings.Repeat("  <tr><th scope=\"row\">Request URL:</th><td>"+host+concrete+"</td></tr>\n", 2+r.IntN(8)) + "</html>"
		case 1:
			c.body = `{"detail":"A server error occurred."}`
		default:
			c.ctype = "text/plain"
			c.body = "Traceback (most recent call last):\n  File \"app.py\", line " + strconv.Itoa(10+r.IntN(400)) + ", in handler\nZeroDivisionError: division by zero"
		}
		if r.IntN(3) == 0 {
			c.checks = append(c.checks, caseCheck{name: "status_code_conformance", title: "Undocumented HTTP status code",
				detail: []string{"Received: 500", "Documented: 200, 400, 404"}})
		}
	case 2:
		c.code, c.reason = 422, "Unprocessable Entity"
		c.body = `{"code":["Ensure this field has no more than 5 characters."]}`
		c.checks = []caseCheck{{name: "status_code_conformance", title: "Undocumented HTTP status code",
			detail: []string{"Received: 422", "Documented: 200, 404"}}}
	case 3:
		c.code, c.reason = 200, "OK"
		c.body = `{"id":` + strconv.Itoa(r.IntN(1000)) + `,"name":"Ever Given","length_m":null}`
		c.checks = []caseCheck{{name: "response_schema_conformance", title: "Response violates schema",
			detail: []string{"None is not of type 'number'", "", "Schema at /properties/length_m:", "", "    {", `        "type": "number"`, "    }", "", "Value:", "", "    null"}}}
	default:
		c.code, c.reason = 201, "Created"
		c.body = `{"id":12}`
		c.checks = []caseCheck{{name: "negative_data_rejection", title: "API accepted schema-violating request",
			detail: []string{"Invalid data should have been rejected", "Expected: 400, 401, 403, 404, 422, 428, 5xx", "Invalid component: property `gross_tonnage` below minimum 0"}}}
	}
	url := host + concrete
	if r.IntN(2) == 0 {
		url += "?limit=" + strconv.Itoa(r.IntN(100)) + "&since=2000-01-01"
	}
	c.curl = "curl -X " + method + " '" + url + "'"
	if method == "POST" || method == "PUT" || method == "PATCH" {
		c.curl = "curl -X " + method + ` -H 'Content-Type: application/json' -d '{"gross_tonnage": -1, "name": "<script>"}' '` + url + "'"
	}
	return c
}

// block is the CLI text of the case, numbered n, as the failure text of a JUnit report holds it.
// trail is what follows "Reproduce with:" (3.x writes a space).
func (c *failingCase) block(n int, trail string) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(n) + ". Test Case ID: " + c.id + "\n\n")
	for _, ck := range c.checks {
		b.WriteString("- " + ck.title + "\n\n")
		for _, d := range ck.detail {
			if d != "" {
				b.WriteString("    " + d)
			}
			b.WriteString("\n")
		}
		if len(ck.detail) > 0 {
			b.WriteString("\n")
		}
	}
	b.WriteString("[" + strconv.Itoa(c.code) + "] " + c.reason + ":\n\n    `")
	b.WriteString(strings.ReplaceAll(c.body, "\n", "\n    "))
	b.WriteString("`\n\nReproduce with:" + trail + "\n\n    " + c.curl)
	return b.String()
}
