// Package har reads the HAR files Schemathesis 4.x writes (--report har), as parser events.
package har

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ctlog-dev/ctlog/parser"
)

// Parse reads a HAR 1.2 file (Schemathesis 4.x `--report har`) and streams a RunStart and one
// Interaction per entry to h, then InputInfo. HAR files hold traffic only, without check results,
// so there are no Failure events: join the interactions to failures through TestCaseID, which comes
// from the `X-Schemathesis-TestCaseId` request header.
//
// Entries are decoded one at a time, so memory is bounded by the largest entry. Malformed JSON
// (also a file cut short by an interrupted run) becomes a warning Diagnostic and ends the parse;
// the error is non-nil only when the input cannot be read.
func Parse(r io.Reader, opts parser.Options, h parser.Handler) (parser.Stats, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	hr := &offsetReader{r: br}
	if head, _ := br.Peek(3); bytes.Equal(head, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
		hr.bom, hr.n, hr.base = true, 3, 3
	}
	p := &decoder{h: h, br: br, r: hr, dec: json.NewDecoder(hr), skip: hr.base}
	p.parse()
	// Count what is left after an error, so that Stats describe the whole input.
	_, _ = io.Copy(io.Discard, hr)
	hr.release(hr.n)
	st := parser.Stats{Bytes: hr.n, Lines: hr.lines, Encoding: parser.EncodingUTF8, BOM: hr.bom}
	if hr.n > p.skip && hr.last != '\n' {
		st.Lines++
	}
	if hr.err != nil {
		return st, fmt.Errorf("read %s:%d: %w", opts.Name, st.Lines, hr.err)
	}
	h.Handle(&parser.InputInfo{Span: parser.Span{End: st.Bytes, Line: min(1, st.Lines), EndLine: st.Lines}, Name: opts.Name,
		Encoding: st.Encoding, BOM: st.BOM})
	return st, nil
}

// decoder walks the HAR document token by token, decoding one entry at a time.
type decoder struct {
	h       parser.Handler
	br      *bufio.Reader
	r       *offsetReader
	dec     *json.Decoder
	skip    int64 // byte-order mark length: decoder offsets count from here
	started bool
	creator struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	headEnd int64       // end of the `"entries": [` token
	head    parser.Span // from the start to headEnd
	sawLog  bool
}

// entry holds the fields of a HAR entry that ctlog uses.
type entry struct {
	Time    float64 `json:"time"`
	Request struct {
		Method  string `json:"method"`
		URL     string `json:"url"`
		Headers []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"headers"`
	} `json:"request"`
	Response struct {
		Status int `json:"status"`
	} `json:"response"`
}

func (p *decoder) off() int64 { return p.skip + p.dec.InputOffset() }

// fail reports malformed JSON at the decoder's position and stops the parse.
func (p *decoder) fail(err error, what string) {
	off := p.off()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = p.skip + se.Offset
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		off = p.r.n
		err = errors.New("the file ends early (was the run interrupted?)")
	}
	if p.r.err != nil {
		return // a read error, returned by Parse
	}
	if p.headEnd > 0 {
		p.startRun()
	}
	from := min(max(p.r.base, off-1), max(p.r.base, p.r.n-1))
	sp := p.r.span(from, from+1)
	p.h.Handle(&parser.Diagnostic{Span: sp, Severity: "warning", Code: "json", Message: what + ": " + err.Error()})
}

func (p *decoder) token(what string) (json.Token, bool) {
	t, err := p.dec.Token()
	if err != nil {
		p.fail(err, what)
		return nil, false
	}
	p.r.release(p.off())
	return t, true
}

func (p *decoder) delim(want json.Delim, what string) bool {
	t, ok := p.token(what)
	if !ok {
		return false
	}
	if d, isDelim := t.(json.Delim); !isDelim || d != want {
		p.fail(fmt.Errorf("expected %q, found %v", string(want), t), what)
		return false
	}
	return true
}

// skipValue consumes one value with Token, without holding it in memory.
func (p *decoder) skipValue() bool {
	depth := 0
	for {
		t, ok := p.token("malformed HAR")
		if !ok {
			return false
		}
		if d, isDelim := t.(json.Delim); isDelim {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
		if depth == 0 {
			return true
		}
	}
}

func (p *decoder) parse() {
	if head, _ := p.br.Peek(1); len(head) == 0 {
		return // empty input
	}
	if !p.delim('{', "not a HAR file") {
		return
	}
	for p.dec.More() {
		k, ok := p.token("malformed HAR")
		if !ok {
			return
		}
		if k == "log" {
			p.sawLog = true
			if !p.log() {
				return
			}
			continue
		}
		if !p.skipValue() {
			return
		}
	}
	if !p.delim('}', "malformed HAR") {
		return
	}
	if p.sawLog {
		p.startRun()
	} else {
		p.h.Handle(&parser.Diagnostic{Span: p.r.span(p.r.base, p.r.n), Severity: "warning", Code: "json",
			Message: "not a HAR file: the JSON object has no \"log\""})
	}
	if _, err := p.dec.Token(); !errors.Is(err, io.EOF) && p.r.err == nil {
		from := min(max(p.r.base, p.off()-1), max(p.r.base, p.r.n-1))
		p.h.Handle(&parser.Diagnostic{Span: p.r.span(from, p.r.n), Severity: "warning", Code: "json",
			Message: "text after the end of the HAR file was ignored"})
	}
}

func (p *decoder) log() bool {
	if !p.delim('{', "malformed HAR log") {
		return false
	}
	for p.dec.More() {
		k, ok := p.token("malformed HAR")
		if !ok {
			return false
		}
		switch k {
		case "creator":
			if err := p.dec.Decode(&p.creator); err != nil {
				var te *json.UnmarshalTypeError
				if !errors.As(err, &te) {
					p.fail(err, "malformed HAR creator")
					return false
				}
			}
		case "entries":
			if !p.delim('[', "malformed HAR entries") {
				return false
			}
			p.headEnd = p.off()
			p.head = parser.Span{Offset: p.skip, End: p.headEnd, Line: 1, EndLine: p.r.lineOf(p.headEnd - 1)}
			for p.dec.More() {
				if !p.entry() {
					return false
				}
			}
			if !p.delim(']', "malformed HAR entries") {
				return false
			}
		default:
			if !p.skipValue() {
				return false
			}
		}
	}
	return p.delim('}', "malformed HAR log")
}

// startRun emits the RunStart once, before the first entry.
func (p *decoder) startRun(ua ...string) {
	if p.started {
		return
	}
	p.started = true
	// harfile (which 4.x uses) names itself as the creator unless told otherwise: its version is
	// not Schemathesis's, which the User-Agent of the requests gives instead.
	version := ""
	if strings.Contains(strings.ToLower(p.creator.Name), "schemathesis") {
		version = p.creator.Version
	} else if len(ua) > 0 {
		if v, ok := strings.CutPrefix(strings.ToLower(ua[0]), "schemathesis/"); ok {
			version = strings.TrimSpace(v)
		}
	}
	head := p.head
	if p.headEnd == 0 {
		head = p.r.span(p.r.base, p.r.n)
	}
	p.h.Handle(&parser.RunStart{Span: head, Format: parser.FormatHAR, Version: version})
}

func (p *decoder) entry() bool {
	from := p.off()
	var e entry
	err := p.dec.Decode(&e)
	var te *json.UnmarshalTypeError
	if err != nil && !errors.As(err, &te) {
		p.fail(err, "malformed HAR entry")
		return false
	}
	start := p.r.skipSpace(from)
	end := p.off()
	var id, ua string
	for _, hd := range e.Request.Headers {
		switch {
		case id == "" && strings.EqualFold(hd.Name, "X-Schemathesis-TestCaseId"):
			id = hd.Value
		case ua == "" && strings.EqualFold(hd.Name, "User-Agent"):
			ua = hd.Value
		}
	}
	p.startRun(ua)
	p.r.release(start)
	sp := p.r.span(start, end)
	if err != nil {
		p.h.Handle(&parser.Diagnostic{Span: sp, Severity: "warning", Code: "json",
			Message: "HAR entry skipped: " + err.Error()})
		return true
	}
	p.h.Handle(&parser.Interaction{Span: sp, TestCaseID: id, Method: strings.ToUpper(e.Request.Method),
		URI: e.Request.URL, Status: e.Response.Status, Elapsed: e.Time / 1000})
	return true
}
