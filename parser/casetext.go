package parser

import "unsafe"

// The texts of one failure block (test case ID, check messages, body, reproduce commands) are
// collected in one scratch buffer and stored in the Failure with a single allocation when the
// block ends: a failing test case costs one copy of its text instead of one allocation per field.

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

// keep records b as the value of a field of the open Failure; the field is set by storeTexts.
func (p *textParser) keep(f caseField, index int, b []byte) {
	start := len(p.text)
	p.text = append(p.text, b...)
	p.texts = append(p.texts, caseText{field: f, index: index, start: start, end: len(p.text)})
}

// storeTexts copies the kept texts into one new buffer and points the open Failure's fields at it.
func (p *textParser) storeTexts() {
	c := p.cur
	if len(p.texts) == 0 {
		return
	}
	buf := make([]byte, len(p.text))
	copy(buf, p.text)
	for _, t := range p.texts {
		var s string
		if t.end > t.start {
			// buf is never written again: the strings share it, as strings.Builder shares its buffer.
			s = unsafe.String(&buf[t.start], t.end-t.start)
		}
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
