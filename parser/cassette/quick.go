package cassette

import (
	"bytes"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// The fast path. Most interactions pass, and ctlog needs only a few scalars of them (the
// Interaction event): quick reads those from the lines the splitter kept (or that scan found the
// splitter would keep), without the YAML parser, when every kept line is of the plain block shapes
// Schemathesis writes — `key: scalar`, `key:` opening a deeper block or a sequence, `- scalar`,
// `- key: scalar` — with one-line scalars in single quotes, in double quotes with YAML's escapes,
// or plain and made of ordinary characters, all printable ASCII, no key twice in a mapping, and
// the fields ctlog reads of the shapes its item struct expects. Anything else — a comment, a tab,
// an anchor, a flow collection other than `{}` or `[]`, a multi-line scalar, text that is not
// ASCII — is left to the YAML parser, so an interaction gives the same events either way
// (TestFastEqualsCareful, FuzzFastEqualsCareful).

// qnode is a node of the YAML subset quick reads; its bytes point into the chunk or scratch.
type qnode struct {
	kind  yaml.Kind
	null  bool
	value []byte
	keys  [][]byte
	vals  []*qnode // a mapping's values, or a sequence's items
}

// quickReader reads chunks with quick, reusing its memory from one chunk to the next.
type quickReader struct {
	lines []qline
	nodes []qnode
	used  int
	buf   []byte // decoded single-quoted scalars
	fixed []byte // lines scan repaired
	it    item   // the item quick returns, valid until the next call
	names map[string]string
}

// onQuick and onScan, when set (by tests, before any parse), count the interactions quick reads,
// and those of them it reads straight from a block's bytes (quickReader.scan).
var onQuick, onScan func(n int)

type qline struct {
	ind  int
	text []byte // without indentation
}

// maxKey is the longest key quick reads; YAML does not allow an implicit key of 1024 bytes.
const maxKey = 512

func (q *quickReader) node() *qnode {
	if q.used == len(q.nodes) {
		// A new slab: the nodes of the old one, which point at each other, stay where they are.
		q.nodes, q.used = make([]qnode, max(64, 2*len(q.nodes))), 0
	}
	n := &q.nodes[q.used]
	q.used++
	*n = qnode{keys: n.keys[:0], vals: n.vals[:0]}
	return n
}

// quick reads the interaction of chunk text b, or reports false; the item is valid until the next
// call.
func (q *quickReader) quick(b []byte) (*item, bool) {
	q.lines, q.used, q.buf = q.lines[:0], 0, q.buf[:0]
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		ind := 0
		for ind < len(line) && line[ind] == ' ' {
			ind++
		}
		if ind == len(line) {
			continue // blank
		}
		for _, c := range line {
			if c < 0x20 || c > 0x7E {
				return nil, false // tabs, control characters, anything not ASCII
			}
		}
		q.lines = append(q.lines, qline{ind: ind, text: line[ind:]})
	}
	return q.parse()
}

// parse reads the interaction of q.lines, or reports false; the item is valid until the next call.
func (q *quickReader) parse() (*item, bool) {
	if len(q.lines) == 0 || !isItem(q.lines[0].text) {
		return nil, false
	}
	seq, next, ok := q.seq(0, q.lines[0].ind, false)
	if !ok || next != len(q.lines) || len(seq.vals) != 1 {
		return nil, false
	}
	return q.toItem(seq.vals[0])
}

// block reads the mapping or sequence that starts at line i, indented by ind.
func (q *quickReader) block(i, ind int) (*qnode, int, bool) {
	if isItem(q.lines[i].text) {
		return q.seq(i, ind, false)
	}
	return q.mapping(i, ind, nil)
}

// seq reads the block sequence whose items start at line i, indented by ind; compact says it is
// the value of a mapping key at the same indentation, whose next key may follow it.
func (q *quickReader) seq(i, ind int, compact bool) (*qnode, int, bool) {
	n := q.node()
	n.kind = yaml.SequenceNode
	for i < len(q.lines) && q.lines[i].ind == ind && isItem(q.lines[i].text) {
		t := q.lines[i].text
		if len(t) < 3 || t[2] == ' ' {
			return nil, 0, false // `-` alone, or more than one space after it
		}
		rest := t[2:]
		if _, _, isKey, ok := q.keyOf(rest); !ok {
			return nil, 0, false
		} else if isKey {
			m, next, ok := q.mapping(i, ind+2, rest)
			if !ok {
				return nil, 0, false
			}
			n.vals = append(n.vals, m)
			i = next
			continue
		}
		v, ok := q.scalar(rest)
		if !ok {
			return nil, 0, false
		}
		n.vals = append(n.vals, v)
		i++
		if i < len(q.lines) && q.lines[i].ind > ind {
			return nil, 0, false // a scalar that goes on, or a mistake
		}
	}
	if i < len(q.lines) && (q.lines[i].ind > ind || q.lines[i].ind == ind && !compact) {
		return nil, 0, false
	}
	return n, i, true
}

// mapping reads the block mapping whose keys are indented by ind, from line i; first, when set,
// is the text of its first key line, which follows a sequence item's dash on line i.
func (q *quickReader) mapping(i, ind int, first []byte) (*qnode, int, bool) {
	n := q.node()
	n.kind = yaml.MappingNode
	for {
		var t []byte
		if first != nil {
			t, first = first, nil
		} else {
			if i >= len(q.lines) || q.lines[i].ind < ind {
				return n, i, true
			}
			if q.lines[i].ind > ind || isItem(q.lines[i].text) {
				return nil, 0, false
			}
			t = q.lines[i].text
		}
		key, val, isKey, ok := q.keyOf(t)
		if !ok || !isKey {
			return nil, 0, false
		}
		for _, k := range n.keys {
			if bytes.Equal(k, key) {
				return nil, 0, false // YAML refuses a key twice
			}
		}
		i++
		var v *qnode
		switch {
		case len(val) > 0:
			if v, ok = q.scalar(val); !ok {
				return nil, 0, false
			}
			if i < len(q.lines) && q.lines[i].ind > ind {
				return nil, 0, false
			}
		case i < len(q.lines) && q.lines[i].ind > ind:
			if v, i, ok = q.block(i, q.lines[i].ind); !ok {
				return nil, 0, false
			}
		case i < len(q.lines) && q.lines[i].ind == ind && isItem(q.lines[i].text):
			if v, i, ok = q.seq(i, ind, true); !ok {
				return nil, 0, false
			}
		default:
			v = q.node()
			v.kind, v.null = yaml.ScalarNode, true
		}
		n.keys = append(n.keys, key)
		n.vals = append(n.vals, v)
	}
}

// keyOf splits `key: value` or `key:`; isKey is false for a scalar alone, ok false for text quick
// does not read.
func (q *quickReader) keyOf(t []byte) (key, val []byte, isKey, ok bool) {
	var end int // where the key ends
	switch t[0] {
	case '"', '\'':
		e := bytes.IndexByte(t[1:], t[0])
		if e < 0 {
			return nil, nil, false, false
		}
		end = e + 2
		if end == len(t) {
			return nil, nil, false, true // a quoted scalar
		}
		key = t[1 : end-1]
		if bytes.IndexByte(key, '\\') >= 0 {
			return nil, nil, false, false
		}
	default:
		for end < len(t) && plainByte(t[end]) {
			end++
		}
		if end == len(t) {
			return nil, nil, false, true // a plain scalar
		}
		key = t[:end]
		if end == 0 || !plainStart(t[0]) {
			return nil, nil, false, false
		}
	}
	if len(key) > maxKey || t[end] != ':' {
		return nil, nil, false, false
	}
	rest := t[end+1:]
	if len(rest) == 0 {
		return key, nil, true, true
	}
	if rest[0] != ' ' {
		return nil, nil, false, false
	}
	return key, bytes.TrimLeft(rest, " "), true, true
}

// scalar reads a one-line scalar value.
func (q *quickReader) scalar(v []byte) (*qnode, bool) {
	n := q.node()
	n.kind = yaml.ScalarNode
	switch v[0] {
	case '\'':
		if len(v) < 2 || v[len(v)-1] != '\'' {
			return nil, false
		}
		body := v[1 : len(v)-1]
		if bytes.IndexByte(body, '\'') < 0 {
			n.value = body
			return n, true
		}
		start := len(q.buf)
		for i := 0; i < len(body); i++ {
			if body[i] == '\'' {
				if i+1 == len(body) || body[i+1] != '\'' {
					return nil, false
				}
				i++
			}
			q.buf = append(q.buf, body[i])
		}
		n.value = q.buf[start:len(q.buf):len(q.buf)]
		return n, true
	case '"':
		if len(v) < 2 || v[len(v)-1] != '"' {
			return nil, false
		}
		body := v[1 : len(v)-1]
		if bytes.IndexByte(body, '\\') < 0 {
			if bytes.IndexByte(body, '"') >= 0 {
				return nil, false
			}
			n.value = body
			return n, true
		}
		start := len(q.buf)
		var ok bool
		if q.buf, ok = appendUnescaped(q.buf, body); !ok {
			return nil, false
		}
		n.value = q.buf[start:len(q.buf):len(q.buf)]
		return n, true
	}
	switch string(v) {
	case "~", "null", "Null", "NULL":
		n.null, n.value = true, v // YAML keeps the text of a null scalar as its node's value
		return n, true
	case "{}":
		n.kind = yaml.MappingNode
		return n, true
	case "[]":
		n.kind = yaml.SequenceNode
		return n, true
	}
	if !plainStart(v[0]) {
		return nil, false
	}
	for _, c := range v {
		if !plainByte(c) {
			return nil, false
		}
	}
	n.value = v
	return n, true
}

// yamlEscapes are the one-character escapes of YAML's double-quoted scalars, as go.yaml.in/yaml/v3
// reads them.
var yamlEscapes = map[byte]rune{'0': 0, 'a': 7, 'b': 8, 't': 9, 'n': 10, 'v': 11, 'f': 12, 'r': 13, 'e': 0x1B,
	' ': ' ', '"': '"', '\'': '\'', '\\': '\\', 'N': 0x85, '_': 0xA0, 'L': 0x2028, 'P': 0x2029}

// codeLen is the number of hex digits of the escapes that give a code point.
var codeLen = map[byte]int{'x': 2, 'u': 4, 'U': 8}

// appendUnescaped appends the text of a double-quoted scalar's body, on one line, or reports
// false where YAML would fail (a quote or a backslash that ends it, an unknown escape, a bad code).
func appendUnescaped(out, body []byte) ([]byte, bool) {
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == '"' {
			return nil, false
		}
		if c != '\\' {
			out = append(out, c)
			continue
		}
		if i+1 == len(body) {
			return nil, false
		}
		i++
		e := body[i]
		if r, ok := yamlEscapes[e]; ok {
			out = utf8.AppendRune(out, r)
			continue
		}
		n := codeLen[e]
		if n == 0 || i+n > len(body)-1 {
			return nil, false // an unknown escape, or too few digits
		}
		var r rune
		for _, h := range body[i+1 : i+1+n] {
			var d byte
			switch {
			case '0' <= h && h <= '9':
				d = h - '0'
			case 'a' <= h && h <= 'f':
				d = h - 'a' + 10
			case 'A' <= h && h <= 'F':
				d = h - 'A' + 10
			default:
				return nil, false
			}
			r = r<<4 | rune(d)
		}
		if r >= 0xD800 && r <= 0xDFFF || r > 0x10FFFF {
			return nil, false
		}
		out = utf8.AppendRune(out, r)
		i += n
	}
	return out, true
}

// plainStart and plainByte say which bytes begin and make a plain scalar or key that quick reads.
func plainStart(c byte) bool { return plainBytes[c]&1 != 0 }

func plainByte(c byte) bool { return plainBytes[c] != 0 }

// plainBytes holds 1 for the bytes that begin a plain scalar, 2 for those that only go on one.
var plainBytes = func() (t [256]byte) {
	for c := range 256 {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_', c == '/':
			t[c] = 1
		case c == '-', c == '.', c == '+':
			t[c] = 2
		}
	}
	return t
}()

// toItem fills q.it from the interaction's mapping as yaml.Unmarshal would, or reports false
// when a field ctlog reads is not of the shape the struct expects. The phase and the request
// headers stay nodes of q (item.quick).
func (q *quickReader) toItem(n *qnode) (*item, bool) {
	if n.kind != yaml.MappingNode {
		return nil, false
	}
	it := &q.it
	*it = item{quick: true}
	for i, k := range n.keys {
		v := n.vals[i]
		var ok bool
		switch string(k) {
		case "id":
			it.ID, ok = str(v)
		case "status":
			it.Status, ok = q.name(v)
		case "seed":
			it.Seed, ok = q.name(v)
		case "elapsed":
			it.Elapsed, ok = str(v)
		case "data_generation_method":
			it.DataGen, ok = q.name(v)
		case "phase":
			it.phase, ok = v, true
		case "request":
			ok = v.kind == yaml.MappingNode && q.request(v, &it.Request)
			it.headers = headersOf(v)
		case "response":
			switch {
			case v.kind == yaml.ScalarNode && v.null:
				ok = true
			case v.kind == yaml.MappingNode:
				it.Response = &it.response
				ok = q.response(v, it.Response)
			}
		case "checks":
			it.Checks, ok = checks(v)
		default:
			ok = true // not a field of item: YAML ignores it too
		}
		if !ok {
			return nil, false
		}
	}
	return it, true
}

// name is str for the short values that repeat (statuses, methods, seeds): each text is made a
// string once per reader.
func (q *quickReader) name(n *qnode) (string, bool) {
	if n.kind != yaml.ScalarNode {
		return "", false
	}
	if n.null {
		return "", true
	}
	if s, ok := q.names[string(n.value)]; ok {
		return s, true
	}
	s := string(n.value)
	if len(s) <= 64 {
		if q.names == nil || len(q.names) >= 4096 {
			q.names = map[string]string{}
		}
		q.names[s] = s
	}
	return s, true
}

// headersOf is the value of a request's last `headers` key, as yaml.Unmarshal keeps it.
func headersOf(req *qnode) *qnode {
	var h *qnode
	for i, k := range req.keys {
		if string(k) == "headers" {
			h = req.vals[i]
		}
	}
	return h
}

// caseID is what header() finds of X-Schemathesis-TestCaseId in the request headers h.
func caseID(h *qnode) string {
	if h == nil || h.kind != yaml.MappingNode {
		return ""
	}
	for i, k := range h.keys {
		if !bytes.EqualFold(k, []byte("X-Schemathesis-TestCaseId")) {
			continue
		}
		switch v := h.vals[i]; v.kind {
		case yaml.ScalarNode:
			if !v.null {
				return string(v.value)
			}
		case yaml.SequenceNode:
			for _, e := range v.vals {
				if e.kind == yaml.ScalarNode {
					return string(e.value)
				}
			}
		}
	}
	return ""
}

// eachQuickHeader is eachHeader over the request headers h.
func eachQuickHeader(h *qnode, fn func(name, value string)) {
	if h == nil || h.kind != yaml.MappingNode {
		return
	}
	for i, k := range h.keys {
		switch v := h.vals[i]; v.kind {
		case yaml.ScalarNode:
			if !v.null {
				fn(string(k), string(v.value))
			}
		case yaml.SequenceNode:
			for _, e := range v.vals {
				if e.kind == yaml.ScalarNode {
					fn(string(k), string(e.value))
				}
			}
		}
	}
}

// quickPhase is what phaseName finds in the phase node n (nil when there is none).
func quickPhase(n *qnode) string {
	switch {
	case n == nil:
	case n.kind == yaml.ScalarNode:
		if !n.null {
			return string(n.value)
		}
	case n.kind == yaml.MappingNode:
		for i, k := range n.keys {
			if v := n.vals[i]; string(k) == "name" && v.kind == yaml.ScalarNode && !v.null {
				return string(v.value)
			}
		}
	}
	return ""
}

// request fills r but its headers, which item.headers keeps.
func (q *quickReader) request(n *qnode, r *itemRequest) bool {
	for i, k := range n.keys {
		v := n.vals[i]
		ok := true
		switch string(k) {
		case "uri":
			r.URI, ok = str(v)
		case "method":
			r.Method, ok = q.name(v)
		case "body":
			r.Body, ok = body(v)
		}
		if !ok {
			return false
		}
	}
	return true
}

func (q *quickReader) response(n *qnode, r *itemResponse) bool {
	for i, k := range n.keys {
		v := n.vals[i]
		ok := true
		switch string(k) {
		case "status":
			switch {
			case v.kind == yaml.ScalarNode && v.null:
			case v.kind == yaml.MappingNode:
				for j, sk := range v.keys {
					switch string(sk) {
					case "code":
						r.Status.Code, ok = q.name(v.vals[j])
					case "message":
						r.Status.Message, ok = q.name(v.vals[j])
					}
					if !ok {
						return false
					}
				}
			default:
				return false
			}
		case "elapsed":
			r.Elapsed, ok = str(v)
		case "body":
			r.Body, ok = body(v)
		}
		if !ok {
			return false
		}
	}
	return true
}

// checks is the list of checks, as yaml.Unmarshal fills []itemCheck from it.
func checks(n *qnode) ([]itemCheck, bool) {
	switch {
	case n.kind == yaml.ScalarNode && n.null:
		return nil, true
	case n.kind != yaml.SequenceNode:
		return nil, false
	}
	out := make([]itemCheck, 0, len(n.vals))
	for _, c := range n.vals {
		if c.kind != yaml.MappingNode {
			return nil, false // YAML drops a null item, and refuses a scalar
		}
		var ck itemCheck
		for i, k := range c.keys {
			ok := true
			switch string(k) {
			case "name":
				ck.Name, ok = str(c.vals[i])
			case "status":
				ck.Status, ok = str(c.vals[i])
			case "message":
				ck.Message, ok = str(c.vals[i])
			}
			if !ok {
				return nil, false
			}
		}
		out = append(out, ck)
	}
	return out, true
}

// body is a request or response body, as yaml.Unmarshal fills *itemBody from it.
func body(n *qnode) (*itemBody, bool) {
	switch {
	case n.kind == yaml.ScalarNode && n.null:
		return nil, true
	case n.kind != yaml.MappingNode:
		return nil, false
	}
	b := &itemBody{}
	for i, k := range n.keys {
		v := n.vals[i]
		ok := true
		switch string(k) {
		case "encoding":
			b.Encoding, ok = str(v)
		case "string":
			b.String, ok = strPtr(v)
		case "base64_string":
			b.Base64, ok = strPtr(v)
		}
		if !ok {
			return nil, false
		}
	}
	return b, true
}

// strPtr is a scalar as a *string field gets it: nil for null.
func strPtr(n *qnode) (*string, bool) {
	if n.kind != yaml.ScalarNode {
		return nil, false
	}
	if n.null {
		return nil, true
	}
	s := string(n.value)
	return &s, true
}

// str is a scalar as a string field gets it; null leaves the field empty.
func str(n *qnode) (string, bool) {
	if n.kind != yaml.ScalarNode {
		return "", false
	}
	if n.null {
		return "", true
	}
	return string(n.value), true
}
