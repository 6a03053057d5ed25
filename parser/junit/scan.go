package junit

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"io"
	"math/bits"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// The fast reader. scanner reads the XML Schemathesis writes — elements with simple ASCII names,
// quoted attributes, text with the predefined entities and character references, CDATA sections
// and the XML declarations Python writes — straight from its bytes, and drives the same element
// handlers (startElement, endElement, charData) with the same tokens and positions as
// encoding/xml does. At the first token it does not know — a comment, a DOCTYPE, a processing
// instruction, a namespace, another encoding, anything malformed, a token longer than maxToken —
// it hands the rest of the input to the decoder (handOver), which then reads it as the careful
// path would from that token on; so the events never depend on which reader read a token.

// scanBuffer is the first size of the scanner's buffer; maxToken is the longest token it reads
// itself (a token must lie whole in the buffer).
const (
	scanBuffer = 256 << 10
	maxToken   = 32 << 20
)

type scanner struct {
	p      *reportParser
	r      io.Reader
	buf    []byte
	off0   int64 // input offset of buf[0]
	i, n   int   // buf[i:n] is not read yet
	eof    bool
	lineN  int   // line number at lineAt
	lineB  int64 // input offset up to which lines are counted
	names  []string
	skip   int               // the innermost open elements that are skipped
	text   []byte            // decoded text
	msg    []byte            // the message attribute of the open <failure>
	known  map[string]string // test case names (intern)
	misses int               // names in a row not in known once it is full
	attrs  []xml.Attr
	at     pos // the end of the last token
}

// status says what became of a token.
type status int

const (
	tokDone status = iota // read and handled
	tokMore               // it does not end in the buffer: read more and try again
	tokHand               // not the scanner's: hand over
)

func (s *scanner) pos() pos { return s.at }

// posAt is the position of buf[i]; positions are asked for in input order.
func (s *scanner) posAt(i int) pos {
	off := s.off0 + int64(i)
	if off > s.lineB {
		from := int(s.lineB - s.off0)
		s.lineN += bytes.Count(s.buf[from:i], []byte{'\n'})
		s.lineB = off
	}
	bol := off == s.p.base || i > 0 && s.buf[i-1] == '\n'
	return pos{off: off, line: s.lineN, bol: bol}
}

// fill reads more input, keeping buf from keep on (and the byte before it); false when the
// input is at its end or the token would be longer than maxToken.
func (s *scanner) fill(keep int) bool {
	if s.eof {
		return false
	}
	if keep > 1 {
		drop := keep - 1
		copy(s.buf, s.buf[drop:s.n])
		s.off0 += int64(drop)
		s.i -= drop
		s.n -= drop
	}
	if s.n == len(s.buf) {
		if len(s.buf) >= maxToken {
			return false
		}
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.n])
		s.buf = nb
	}
	for {
		m, err := s.r.Read(s.buf[s.n:])
		s.n += m
		if err != nil {
			s.eof = true // io.EOF, or a read error the countReader keeps for Parse
			return m > 0
		}
		if m > 0 {
			return true
		}
	}
}

// scan reads the input with the scanner, and hands over to the decoder where it must.
func (p *reportParser) scan() error {
	s := &scanner{p: p, r: p.br, buf: make([]byte, scanBuffer), off0: p.base, lineN: 1, lineB: p.base}
	s.at = pos{off: p.base, line: 1, bol: true}
	p.sc = s
	for {
		if s.i == s.n && !s.fill(s.i) {
			if len(s.names) == 0 {
				return nil
			}
			return s.handOver() // the input ends inside an element: the decoder reports it
		}
		var st status
		if s.buf[s.i] == '<' {
			st = s.markup()
		} else {
			st = s.charData()
		}
		switch st {
		case tokMore:
			if !s.fill(s.i) {
				return s.handOver()
			}
		case tokHand:
			return s.handOver()
		}
	}
}

// handOver gives the rest of the input, from the token at buf[i], to the decoder.
func (s *scanner) handOver() error {
	p := s.p
	at := s.posAt(s.i)
	var open strings.Builder
	for _, n := range s.names {
		open.WriteString("<" + n + ">")
	}
	rest := bytes.Clone(s.buf[s.i:s.n])
	r := io.MultiReader(strings.NewReader(open.String()), bytes.NewReader(rest), s.r)
	p.careful(r, open.String(), len(s.names), at, s.skip)
	return p.loop()
}

// maxKnown bounds the distinct test case names the scanner shares (an API's operations), and
// maxKnownLen their length; after maxMisses names in a row that are not among them, it stops.
const (
	maxKnown    = 1024
	maxKnownLen = 256
	maxMisses   = 4 * maxKnown
)

// intern returns b as a string, shared with earlier ones of the same bytes while names repeat.
func (s *scanner) intern(b []byte) string {
	if s.misses >= maxMisses {
		return string(b) // names that do not repeat: the map costs more than it saves
	}
	if v, ok := s.known[string(b)]; ok {
		s.misses = 0
		return v
	}
	v := string(b)
	switch {
	case len(s.known) < maxKnown && len(v) <= maxKnownLen:
		if s.known == nil {
			s.known = make(map[string]string)
		}
		s.known[v] = v
	case len(s.known) == maxKnown:
		if s.misses++; s.misses == maxMisses {
			s.known = nil
		}
	}
	return v
}

// markup reads the tag at buf[i].
func (s *scanner) markup() status {
	b := s.buf[s.i:s.n]
	if len(b) < 2 {
		return tokMore
	}
	switch b[1] {
	case '/':
		return s.endTag(b)
	case '?':
		return s.declaration(b)
	case '!':
		return s.cdata(b)
	}
	return s.startTag(b)
}

var space = [256]bool{' ': true, '\t': true, '\r': true, '\n': true}

// nameEnd returns where the ASCII name at b[j] ends (j when there is none), and whether the
// name ends inside b; a name with a colon or a non-ASCII byte ends at it, and is not read here.
func nameEnd(b []byte, j int) (int, bool) {
	if j < len(b) && !nameStart[b[j]] {
		return j, true
	}
	for j < len(b) {
		if !nameByte[b[j]] {
			return j, true
		}
		j++
	}
	return j, false
}

var nameStart, nameByte [256]bool

func init() {
	for c := 0; c < 256; c++ {
		nameStart[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
		nameByte[c] = nameStart[c] || '0' <= c && c <= '9' || c == '-' || c == '.'
	}
}

func skipSpace(b []byte, j int) int {
	for j < len(b) && space[b[j]] {
		j++
	}
	return j
}

// elementName shares the names Schemathesis writes.
func elementName(b []byte) string {
	switch string(b) {
	case "testsuites":
		return "testsuites"
	case "testsuite":
		return "testsuite"
	case "testcase":
		return "testcase"
	case "failure":
		return "failure"
	case "error":
		return "error"
	case "skipped":
		return "skipped"
	case "system-out":
		return "system-out"
	case "system-err":
		return "system-err"
	case "properties":
		return "properties"
	case "property":
		return "property"
	case "name":
		return "name"
	case "time":
		return "time"
	case "classname":
		return "classname"
	case "message":
		return "message"
	case "type":
		return "type"
	case "tests":
		return "tests"
	case "failures":
		return "failures"
	case "errors":
		return "errors"
	case "hostname":
		return "hostname"
	case "timestamp":
		return "timestamp"
	case "disabled":
		return "disabled"
	}
	return string(b)
}

func (s *scanner) startTag(b []byte) status {
	j, ok := nameEnd(b, 1)
	if !ok {
		return tokMore
	}
	if j == 1 || b[j] == ':' || b[j] >= utf8.RuneSelf {
		return tokHand
	}
	name := elementName(b[1:j])
	s.attrs = s.attrs[:0]
	empty, message := false, false
	for {
		j = skipSpace(b, j)
		if j == len(b) {
			return tokMore
		}
		if b[j] == '/' {
			if j+1 == len(b) {
				return tokMore
			}
			if b[j+1] != '>' {
				return tokHand
			}
			j, empty = j+2, true
			break
		}
		if b[j] == '>' {
			j++
			break
		}
		k, ok := nameEnd(b, j)
		if !ok {
			return tokMore
		}
		if k == j || b[k] == ':' || b[k] >= utf8.RuneSelf || string(b[j:k]) == "xmlns" {
			return tokHand
		}
		aname := elementName(b[j:k])
		k = skipSpace(b, k)
		if k == len(b) {
			return tokMore
		}
		if b[k] != '=' {
			return tokHand
		}
		k = skipSpace(b, k+1)
		if k == len(b) {
			return tokMore
		}
		q := b[k]
		if q != '"' && q != '\'' {
			return tokHand
		}
		e := bytes.IndexByte(b[k+1:], q)
		if e < 0 {
			return tokMore
		}
		raw := b[k+1 : k+1+e]
		d := raw
		if k := firstSpecial(raw); k >= 0 {
			var ok bool
			if d, ok = s.decode(raw, k); !ok {
				return tokHand
			}
		}
		var val string // what no handler reads stays empty: it is checked, not kept
		switch {
		case s.skip > 0 || !readsAttr(name, aname):
		case name == "failure" && aname == "message" && !message && s.p.inCase():
			// A failure's message, in the scanner's buffer for it: startElement keeps it only
			// until the element ends (endChild copies it), and no other failure's message is read
			// before (one inside it is skipped: not inCase).
			s.msg, message = append(s.msg[:0], d...), true
			val = unsafe.String(unsafe.SliceData(s.msg), len(s.msg))
		case name == "testcase":
			val = s.intern(d) // operation names, on every test case
		default:
			val = string(d)
		}
		s.attrs = append(s.attrs, xml.Attr{Name: xml.Name{Local: aname}, Value: val})
		j = k + 1 + e + 1
	}
	start := s.posAt(s.i)
	end := s.posAt(s.i + j)
	s.i += j
	s.at = end
	if s.skip > 0 {
		if !empty {
			s.names = append(s.names, name)
			s.skip++
		}
		return tokDone
	}
	t := xml.StartElement{Name: xml.Name{Local: name}, Attr: s.attrs}
	skip := s.p.startElement(&t, start, end)
	switch {
	case empty && !skip:
		s.p.endElement(end, end) // encoding/xml gives <a/> as <a></a> read at the end of the tag
	case !empty:
		s.names = append(s.names, name)
		if skip {
			s.skip = 1
		}
	}
	return tokDone
}

func (s *scanner) endTag(b []byte) status {
	j, ok := nameEnd(b, 2)
	if !ok {
		return tokMore
	}
	name := b[2:j]
	j = skipSpace(b, j)
	if j == len(b) {
		return tokMore
	}
	if b[j] != '>' || len(s.names) == 0 || s.names[len(s.names)-1] != string(name) {
		return tokHand
	}
	j++
	start := s.posAt(s.i)
	end := s.posAt(s.i + j)
	s.i += j
	s.at = end
	s.names = s.names[:len(s.names)-1]
	if s.skip > 0 {
		s.skip--
		return tokDone
	}
	s.p.endElement(start, end)
	return tokDone
}

// declarations are the XML declarations the scanner reads (at the start of the input only): the
// ones Python's libraries write. encoding/xml reads them without a token the handlers see.
var declarations = []string{
	`<?xml version="1.0" ?>`,
	`<?xml version="1.0"?>`,
	`<?xml version="1.0" encoding="utf-8"?>`,
	`<?xml version="1.0" encoding="UTF-8"?>`,
	`<?xml version='1.0' encoding='utf-8'?>`,
	`<?xml version='1.0' encoding='UTF-8'?>`,
}

func (s *scanner) declaration(b []byte) status {
	if s.off0+int64(s.i) != s.p.base {
		return tokHand
	}
	e := bytes.IndexByte(b, '>')
	if e < 0 {
		if len(b) < 64 {
			return tokMore
		}
		return tokHand
	}
	for _, d := range declarations {
		if string(b[:e+1]) == d {
			s.posAt(s.i)
			s.i += e + 1
			s.at = s.posAt(s.i)
			return tokDone
		}
	}
	return tokHand
}

var cdataStart = []byte("<![CDATA[")

func (s *scanner) cdata(b []byte) status {
	if !bytes.HasPrefix(b, cdataStart) {
		if bytes.HasPrefix(cdataStart, b) {
			return tokMore
		}
		return tokHand // a comment or a DOCTYPE
	}
	e := bytes.Index(b[len(cdataStart):], cdataEnd)
	if e < 0 {
		return tokMore
	}
	raw := b[len(cdataStart) : len(cdataStart)+e]
	text := raw
	if k := firstSpecial(raw); k >= 0 {
		var ok bool
		if text, ok = s.decodeCDATA(raw, k); !ok {
			return tokHand
		}
	}
	return s.deliver(text, len(cdataStart)+e+3)
}

// charData reads the text at buf[i], up to the next '<' or the end of the input.
func (s *scanner) charData() status {
	b := s.buf[s.i:s.n]
	e := bytes.IndexByte(b, '<')
	if e < 0 {
		if !s.eof {
			return tokMore
		}
		e = len(b)
	}
	raw := b[:e]
	if hasCDATAEnd(raw) {
		return tokHand // encoding/xml refuses "]]>" in text (not in attribute values)
	}
	text := raw
	if k := firstSpecial(raw); k >= 0 {
		var ok bool
		if text, ok = s.decode(raw, k); !ok {
			return tokHand
		}
	}
	return s.deliver(text, e)
}

// deliver hands text read from buf[i:i+n] to the handlers.
func (s *scanner) deliver(text []byte, n int) status {
	if s.skip == 0 && s.p.top() == nil && len(bytes.TrimSpace(text)) > 0 {
		return tokHand // text outside the report: the careful path says where
	}
	start := s.posAt(s.i)
	end := s.posAt(s.i + n)
	s.i += n
	s.at = end
	if s.skip == 0 {
		s.p.charData(text, start, end)
	}
	return tokDone
}

// special marks the bytes after which text is not copied as it is: '&', '<', '\r', the other
// control characters but tab and line feed, and every byte of a multi-byte character. ']' is not
// among them: decode and noCDATAEnd look for "]]>" on their own.
var special = [256]bool{'&': true, '\r': true, '<': true}

func init() {
	for c := 0; c < 0x20; c++ {
		special[c] = c != '\t' && c != '\n'
	}
	for c := 0x80; c < 0x100; c++ {
		special[c] = true
	}
}

// firstSpecial returns the index of the first byte of raw that is not copied as it is, or -1.
func firstSpecial(raw []byte) int {
	if i := plainRun(raw); i < len(raw) {
		return i
	}
	return -1
}

// plainRun returns the length of the run of bytes at the start of b that are not special, eight
// at a time while it can, then one at a time.
func plainRun(b []byte) int {
	const (
		low7s = 0x7F7F7F7F7F7F7F7F
		highs = 0x8080808080808080
		ones  = 0x0101010101010101
		amp   = '&' * ones
		lt    = '<' * ones
		nl    = '\n' * ones
		tab   = '\t' * ones
		ctl   = (0x80 - 0x20) * ones // added to a byte below 0x80, sets its top bit when it is at least 0x20
	)
	i := 0
	for rest := b; len(rest) >= 8; rest = rest[8:] {
		// In the top bit of each byte: it is at least 0x80, '&', '<', or a control character other
		// than tab and line feed. Each sum is at most 0x7F+0x7F: none carries from one byte into
		// the next, so every byte is judged exactly.
		w := binary.LittleEndian.Uint64(rest)
		l := w & low7s
		plain := ((l ^ amp) + low7s) & ((l ^ lt) + low7s) & (l + ctl | ^(((l ^ nl) + low7s) & ((l ^ tab) + low7s)))
		if m := (w | ^plain) & highs; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for ; i < len(b); i++ {
		if special[b[i]] {
			return i
		}
	}
	return i
}

// cdataEnd is what encoding/xml refuses in text.
var cdataEnd = []byte("]]>")

// hasCDATAEnd reports whether b holds cdataEnd: bytes.Contains, without its set-up cost on the
// many short texts.
func hasCDATAEnd(b []byte) bool {
	for {
		i := bytes.IndexByte(b, ']')
		if i < 0 {
			return false
		}
		if i+2 < len(b) && b[i+1] == ']' && b[i+2] == '>' {
			return true
		}
		b = b[i+1:]
	}
}

// decode decodes raw text or an attribute value as encoding/xml does, from raw[k] on (the bytes
// before it are copied as they are), or reports false where encoding/xml would fail (or the
// scanner is not sure it would not). Text is checked for "]]>" before (charData).
func (s *scanner) decode(raw []byte, k int) ([]byte, bool) {
	// No step makes the text longer (an entity or a reference is longer than the UTF-8 it
	// stands for, a CR LF becomes a LF): out has room for all of it from the start.
	if cap(s.text) < len(raw) {
		s.text = make([]byte, 0, max(len(raw), 2*cap(s.text)))
	}
	out := s.text[:len(raw)]
	n := copy(out, raw[:k])
	for i := k; i < len(raw); {
		switch c := raw[i]; {
		case c == '&':
			r, m := entity(raw[i:])
			if m == 0 {
				return nil, false
			}
			if r < utf8.RuneSelf {
				out[n] = byte(r)
				n++
			} else {
				n += utf8.EncodeRune(out[n:], r)
			}
			i += m
		case c == '<':
			return nil, false
		case c == '\r':
			out[n] = '\n'
			n++
			i++
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
		case c < utf8.RuneSelf:
			return nil, false // a control character
		default:
			r, size := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && size == 1 || !inCharRange(r) {
				return nil, false
			}
			n += copy(out[n:], raw[i:i+size])
			i += size
		}
		j := i + plainRun(raw[i:])
		n += copy(out[n:], raw[i:j])
		i = j
	}
	s.text = out[:n]
	return s.text, true
}

// decodeCDATA decodes the text of a CDATA section from raw[k] on: line breaks only.
func (s *scanner) decodeCDATA(raw []byte, k int) ([]byte, bool) {
	out := append(s.text[:0], raw[:k]...)
	for i := k; i < len(raw); {
		switch c := raw[i]; {
		case c == '\r':
			out = append(out, '\n')
			i++
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
		case c < 0x20 && c != '\t' && c != '\n':
			return nil, false
		case c < utf8.RuneSelf:
			out = append(out, c)
			i++
		default:
			r, size := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && size == 1 || !inCharRange(r) {
				return nil, false
			}
			out = append(out, raw[i:i+size]...)
			i += size
		}
	}
	s.text = out
	return out, true
}

// entity decodes the reference at the start of b; n is 0 when the scanner does not read it.
func entity(b []byte) (r rune, n int) {
	if len(b) >= 4 { // the usual ones, without a search or a switch on strings
		switch {
		case b[1] == 'a' && len(b) >= 5 && b[2] == 'm' && b[3] == 'p' && b[4] == ';':
			return '&', 5
		case b[1] == 'q' && len(b) >= 6 && b[2] == 'u' && b[3] == 'o' && b[4] == 't' && b[5] == ';':
			return '"', 6
		case b[1] == 'l' && b[2] == 't' && b[3] == ';':
			return '<', 4
		case b[1] == 'g' && b[2] == 't' && b[3] == ';':
			return '>', 4
		}
	}
	semi := bytes.IndexByte(b[:min(len(b), 12)], ';')
	if semi < 2 {
		return 0, 0
	}
	name := b[1:semi]
	switch string(name) {
	case "lt":
		return '<', semi + 1
	case "gt":
		return '>', semi + 1
	case "amp":
		return '&', semi + 1
	case "quot":
		return '"', semi + 1
	case "apos":
		return '\'', semi + 1
	}
	if name[0] != '#' || len(name) < 2 {
		return 0, 0
	}
	digits, base := name[1:], rune(10)
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 || len(digits) > 7 {
		return 0, 0
	}
	for _, c := range digits {
		var d rune
		switch {
		case '0' <= c && c <= '9':
			d = rune(c - '0')
		case base == 16 && 'a' <= c && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && 'A' <= c && c <= 'F':
			d = rune(c-'A') + 10
		default:
			return 0, 0
		}
		r = r*base + d
	}
	if r > utf8.MaxRune {
		return 0, 0
	}
	if 0xD800 <= r && r <= 0xDFFF {
		r = utf8.RuneError // string(rune(n)) in encoding/xml
	}
	if !inCharRange(r) {
		return 0, 0
	}
	return r, semi + 1
}

// inCharRange is XML's Char production, as encoding/xml checks it.
func inCharRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
