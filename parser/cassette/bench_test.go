package cassette

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/parser/internal/parsertest"
)

// writeBenchCassette writes a realistic 3.x cassette of at least size bytes to w: mostly passing
// interactions, every seventh a failure with an HTML error page, now and then a large body.
func writeBenchCassette(w io.Writer, size int64) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := &countWriter{w: bw}
	fmt.Fprintf(cw, "command: 'st run --checks all --cassette-path c.yaml http://127.0.0.1:8000/openapi.json'\nrecorded_with: 'Schemathesis 3.39.16'\nhttp_interactions:")
	page := strings.Repeat(`<tr><th scope=\"row\">Request URL:</th><td>http://127.0.0.1:8000/api/v2/items/</td></tr>\n`, 40)
	big := strings.Repeat(`{\"id\":12345,\"name\":\"container \\u00e9\",\"tags\":[\"a\",\"b\"]},`, 4000)
	for i := 1; cw.n < size; i++ {
		status, check, code, reason, body := "SUCCESS", "SUCCESS", 200, "OK", `{\"count\":0,\"results\":[]}`
		switch {
		case i%7 == 0:
			status, check, code, reason, body = "FAILURE", "FAILURE", 500, "Internal Server Error", `<!DOCTYPE html>\n<html lang=\"en\">\n`+page
		case i%997 == 0:
			body = `[` + big + `{}]`
		}
		fmt.Fprintf(cw, `
- id: '%d'
  status: '%s'
  seed: '110739998175114074558379744590318427746'
  thread_id: 140371826079552
  correlation_id: '6f2a8c4e0b7d49f1a3c5e7b9d1f3a5c7'
  data_generation_method: 'positive'
  meta:
    description: null
    location: null
    parameter: null
    parameter_location: null
  phase: 'generate'
  elapsed: '0.0%d'
  recorded_at: '2025-03-14T10:11:05.137211'

  checks:
    - name: 'not_a_server_error'
      status: '%s'
      message: %s
    - name: 'status_code_conformance'
      status: 'SUCCESS'
      message: ~
  request:
    uri: 'http://127.0.0.1:8000/api/v2/items/%d/?expand=true'
    method: 'GET'
    headers:
      "User-Agent":
      - "schemathesis/3.39.16"
      "Accept-Encoding":
      - "gzip, deflate"
      "Accept":
      - "*/*"
      "Connection":
      - "keep-alive"
      "Authorization":
      - "[Filtered]"
      "X-Schemathesis-TestCaseId":
      - "T%06d"
  response:
    status:
      code: '%d'
      message: "%s"
    headers:
      "Content-Type":
      - "application/json"
      "Content-Length":
      - "%d"
    body:
      encoding: 'utf-8'
      string: "%s"
    http_version: '1.1'`, i, status, i%50, check, map[bool]string{true: "'Server error'", false: "~"}[check == "FAILURE"],
			i, i, code, reason, len(body), body)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return cw.err
}

type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(b []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(b)
	c.n += int64(n)
	c.err = err
	return n, err
}

// BenchmarkParseCassette streams a ~200 MB cassette generated on the fly through a pipe (never held
// in memory) and reports the peak heap in use, which must stay flat.
func BenchmarkParseCassette(b *testing.B) {
	size := int64(200 << 20)
	if testing.Short() {
		size = 20 << 20
	}
	var peak atomic.Uint64
	for b.Loop() {
		pr, pw := io.Pipe()
		go func() { pw.CloseWithError(writeBenchCassette(pw, size)) }()
		done := make(chan struct{})
		go parsertest.SampleHeap(&peak, done)
		var its, fails int
		st, err := Parse(pr, parser.Options{Name: "bench"}, parser.HandlerFunc(func(e parser.Event) {
			switch e.(type) {
			case *parser.Interaction:
				its++
			case *parser.Failure:
				fails++
			case *parser.Diagnostic:
				b.Errorf("diagnostic %+v", e)
			}
		}))
		close(done)
		if err != nil {
			b.Fatal(err)
		}
		if its == 0 || fails == 0 {
			b.Fatalf("%d interactions, %d failures", its, fails)
		}
		b.SetBytes(st.Bytes)
	}
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
}
