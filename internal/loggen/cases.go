package loggen

import (
	"bytes"
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

type kind int

const (
	kServerError kind = iota
	kStatusCode
	kContentType
	kHeaders
	kSchema
	kJSONDeser
	kNegative
	kCustom
	kResponseTime
)

// kindInfo is one failure title available in a run.
type kindInfo struct {
	k     kind
	title string
	check int    // index into settings.checks
	msg   string // custom checks: the assertion message ("" = none)
}

const (
	flakyBanner   = "[FLAKY] Schemathesis was not able to reliably reproduce this failure"
	truncMarker   = " // Output truncated..."
	bodyLimit     = 512 // characters of a response body shown when output truncation is on
	jsonLineLimit = 20  // lines of a Schema/Value block shown when output truncation is on
)

// failOp holds what stays fixed across the test cases of one failing operation.
type failOp struct {
	op         *operation
	primary    int   // index into settings.kinds
	alt        []int // other kinds this operation sometimes fails with
	documented string
	docCodes   []int
	model      []int // indices into fieldPool
	hasBody    bool
	bodyCT     int // 0 JSON, 1 form, 2 multipart
	list       bool
	page       string // cached framework debug page
	hugeLeft   int    // how many more tens-of-KB lines this operation may produce
	counts     []int  // test cases per kind index
	fixed      uint64 // Config.Groups: seeds the response and messages, the same in every test case (0 = off)
}

func (g *gen) kindIndex(k kind) int {
	for i := range g.s.kinds {
		if g.s.kinds[i].k == k {
			return i
		}
	}
	return -1
}

func (g *gen) weightedKind() int {
	total := 0
	for _, w := range g.s.kindWeights {
		total += w
	}
	u := g.r.IntN(total)
	for i, w := range g.s.kindWeights {
		if u < w {
			return i
		}
		u -= w
	}
	return 0
}

func (g *gen) newFailOp(op *operation) *failOp {
	f := &failOp{op: op, counts: make([]int, len(g.s.kinds))}
	f.primary = g.weightedKind()
	for n := g.r.IntN(3); n > 0; n-- {
		if k := g.weightedKind(); k != f.primary && !slices.Contains(f.alt, k) {
			f.alt = append(f.alt, k)
		}
	}
	f.hasBody = op.method == "POST" || op.method == "PUT" || op.method == "PATCH"
	if f.hasBody {
		switch u := g.r.IntN(100); {
		case u < 75:
			f.bodyCT = 0
		case u < 90:
			f.bodyCT = 1
		default:
			f.bodyCT = 2
		}
	}
	f.list = op.method == "GET" && !strings.HasSuffix(strings.TrimSuffix(op.path, "/"), "}")
	// A few operations produce very long single lines (big request bodies, huge reprs,
	// untruncated list bodies); capped per operation so huge logs are not dominated by them.
	if (f.hasBody || f.list) && g.chance(150) {
		f.hugeLeft = 1 + g.r.IntN(3)
	}
	f.docCodes = documentedSets[g.r.IntN(len(documentedSets))]
	for i, c := range f.docCodes {
		if i > 0 {
			f.documented += ", "
		}
		f.documented += strconv.Itoa(c)
	}
	// Model: id and name, then a random subset of the rest in pool order.
	f.model = append(f.model, 0, 1)
	for i := 2; i < len(fieldPool); i++ {
		if g.chance(350) {
			f.model = append(f.model, i)
		}
	}
	return f
}

// failuresSection writes FAILURES and honours Config.TargetBytes.
func (g *gen) failuresSection() {
	var failing []int
	for i := range g.ops {
		if g.ops[i].status == stFail {
			failing = append(failing, i)
		}
	}
	if len(failing) == 0 {
		return
	}
	e := g.e
	e.rule("FAILURES", '=')
	target := g.cfg.TargetBytes
	for idx, oi := range failing {
		op := &g.ops[oi]
		f := g.newFailOp(op)
		if g.cfg.Groups > 0 {
			f.fixed = uint64(oi) + 1
			f.hugeLeft = 0 // a huge body once, a short one after, would be two causes
		}
		e.rule(op.label, '_')
		if g.chance(60) {
			e.line(flakyBanner)
			e.blank()
			g.truth.Flaky++
		}
		start := e.n
		var budget int64
		natural := 1
		if target > 0 {
			rem := target - e.n
			if left := int64(len(failing) - idx); left > 1 {
				budget = rem / left * int64(40+g.r.IntN(121)) / 100
			} else {
				budget = rem
			}
		} else {
			switch u := g.r.IntN(100); {
			case u < 65:
				natural = 1
			case u < 90:
				natural = 2 + g.r.IntN(2)
			default:
				natural = 4 + g.r.IntN(7)
			}
		}
		for n := 1; ; n++ {
			g.writeCase(f, n)
			if target > 0 {
				if e.n-start >= budget {
					break
				}
			} else if n >= natural {
				break
			}
		}
		for ki, c := range f.counts {
			if c > 0 {
				g.truth.ByOperationTitle[op.label+" :: "+g.s.kinds[ki].title] += c
			}
		}
	}
}

// caseState is the response of one test case.
type caseState struct {
	status   int
	bodyKind byte // 'j' json/text body in g.body, 'e' <EMPTY>, 'b' <BINARY>
	ct       string
	jsonErr  string
	viol     int
	field    int // fieldPool index the violation is about
}

func (g *gen) writeCase(f *failOp, n int) {
	e := g.e
	g.truth.TestCases++

	e.begin()
	e.buf = strconv.AppendInt(e.buf, int64(n), 10)
	e.buf = append(e.buf, ". Test Case ID: "...)
	e.buf = g.appendID(e.buf)
	e.end()
	e.blank()

	shared := g.r
	if f.fixed != 0 {
		// One failure group per operation: the same title, response and messages in every test
		// case (drawn from the operation's own generator); the request still varies.
		g.r = rand.New(rand.NewPCG(uint64(g.cfg.Seed), f.fixed))
		defer func() { g.r = shared }()
	}
	// Titles.
	k1 := f.primary
	if len(f.alt) > 0 && f.fixed == 0 && g.chance(250) {
		k1 = f.alt[g.r.IntN(len(f.alt))]
	}
	k2 := -1
	switch g.s.kinds[k1].k {
	case kServerError:
		if g.chance(450) && !slices.Contains(f.docCodes, 500) {
			k2 = g.kindIndex(kStatusCode)
		} else if g.chance(100) {
			k2 = g.kindIndex(kCustom)
		}
	case kSchema:
		if g.chance(100) {
			k2 = g.kindIndex(kHeaders)
		}
	case kNegative:
		if g.chance(120) {
			k2 = g.kindIndex(kSchema)
		}
	}
	if f.fixed != 0 {
		k2 = -1 // a second title is a second group
	}
	ks := [2]int{k1, k2}
	nk := 1
	if k2 >= 0 {
		nk = 2
		// Titles are printed in check order, so not_a_server_error comes first.
		if g.s.kinds[k2].check < g.s.kinds[k1].check {
			ks[0], ks[1] = k2, k1
		}
	}

	var cs caseState
	g.prepareResponse(f, ks[:nk], &cs)

	for _, ki := range ks[:nk] {
		f.counts[ki]++
		g.checkFailures[g.s.kinds[ki].check]++
		e.line2("- ", g.s.kinds[ki].title)
		e.blank()
		g.writeMessage(f, ki, &cs)
	}

	// Response.
	e.begin()
	e.buf = append(e.buf, '[')
	e.buf = strconv.AppendInt(e.buf, int64(cs.status), 10)
	e.buf = append(e.buf, "] "...)
	e.buf = append(e.buf, reason(cs.status)...)
	e.buf = append(e.buf, ':')
	e.end()
	e.blank()
	switch cs.bodyKind {
	case 'e':
		e.line("    <EMPTY>")
	case 'b':
		e.line("    <BINARY>")
	default:
		g.writeBody(g.body)
	}
	e.blank()

	e.line("Reproduce with: ")
	e.blank()
	if f.fixed != 0 {
		g.r = shared
	}
	g.writeCurl(f)
	e.blank()
}

const idChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func (g *gen) appendID(b []byte) []byte {
	u := g.r.Uint64()
	for i := 0; i < 6; i++ {
		b = append(b, idChars[u%62])
		u /= 62
	}
	return b
}

func reason(code int) string {
	switch code {
	case 200:
		return "OK"
	case 201:
		return "Created"
	case 202:
		return "Accepted"
	case 204:
		return "No Content"
	case 400:
		return "Bad Request"
	case 401:
		return "Unauthorized"
	case 403:
		return "Forbidden"
	case 404:
		return "Not Found"
	case 405:
		return "Method Not Allowed"
	case 409:
		return "Conflict"
	case 415:
		return "Unsupported Media Type"
	case 422:
		return "Unprocessable Entity"
	case 429:
		return "Too Many Requests"
	case 500:
		return "Internal Server Error"
	case 502:
		return "Bad Gateway"
	case 503:
		return "Service Unavailable"
	}
	return "Unknown"
}

// prepareResponse decides the status code and fills g.body (and g.rec for schema cases).
func (g *gen) prepareResponse(f *failOp, ks []int, cs *caseState) {
	g.body = g.body[:0]
	cs.bodyKind = 'j'
	main := g.s.kinds[ks[0]].k
	for _, ki := range ks {
		if k := g.s.kinds[ki].k; k == kServerError || k == kSchema || k == kJSONDeser {
			main = k
		}
	}
	okStatus := 200
	if f.op.method == "POST" {
		okStatus = 201
	}
	switch main {
	case kServerError:
		cs.status = 500
		if g.chance(80) {
			cs.status = []int{502, 503}[g.r.IntN(2)]
		}
		switch u := g.r.IntN(100); {
		case u < 45 && cs.status == 500:
			g.body = append(g.body, g.debugPage(f)...)
		case u < 55:
			cs.bodyKind = 'e'
		case u < 57:
			cs.bodyKind = 'b'
		default:
			g.body = append(g.body, g.pick(serverErrorBodies)...)
		}
	case kStatusCode:
		cs.status = clientErrors[g.r.IntN(len(clientErrors))]
		for slices.Contains(f.docCodes, cs.status) {
			cs.status = clientErrors[g.r.IntN(len(clientErrors))]
		}
		body := g.pick(statusBodies[cs.status])
		if i := strings.Index(body, "%M"); i >= 0 {
			g.body = append(g.body, body[:i]...)
			g.body = append(g.body, f.op.method...)
			body = body[i+2:]
		}
		g.body = append(g.body, body...)
	case kContentType:
		cs.status = okStatus
		cs.ct = g.pick(textContentTypes)
		switch {
		case strings.HasPrefix(cs.ct, "text/csv"):
			g.body = append(g.body, g.pick(csvBodies)...)
		case strings.HasPrefix(cs.ct, "text/html"):
			g.body = append(g.body, "<html>\n<body><p>Export queued</p></body>\n</html>"...)
		case cs.ct == "application/octet-stream":
			cs.bodyKind = 'b'
		default:
			g.body = g.appendRecordBody(g.body, f)
		}
	case kJSONDeser:
		cs.status = okStatus
		switch g.r.IntN(4) {
		case 0:
			cs.bodyKind = 'e'
			cs.jsonErr = "Expecting value: line 1 column 1 (char 0)"
		case 1:
			g.body = append(g.body, "{malformed}"...)
			cs.jsonErr = "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
		case 2:
			g.body = append(g.body, "OK"...)
			cs.jsonErr = "Expecting value: line 1 column 1 (char 0)"
		default:
			g.body = append(g.body, `{"id": 17, "name": "unterminat`...)
			cs.jsonErr = "Unterminated string starting at: line 1 column 20 (char 19)"
		}
	case kSchema:
		cs.status = okStatus
		g.makeRecord(f)
		cs.viol, cs.field = g.pickViolation(f)
		g.applyViolation(f, cs)
		g.body = g.appendBodyFromRecord(g.body, f, cs)
	default: // headers, negative data, custom, response time
		cs.status = okStatus
		if f.op.method == "DELETE" && g.chance(500) {
			cs.status = 204
			cs.bodyKind = 'e'
			return
		}
		g.body = g.appendRecordBody(g.body, f)
	}
}

// writeMessage writes the 4-space indented details under a title, then a blank line.
func (g *gen) writeMessage(f *failOp, ki int, cs *caseState) {
	e := g.e
	switch g.s.kinds[ki].k {
	case kServerError:
		return // no message
	case kStatusCode:
		e.begin()
		e.buf = append(e.buf, "    Received: "...)
		e.buf = strconv.AppendInt(e.buf, int64(cs.status), 10)
		e.end()
		e.line2("    Documented: ", f.documented)
	case kContentType:
		e.line2("    Received: ", cs.ct)
		e.line("    Documented: application/json")
	case kHeaders:
		e.line("    The following required headers are missing from the response:")
		i := g.r.IntN(len(missingHeaders))
		e.line("    - `" + missingHeaders[i] + "`")
		if g.chance(250) {
			e.line("    - `" + missingHeaders[(i+1)%len(missingHeaders)] + "`")
		}
	case kJSONDeser:
		e.line("    Response must be valid JSON with 'Content-Type: application/json' header:")
		e.blank()
		e.line2("      ", cs.jsonErr)
	case kNegative:
		e.line("    Allowed statuses: 400, 401, 403, 404, 422, 428, 5xx")
	case kResponseTime:
		limit := []int64{500, 1000, 2000}[g.r.IntN(3)]
		actual := limit*100 + int64(g.r.IntN(int(limit*300)))
		e.begin()
		e.buf = append(e.buf, "    Actual: "...)
		e.buf = appendHundredths(e.buf, actual)
		e.buf = append(e.buf, "ms"...)
		e.end()
		e.begin()
		e.buf = append(e.buf, "    Limit: "...)
		e.buf = appendHundredths(e.buf, limit*100)
		e.buf = append(e.buf, "ms"...)
		e.end()
	case kCustom:
		msg := g.s.kinds[ki].msg
		if msg == "" {
			return
		}
		e.line2("    ", msg)
	case kSchema:
		g.writeSchemaViolation(f, cs)
	}
	e.blank()
}

func appendHundredths(b []byte, v int64) []byte {
	b = strconv.AppendInt(b, v/100, 10)
	return append(b, '.', byte('0'+v%100/10), byte('0'+v%10))
}

// writeBody writes a backtick-quoted, 4-space indented body excerpt.
func (g *gen) writeBody(body []byte) {
	truncated := false
	if g.s.truncate && len(body) > bodyLimit {
		if cut, ok := cutRunes(body, bodyLimit); ok {
			body = cut
			truncated = true
		}
	}
	e := g.e
	first := true
	for {
		i := bytes.IndexByte(body, '\n')
		ln := body
		if i >= 0 {
			ln = body[:i]
		}
		e.begin()
		if first {
			e.buf = append(e.buf, "    `"...)
			first = false
		} else if len(ln) > 0 || i < 0 {
			e.buf = append(e.buf, "    "...)
		}
		e.buf = append(e.buf, ln...)
		if i < 0 {
			if truncated {
				e.buf = append(e.buf, truncMarker...)
			}
			e.buf = append(e.buf, '`')
			e.end()
			return
		}
		e.end()
		body = body[i+1:]
	}
}

// cutRunes returns the first n characters of b when b is longer than that.
func cutRunes(b []byte, n int) ([]byte, bool) {
	count := 0
	for i := 0; i < len(b); {
		if count == n {
			return b[:i], true
		}
		if b[i] < utf8.RuneSelf {
			i++
		} else {
			_, size := utf8.DecodeRune(b[i:])
			i += size
		}
		count++
	}
	return b, false
}

// ---------------------------------------------------------------------------------------
// Records: the JSON objects an API returns, rendered as bodies, Value blocks and reprs.

type val struct {
	t byte // 'i' int, 's' string, 'f' number text, 'n' null, 'b' bool, 'a' tags, 'o' object, 'x' absent
	i int64
	s string // raw text (strings, numbers)
	a string // JSON (ensure_ascii) form of a string
}

type record struct {
	vals  []val // parallel to failOp.model
	extra bool  // carries an undocumented "legacy_id"
	list  int   // 0: a single object; >0: a list of this many copies (long reprs / bodies)
	empty bool  // the whole value is []
}

func (g *gen) makeRecord(f *failOp) {
	r := &g.rec
	r.vals = r.vals[:0]
	r.extra, r.list, r.empty = false, 0, false
	for _, fi := range f.model {
		r.vals = append(r.vals, g.randomVal(&fieldPool[fi]))
	}
}

func (g *gen) randomVal(fd *field) val {
	if fd.nullable && g.chance(300) {
		return val{t: 'n'}
	}
	switch fd.typ {
	case "integer":
		if fd.name == "id" {
			return val{t: 'i', i: 1 + int64(g.r.IntN(5000))}
		}
		return val{t: 'i', i: int64(g.r.IntN(100))}
	case "number":
		return val{t: 'f', s: strconv.Itoa(g.r.IntN(90)) + "." + strconv.Itoa(10+g.r.IntN(90))}
	case "boolean":
		return val{t: 'b', i: int64(g.r.IntN(2))}
	case "array":
		return val{t: 'a', i: int64(g.r.IntN(1 << 3))}
	case "object":
		return val{t: 'o', i: int64(g.r.IntN(2))}
	}
	if len(fd.enum) > 0 {
		v := fd.enum[g.r.IntN(len(fd.enum))]
		return val{t: 's', s: v, a: v}
	}
	switch fd.format {
	case "date-time":
		v := g.dateTime()
		return val{t: 's', s: v, a: v}
	case "date":
		v := "2025-0" + strconv.Itoa(1+g.r.IntN(9)) + "-1" + strconv.Itoa(g.r.IntN(10))
		return val{t: 's', s: v, a: v}
	case "email":
		v := "user" + strconv.Itoa(g.r.IntN(1000)) + "@example.com"
		return val{t: 's', s: v, a: v}
	case "decimal":
		v := strconv.Itoa(g.r.IntN(1000)) + "." + strconv.Itoa(10+g.r.IntN(90))
		return val{t: 's', s: v, a: v}
	}
	w := words[g.r.IntN(len(words))]
	return val{t: 's', s: w.raw, a: w.ascii}
}

func (g *gen) dateTime() string {
	b := g.tmp[:0]
	b = append(b, "2025-07-2"...)
	b = append(b, byte('0'+g.r.IntN(9)), 'T', '1', byte('0'+g.r.IntN(10)), ':')
	m, s := g.r.IntN(60), g.r.IntN(60)
	b = append(b, byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10), '.')
	us := 100000 + g.r.IntN(900000)
	b = strconv.AppendInt(b, int64(us), 10)
	b = append(b, 'Z')
	g.tmp = b
	return string(b)
}

// Violation kinds.
const (
	vNull = iota
	vRequired
	vEnum
	vMinimum
	vWhole
	vAdditional
	vFormat
	vTooLong
	vWrongType
)

func (g *gen) pickViolation(f *failOp) (int, int) {
	for try := 0; try < 4; try++ {
		v := g.r.IntN(9)
		for _, fi := range f.model {
			fd := &fieldPool[fi]
			ok := false
			switch v {
			case vNull:
				ok = !fd.nullable && (fd.typ == "string" || fd.typ == "integer") && fi != 0
			case vRequired:
				ok = fd.required && fi != 0
			case vEnum:
				ok = len(fd.enum) > 0
			case vMinimum:
				ok = fd.hasMin && fi != 0
			case vFormat:
				ok = fd.format == "date" || fd.format == "date-time"
			case vTooLong:
				ok = fd.maxLen > 0 && fd.maxLen <= 64
			case vWrongType:
				ok = fd.typ == "string" && fd.format == ""
			case vWhole, vAdditional:
				return v, 0
			}
			if ok && g.chance(600) {
				return v, fi
			}
		}
	}
	return vRequired, 1
}

func (g *gen) modelPos(f *failOp, fi int) int { return slices.Index(f.model, fi) }

func (g *gen) applyViolation(f *failOp, cs *caseState) {
	r := &g.rec
	switch cs.viol {
	case vNull:
		r.vals[g.modelPos(f, cs.field)] = val{t: 'n'}
	case vRequired:
		r.vals[g.modelPos(f, cs.field)] = val{t: 'x'}
	case vEnum:
		v := []string{"archived", "unknown", "", "ACTIVE"}[g.r.IntN(4)]
		r.vals[g.modelPos(f, cs.field)] = val{t: 's', s: v, a: v}
	case vMinimum:
		r.vals[g.modelPos(f, cs.field)] = val{t: 'i', i: -1 - int64(g.r.IntN(50))}
	case vFormat:
		v := []string{"2024-02-30", "not-a-date", "0000-00-00"}[g.r.IntN(3)]
		r.vals[g.modelPos(f, cs.field)] = val{t: 's', s: v, a: v}
	case vTooLong:
		v := strings.Repeat("A", fieldPool[cs.field].maxLen+1+g.r.IntN(8))
		r.vals[g.modelPos(f, cs.field)] = val{t: 's', s: v, a: v}
	case vWrongType:
		r.vals[g.modelPos(f, cs.field)] = val{t: 'i', i: int64(g.r.IntN(10))}
	case vWhole:
		switch {
		case f.hugeLeft > 0 && g.chance(300):
			f.hugeLeft--
			r.list = 150 + g.r.IntN(300) // a huge repr in the message: tens of KB on one line
		case g.chance(500):
			r.empty = true
		default:
			r.list = 2 + g.r.IntN(2)
		}
	case vAdditional:
		r.extra = true
	}
}

// appendRecordBody makes a fresh record and appends it as a compact JSON body.
func (g *gen) appendRecordBody(b []byte, f *failOp) []byte {
	g.makeRecord(f)
	var cs caseState
	if !g.s.truncate && f.list && f.hugeLeft > 0 && g.chance(300) {
		f.hugeLeft--
		g.rec.list = 200 + g.r.IntN(400) // tens of KB on one line
	}
	return g.appendBodyFromRecord(b, f, &cs)
}

func (g *gen) appendBodyFromRecord(b []byte, f *failOp, cs *caseState) []byte {
	r := &g.rec
	switch {
	case r.empty:
		return append(b, "[]"...)
	case r.list > 0:
		b = append(b, '[')
		for i := 0; i < r.list; i++ {
			if i > 0 {
				b = append(b, ',')
			}
			b = g.appendObjCompact(b, f, int64(i))
		}
		return append(b, ']')
	case f.list && cs.viol != vWhole:
		b = append(b, `{"count":1,"next":null,"previous":null,"results":[`...)
		b = g.appendObjCompact(b, f, 0)
		return append(b, "]}"...)
	}
	return g.appendObjCompact(b, f, 0)
}

func (g *gen) appendObjCompact(b []byte, f *failOp, shift int64) []byte {
	b = append(b, '{')
	first := true
	for i, fi := range f.model {
		v := g.rec.vals[i]
		if v.t == 'x' {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, '"')
		b = append(b, fieldPool[fi].name...)
		b = append(b, '"', ':')
		if fi == 0 && v.t == 'i' {
			v.i += shift
		}
		b = appendValJSON(b, v, false, false)
	}
	if g.rec.extra {
		b = append(b, `,"legacy_id":"L-0042"`...)
	}
	return append(b, '}')
}

// appendValJSON renders v as JSON: ascii selects ensure_ascii strings, spaced selects
// Python's default ", " separators inside arrays and objects.
func appendValJSON(b []byte, v val, ascii, spaced bool) []byte {
	switch v.t {
	case 'i':
		return strconv.AppendInt(b, v.i, 10)
	case 'f':
		return append(b, v.s...)
	case 'n':
		return append(b, "null"...)
	case 'b':
		if v.i != 0 {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	case 'a':
		b = append(b, '[')
		first := true
		for j := 0; j < 3; j++ {
			if v.i&(1<<j) != 0 {
				if !first {
					b = append(b, ',')
					if spaced {
						b = append(b, ' ')
					}
				}
				first = false
				b = append(b, '"')
				b = append(b, tagWords[j]...)
				b = append(b, '"')
			}
		}
		return append(b, ']')
	case 'o':
		if v.i == 0 {
			return append(b, "{}"...)
		}
		if spaced {
			return append(b, `{"source": "import"}`...)
		}
		return append(b, `{"source":"import"}`...)
	}
	b = append(b, '"')
	if ascii {
		b = append(b, v.a...)
	} else {
		b = append(b, v.s...)
	}
	return append(b, '"')
}

// appendValRepr renders v the way Python's repr prints the decoded JSON value.
func appendValRepr(b []byte, v val) []byte {
	switch v.t {
	case 'i':
		return strconv.AppendInt(b, v.i, 10)
	case 'f':
		return append(b, v.s...)
	case 'n':
		return append(b, "None"...)
	case 'b':
		if v.i != 0 {
			return append(b, "True"...)
		}
		return append(b, "False"...)
	case 'a':
		b = append(b, '[')
		first := true
		for j := 0; j < 3; j++ {
			if v.i&(1<<j) != 0 {
				if !first {
					b = append(b, ", "...)
				}
				first = false
				b = append(b, '\'')
				b = append(b, tagWords[j]...)
				b = append(b, '\'')
			}
		}
		return append(b, ']')
	case 'o':
		if v.i == 0 {
			return append(b, "{}"...)
		}
		return append(b, "{'source': 'import'}"...)
	}
	q := byte('\'')
	if strings.IndexByte(v.s, '\'') >= 0 {
		q = '"'
	}
	b = append(b, q)
	b = append(b, v.s...)
	return append(b, q)
}

func (g *gen) appendObjRepr(b []byte, f *failOp, shift int64) []byte {
	b = append(b, '{')
	first := true
	for i, fi := range f.model {
		v := g.rec.vals[i]
		if v.t == 'x' {
			continue
		}
		if !first {
			b = append(b, ", "...)
		}
		first = false
		b = append(b, '\'')
		b = append(b, fieldPool[fi].name...)
		b = append(b, "': "...)
		if fi == 0 && v.t == 'i' {
			v.i += shift
		}
		b = appendValRepr(b, v)
	}
	return append(b, '}')
}

// ---------------------------------------------------------------------------------------
// Schema / Value blocks.

// block collects the lines of a pretty-printed JSON document so it can be truncated.
type block struct {
	data []byte
	ends []int
}

func (k *block) reset() { k.data, k.ends = k.data[:0], k.ends[:0] }

// open starts a line at the given nesting level; append to k.data, then call close.
func (k *block) open(level int) {
	for i := 0; i < level; i++ {
		k.data = append(k.data, "    "...)
	}
}

func (k *block) close() { k.ends = append(k.ends, len(k.data)) }

func (k *block) add(level int, s string) {
	k.open(level)
	k.data = append(k.data, s...)
	k.close()
}

// writeBlock writes k with an 8-space indent, cut like Schemathesis cuts long JSON.
func (g *gen) writeBlock(k *block) {
	e := g.e
	n := len(k.ends)
	cut := g.s.truncate && n > jsonLineLimit
	start := 0
	for i, end := range k.ends {
		if cut && i == jsonLineLimit-1 {
			e.line("            // Output truncated...")
			e.line2("        ", string(k.data[k.ends[n-2]:k.ends[n-1]]))
			return
		}
		e.begin()
		e.buf = append(e.buf, "        "...)
		e.buf = append(e.buf, k.data[start:end]...)
		e.end()
		start = end
	}
}

func (k *block) fieldSchema(level int, fd *field, key bool) {
	k.open(level)
	if key {
		k.data = append(k.data, '"')
		k.data = append(k.data, fd.name...)
		k.data = append(k.data, `": `...)
	}
	k.data = append(k.data, '{')
	k.close()
	var props [6]string
	np := 0
	props[np] = `"type": "` + fd.typ + `"`
	np++
	if fd.format != "" {
		props[np] = `"format": "` + fd.format + `"`
		np++
	}
	if fd.maxLen > 0 {
		props[np] = `"maxLength": ` + strconv.Itoa(fd.maxLen)
		np++
	}
	if fd.hasMin {
		props[np] = `"minimum": ` + strconv.Itoa(fd.min)
		np++
	}
	if fd.nullable {
		props[np] = `"nullable": true`
		np++
	}
	if fd.readOnly {
		props[np] = `"readOnly": true`
		np++
	}
	for i := 0; i < np; i++ {
		last := i == np-1 && len(fd.enum) == 0 && fd.typ != "array"
		k.open(level + 1)
		k.data = append(k.data, props[i]...)
		if !last {
			k.data = append(k.data, ',')
		}
		k.close()
	}
	if fd.typ == "array" {
		k.add(level+1, `"items": {`)
		k.add(level+2, `"type": "string"`)
		if len(fd.enum) > 0 {
			k.add(level+1, `},`)
		} else {
			k.add(level+1, `}`)
		}
	}
	if len(fd.enum) > 0 {
		k.add(level+1, `"enum": [`)
		for i, v := range fd.enum {
			k.open(level + 2)
			k.data = append(k.data, '"')
			k.data = append(k.data, v...)
			k.data = append(k.data, '"')
			if i < len(fd.enum)-1 {
				k.data = append(k.data, ',')
			}
			k.close()
		}
		k.add(level+1, "]")
	}
	k.add(level, "}")
}

func (g *gen) objectSchema(k *block, f *failOp, level int) {
	k.add(level, "{")
	k.add(level+1, `"type": "object",`)
	if f.op.durCS%2 == 0 {
		k.add(level+1, `"description": "Serializer for `+resourceWord(f.op.path)+`.",`)
	}
	k.add(level+1, `"properties": {`)
	for i, fi := range f.model {
		k.fieldSchema(level+2, &fieldPool[fi], true)
		if i < len(f.model)-1 {
			k.data = append(k.data[:len(k.data)], ',')
			k.ends[len(k.ends)-1] = len(k.data)
		}
	}
	if g.rec.extra {
		k.add(level+1, "},")
		k.add(level+1, `"additionalProperties": false,`)
	} else {
		k.add(level+1, "},")
	}
	k.add(level+1, `"required": [`)
	var req []int
	for _, fi := range f.model {
		if fieldPool[fi].required {
			req = append(req, fi)
		}
	}
	for i, fi := range req {
		k.open(level + 2)
		k.data = append(k.data, '"')
		k.data = append(k.data, fieldPool[fi].name...)
		k.data = append(k.data, '"')
		if i < len(req)-1 {
			k.data = append(k.data, ',')
		}
		k.close()
	}
	k.add(level+1, "]")
	k.add(level, "}")
}

func resourceWord(path string) string {
	p := strings.TrimSuffix(path, "/")
	for strings.HasSuffix(p, "}") {
		if i := strings.LastIndexByte(p, '/'); i > 0 {
			p = p[:i]
		} else {
			break
		}
	}
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		p = p[i+1:]
	}
	return strings.ReplaceAll(p, "-", " ")
}

// valueObject pretty-prints the current record (json.dumps(indent=4), ensure_ascii).
func (g *gen) valueObject(k *block, f *failOp, level int, shift int64, comma bool) {
	k.add(level, "{")
	// Count present entries to place commas.
	present := 0
	for _, v := range g.rec.vals {
		if v.t != 'x' {
			present++
		}
	}
	if g.rec.extra {
		present++
	}
	seen := 0
	for i, fi := range f.model {
		v := g.rec.vals[i]
		if v.t == 'x' {
			continue
		}
		seen++
		if fi == 0 && v.t == 'i' {
			v.i += shift
		}
		k.open(level + 1)
		k.data = append(k.data, '"')
		k.data = append(k.data, fieldPool[fi].name...)
		k.data = append(k.data, `": `...)
		switch {
		case v.t == 'a' && v.i != 0:
			k.data = append(k.data, '[')
			k.close()
			var tags [3]int
			nt := 0
			for j := 0; j < 3; j++ {
				if v.i&(1<<j) != 0 {
					tags[nt] = j
					nt++
				}
			}
			for j := 0; j < nt; j++ {
				k.open(level + 2)
				k.data = append(k.data, '"')
				k.data = append(k.data, tagWords[tags[j]]...)
				k.data = append(k.data, '"')
				if j < nt-1 {
					k.data = append(k.data, ',')
				}
				k.close()
			}
			k.open(level + 1)
			k.data = append(k.data, ']')
		case v.t == 'o' && v.i != 0:
			k.data = append(k.data, '{')
			k.close()
			k.add(level+2, `"source": "import"`)
			k.open(level + 1)
			k.data = append(k.data, '}')
		default:
			k.data = appendValJSON(k.data, v, true, true)
		}
		if seen < present {
			k.data = append(k.data, ',')
		}
		k.close()
	}
	if g.rec.extra {
		k.add(level+1, `"legacy_id": "L-0042"`)
	}
	if comma {
		k.add(level, "},")
	} else {
		k.add(level, "}")
	}
}

func (g *gen) writeSchemaViolation(f *failOp, cs *caseState) {
	e := g.e
	fd := &fieldPool[cs.field]
	r := &g.rec
	pos := g.modelPos(f, cs.field)

	// The jsonschema message.
	e.begin()
	e.buf = append(e.buf, "    "...)
	switch cs.viol {
	case vNull, vWrongType:
		e.buf = appendValRepr(e.buf, r.vals[pos])
		e.buf = append(e.buf, " is not of type '"...)
		e.buf = append(e.buf, fd.typ...)
		e.buf = append(e.buf, '\'')
	case vRequired:
		e.buf = append(e.buf, '\'')
		e.buf = append(e.buf, fd.name...)
		e.buf = append(e.buf, "' is a required property"...)
	case vEnum:
		e.buf = appendValRepr(e.buf, r.vals[pos])
		e.buf = append(e.buf, " is not one of ["...)
		for i, v := range fd.enum {
			if i > 0 {
				e.buf = append(e.buf, ", "...)
			}
			e.buf = append(e.buf, '\'')
			e.buf = append(e.buf, v...)
			e.buf = append(e.buf, '\'')
		}
		e.buf = append(e.buf, ']')
	case vMinimum:
		e.buf = strconv.AppendInt(e.buf, r.vals[pos].i, 10)
		e.buf = append(e.buf, " is less than the minimum of "...)
		e.buf = strconv.AppendInt(e.buf, int64(fd.min), 10)
	case vFormat:
		e.buf = appendValRepr(e.buf, r.vals[pos])
		e.buf = append(e.buf, " is not a '"...)
		e.buf = append(e.buf, fd.format...)
		e.buf = append(e.buf, '\'')
	case vTooLong:
		e.buf = appendValRepr(e.buf, r.vals[pos])
		e.buf = append(e.buf, " is too long"...)
	case vAdditional:
		e.buf = append(e.buf, "Additional properties are not allowed ('legacy_id' was unexpected)"...)
	case vWhole:
		if r.empty {
			e.buf = append(e.buf, "[]"...)
		} else {
			e.buf = append(e.buf, '[')
			for i := 0; i < r.list; i++ {
				if i > 0 {
					e.buf = append(e.buf, ", "...)
				}
				e.buf = g.appendObjRepr(e.buf, f, int64(i))
			}
			e.buf = append(e.buf, ']')
		}
		e.buf = append(e.buf, " is not of type 'object'"...)
	}
	e.end()
	e.blank()

	// Schema block.
	k := &g.blk
	k.reset()
	switch cs.viol {
	case vRequired, vAdditional, vWhole:
		e.line("    Schema:")
		g.objectSchema(k, f, 0)
	default:
		e.begin()
		e.buf = append(e.buf, "    Schema at /properties/"...)
		if f.list {
			e.buf = append(e.buf, "results/items/properties/"...)
		}
		e.buf = append(e.buf, fd.name...)
		e.buf = append(e.buf, ':')
		e.end()
		k.fieldSchema(0, fd, false)
	}
	e.blank()
	g.writeBlock(k)
	e.blank()

	// Value block.
	e.line("    Value:")
	e.blank()
	k.reset()
	switch cs.viol {
	case vRequired, vAdditional:
		g.valueObject(k, f, 0, 0, false)
	case vWhole:
		if r.empty {
			k.add(0, "[]")
		} else {
			k.add(0, "[")
			for i := 0; i < r.list; i++ {
				g.valueObject(k, f, 1, int64(i), i < r.list-1)
				if g.s.truncate && len(k.ends) > jsonLineLimit+2 {
					break // the rest would be cut anyway
				}
			}
			k.add(0, "]")
		}
	default:
		k.open(0)
		k.data = appendValJSON(k.data, r.vals[pos], true, true)
		k.close()
	}
	g.writeBlock(k)
}

// ---------------------------------------------------------------------------------------
// Framework debug pages.

func (g *gen) debugPage(f *failOp) string {
	if f.page != "" {
		return f.page
	}
	exc := debugExceptions[g.r.IntN(len(debugExceptions))]
	path := g.concretePath(f.op.path)
	msg := htmlEscape(exc.msg)
	var b strings.Builder
	w := func(s ...string) {
		for _, x := range s {
			b.WriteString(x)
		}
		b.WriteByte('\n')
	}
	w("<!DOCTYPE html>")
	w(`<html lang="en">`)
	w("<head>")
	w(`  <meta http-equiv="content-type" content="text/html; charset=utf-8">`)
	w(`  <meta name="robots" content="NONE,NOARCHIVE">`)
	w("  <title>", exc.typ)
	w("          at ", path, "</title>")
	w(`  <style type="text/css">`)
	w("    html * { margin:0; padding:0; }")
	w("    body * { padding:8px 18px; }")
	w("    body { font:small sans-serif; color:#111; background:#fafafa; }")
	w("    body>div { border-bottom:1px solid #ccc; }")
	w("    h1 { font-weight:normal; margin-bottom:.4em; }")
	w("    h2 { margin-bottom:.8em; }")
	w("    h3 { margin:1em 0 .5em 0; }")
	w("    table { border:none; border-collapse:collapse; width:100%; }")
	w("    td, th { vertical-align:top; padding:2px 3px; }")
	w("    th { width:12em; text-align:right; color:#555; padding-right:.5em; }")
	w("    #summary { background:#ffd; }")
	w("    #traceback { background:#eee; }")
	w("    .frame { margin-bottom:12px; list-style:none; }")
	w("    pre.exception_value { font-size:1.4em; margin:8px 0 10px; color:#555; }")
	w("  </style>")
	w("</head>")
	w("<body>")
	w(`<div id="summary">`)
	w("  <h1>", exc.typ, " at ", path, "</h1>")
	w(`  <pre class="exception_value">`, msg, "</pre>")
	w(`  <table class="meta">`)
	w("    <tr><th>Request Method:</th><td>", f.op.method, "</td></tr>")
	w("    <tr><th>Request URL:</th><td>", g.s.host, path, "</td></tr>")
	w("    <tr><th>Django Version:</th><td>4.2.11</td></tr>")
	w("    <tr><th>Exception Type:</th><td>", exc.typ, "</td></tr>")
	w("    <tr><th>Exception Value:</th><td><pre>", msg, "</pre></td></tr>")
	w("    <tr><th>Python Version:</th><td>3.11.9</td></tr>")
	w("  </table>")
	w("</div>")
	w("")
	w(`<div id="traceback">`)
	w("  <h2>Traceback</h2>")
	w(`  <ul class="traceback">`)
	frames := []string{"django/core/handlers/exception.py", "django/core/handlers/base.py",
		"rest_framework/views.py", "rest_framework/mixins.py", "app/views.py", "app/serializers.py"}
	for i, fr := range frames {
		w(`    <li class="frame">`)
		w("      <code>", fr, "</code>, line ", strconv.Itoa(40+i*37), ", in handler_", strconv.Itoa(i))
		w("    </li>")
	}
	w("  </ul>")
	w("</div>")
	w("")
	w("</body>")
	b.WriteString("</html>")
	f.page = b.String()
	return f.page
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#x27;").Replace(s)
}

// ---------------------------------------------------------------------------------------
// Reproduce commands.

func (g *gen) concretePath(tpl string) string {
	if strings.IndexByte(tpl, '{') < 0 {
		return tpl
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 {
			b.WriteString(tpl)
			return b.String()
		}
		j := strings.IndexByte(tpl[i:], '}')
		if j < 0 {
			b.WriteString(tpl)
			return b.String()
		}
		b.WriteString(tpl[:i])
		switch u := g.r.IntN(10); {
		case u < 6:
			b.WriteString(strconv.Itoa(g.r.IntN(100000)))
		case u < 7:
			b.WriteString("0")
		case u < 8:
			b.WriteString("-1")
		default:
			x := g.r.Uint64()
			const hex = "0123456789abcdef"
			for k := 0; k < 32; k++ {
				if k == 8 || k == 12 || k == 16 || k == 20 {
					b.WriteByte('-')
				}
				b.WriteByte(hex[x&15])
				x = x>>4 | x<<60
				if k == 15 {
					x = g.r.Uint64()
				}
			}
		}
		tpl = tpl[i+j+1:]
	}
}

var queries = []string{"?page=2", "?limit=0&offset=-1", "?search=%00", "?region=eu-west&ordering=-created_at",
	"?page_size=1000", "?owner=0", "?created_after=2024-02-30"}

func shellSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			strings.IndexByte("@%+=:,./-_", c) >= 0) {
			return false
		}
	}
	return s != ""
}

// appendQuoted appends s with POSIX single quotes (shlex.quote).
func appendQuoted(b []byte, s []byte) []byte {
	b = append(b, '\'')
	for {
		i := bytes.IndexByte(s, '\'')
		if i < 0 {
			b = append(b, s...)
			return append(b, '\'')
		}
		b = append(b, s[:i]...)
		b = append(b, `'"'"'`...)
		s = s[i+1:]
	}
}

func (g *gen) writeCurl(f *failOp) {
	e := g.e
	e.begin()
	e.buf = append(e.buf, "    curl -X "...)
	e.buf = append(e.buf, f.op.method...)
	if g.s.auth != "" {
		e.buf = append(e.buf, " -H '"...)
		e.buf = append(e.buf, g.s.auth...)
		e.buf = append(e.buf, ": [Filtered]'"...)
	}
	if f.hasBody {
		d := g.dbuf[:0]
		switch f.bodyCT {
		case 0:
			e.buf = append(e.buf, " -H 'Content-Type: application/json' -d "...)
			d = g.requestJSON(d, f)
		case 1:
			e.buf = append(e.buf, " -H 'Content-Type: application/x-www-form-urlencoded' -d "...)
			d = g.requestForm(d, f)
		default:
			e.buf = append(e.buf, " -H 'Content-Type: multipart/form-data; boundary="...)
			e.buf = g.appendHex(e.buf)
			e.buf = append(e.buf, "' -d "...)
			d = g.requestMultipart(d, f)
		}
		e.buf = appendQuoted(e.buf, d)
		g.dbuf = d
	}
	e.buf = append(e.buf, ' ')
	u := g.s.host + g.concretePath(f.op.path)
	if f.op.method == "GET" && g.chance(300) {
		u += g.pick(queries)
	}
	if shellSafe(u) {
		e.buf = append(e.buf, u...)
	} else {
		e.buf = appendQuoted(e.buf, []byte(u))
	}
	// A multipart body holds raw newlines: split the command into physical lines.
	if !(f.hasBody && f.bodyCT == 2) {
		e.end()
		return
	}
	line := append(g.cbuf[:0], e.buf...) // starts with this line's GitHub prefix, if any
	g.cbuf = line
	for first := true; ; first = false {
		i := bytes.IndexByte(line, '\n')
		seg := line
		if i >= 0 {
			seg = line[:i]
		}
		if first {
			e.buf = append(e.buf[:0], seg...)
		} else {
			e.begin()
			e.buf = append(e.buf, seg...)
		}
		e.end()
		if i < 0 {
			return
		}
		line = line[i+1:]
	}
}

func (g *gen) appendHex(b []byte) []byte {
	const hex = "0123456789abcdef"
	x, y := g.r.Uint64(), g.r.Uint64()
	for i := 0; i < 16; i++ {
		b = append(b, hex[x&15])
		x >>= 4
	}
	for i := 0; i < 16; i++ {
		b = append(b, hex[y&15])
		y >>= 4
	}
	return b
}

// requestJSON appends a json.dumps() request body; rarely a huge one.
func (g *gen) requestJSON(b []byte, f *failOp) []byte {
	b = append(b, '{')
	n := 0
	for _, fi := range f.model {
		fd := &fieldPool[fi]
		if fd.readOnly || g.chance(300) {
			continue
		}
		if n > 0 {
			b = append(b, ", "...)
		}
		n++
		b = append(b, '"')
		b = append(b, fd.name...)
		b = append(b, `": `...)
		b = appendValJSON(b, g.randomVal(fd), true, true)
	}
	if f.hugeLeft > 0 && g.chance(300) { // tens of KB on one line
		f.hugeLeft--
		if n > 0 {
			b = append(b, ", "...)
		}
		b = append(b, `"items": [`...)
		for i, m := 0, 500+g.r.IntN(1500); i < m; i++ {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = append(b, `{"sku": "A-`...)
			b = strconv.AppendInt(b, int64(g.r.IntN(100000)), 10)
			b = append(b, `", "qty": `...)
			b = strconv.AppendInt(b, int64(g.r.IntN(2000)-1000), 10)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func (g *gen) requestForm(b []byte, f *failOp) []byte {
	n := 0
	for _, fi := range f.model {
		fd := &fieldPool[fi]
		if fd.readOnly || fd.typ == "array" || fd.typ == "object" || g.chance(300) {
			continue
		}
		if n > 0 {
			b = append(b, '&')
		}
		n++
		b = append(b, fd.name...)
		b = append(b, '=')
		v := g.randomVal(fd)
		tmp := appendValRepr(nil, v)
		if v.t == 's' {
			tmp = []byte(v.s)
		}
		b = append(b, url.QueryEscape(string(tmp))...)
	}
	return b
}

func (g *gen) requestMultipart(b []byte, f *failOp) []byte {
	var bnd [32]byte
	copy(bnd[:], g.appendHex(bnd[:0]))
	for _, fi := range f.model {
		fd := &fieldPool[fi]
		if fd.readOnly || fd.typ == "array" || fd.typ == "object" || g.chance(300) {
			continue
		}
		b = append(b, "--"...)
		b = append(b, bnd[:]...)
		b = append(b, "\nContent-Disposition: form-data; name=\""...)
		b = append(b, fd.name...)
		b = append(b, "\"\n\n"...)
		v := g.randomVal(fd)
		if v.t == 's' {
			b = append(b, v.s...)
		} else {
			b = appendValJSON(b, v, false, false)
		}
		b = append(b, '\n')
	}
	b = append(b, "--"...)
	b = append(b, bnd[:]...)
	return append(b, "--\n"...)
}
