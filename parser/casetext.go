package parser

import (
	"strings"
	"unsafe"
)

// A failing test case is the unit of work on the parser's hot path, and there are millions in a
// big log. Failures are allocated in slabs, each with room for two checks and one reproduce
// command (all most blocks have); the texts of one block (test case ID, check messages, body,
// reproduce commands) are collected in a scratch buffer and copied once when the block ends.
//
// When the handler keeps nothing of a failure (a Releaser behind Async), the failure comes back
// once handled and is reused, texts in its own buffer. Otherwise failures and texts are never
// written again; the texts share a slab, so a consumer that keeps one for long should copy it.

// caseField names a string field of the open Failure.
type caseField uint8

const (
	fieldTestCaseID caseField = iota
	fieldMessage              // Checks[index].Message
	fieldBody
	fieldReproduce // Reproduce[index]
)

// caseText is a text kept for a field, as a range of textParser.text.
type caseText struct {
	field      caseField
	index      int
	start, end int
}

const (
	failureSlab = 64       // failures per allocation
	textSlab    = 32 << 10 // bytes of text per allocation, at least
)

// failureRoom is a Failure with room for its first checks and reproduce command.
type failureRoom struct {
	f      Failure
	checks [2]Check
	repro  [1]string
}

// newFailure returns a zeroed Failure whose Checks and Reproduce have room for the usual case:
// one the handler is done with, when it says so (Releaser), or a new one.
func (p *textParser) newFailure() *Failure {
	if len(p.reuse) == 0 && p.recycle != nil {
		select {
		case p.reuse = <-p.recycle:
		default:
		}
	}
	if n := len(p.reuse); n > 0 {
		f := p.reuse[n-1]
		p.reuse = p.reuse[:n-1]
		clear(f.Checks[:cap(f.Checks)])
		clear(f.Reproduce[:cap(f.Reproduce)])
		*f = Failure{Checks: f.Checks[:0], Reproduce: f.Reproduce[:0], text: f.text[:0]}
		return f
	}
	if len(p.failures) == 0 {
		p.failures = make([]failureRoom, failureSlab)
	}
	fr := &p.failures[0]
	p.failures = p.failures[1:]
	fr.f.Checks, fr.f.Reproduce = fr.checks[:0:len(fr.checks)], fr.repro[:0:len(fr.repro)]
	return &fr.f
}

// keep records b as the value of a field of the open Failure; the field is set by storeTexts.
func (p *textParser) keep(f caseField, index int, b []byte) {
	buf := &p.text
	if p.ownText {
		buf = &p.cur.text // straight into the failure's own buffer: one copy less
	}
	start := len(*buf)
	*buf = append(*buf, b...)
	p.texts = append(p.texts, caseText{field: f, index: index, start: start, end: len(*buf)})
}

// storeTexts points the open Failure's fields at the kept texts, copied into a text slab unless
// the failure holds them itself.
func (p *textParser) storeTexts() {
	c := p.cur
	if len(p.texts) == 0 {
		return
	}
	var all string
	start := 0
	if p.ownText {
		// The failure will come back once handled: its own buffer holds its texts (keep put
		// them there), and is reused with it.
		all = unsafe.String(unsafe.SliceData(c.text), len(c.text))
	} else {
		// A strings.Builder hands out its bytes as strings and never writes them again; its
		// Grow does not zero the memory it allocates.
		sb := &p.slab
		if n := len(p.text); sb.Cap()-sb.Len() < n {
			*sb = strings.Builder{}
			sb.Grow(max(textSlab, n))
		}
		start = sb.Len()
		sb.Write(p.text)
		all = sb.String()
	}
	for _, t := range p.texts {
		s := all[start+t.start : start+t.end]
		switch t.field {
		case fieldTestCaseID:
			c.TestCaseID = s
		case fieldMessage:
			c.Checks[t.index].Message = s
		case fieldBody:
			c.Body = s
		case fieldReproduce:
			c.Reproduce[t.index] = s
		}
	}
	p.text, p.texts = p.text[:0], p.texts[:0]
}
