package cassette

import (
	"bytes"
	"encoding/binary"

	"github.com/ctlog-dev/ctlog/parser"
)

// scanned is what scan finds of an interaction besides its lines.
type scanned struct {
	span     parser.Span // first line to last non-blank line
	seedSpan parser.Span // 3.x: the `seed:` line
	lines    int         // lines of the interaction, blank ones included
}

// scan reads the raw lines of one interaction (b: an item line at column 0, the lines up to the
// next — where it stops and which it returns — numbered from first, at offset off) into q.lines as
// the splitter would keep them for quick — the same lines left out, the same checks block kept
// or left out, the same repairs of Schemathesis's quoting — copying only the repaired lines. It
// reports false for anything it leaves to the splitter: a line the splitter cuts, a line longer
// than pieceSize, a line at the item's indentation, and any byte that is not printable ASCII in a
// kept line or at the start of one.
func (q *quickReader) scan(b []byte, first int, off int64, precut int, out *scanned) (int, bool) {
	q.lines, q.used, q.buf, q.fixed = q.lines[:0], 0, q.buf[:0], q.fixed[:0]
	*out = scanned{}
	skip := -1
	checks, checksDone, failed := false, false, false
	checksAt, bad := 0, false // where the checks block starts in q.lines; a line of it quick would refuse
	var section []byte
	n := first - 1
	pos := 0
	for pos < len(b) {
		start := pos
		if b[pos] == '-' && pos > 0 && (pos+1 == len(b) || b[pos+1] == ' ' || b[pos+1] == '\n' || b[pos+1] == '\r' && pos+2 < len(b) && b[pos+2] == '\n') {
			break // the next item (nextItem)
		}
		var t []byte
		if nl := bytes.IndexByte(b[pos:], '\n'); nl < 0 {
			t, pos = b[pos:], len(b)
		} else {
			t, pos = b[pos:pos+nl], pos+nl+1
			if len(t) > 0 && t[len(t)-1] == '\r' {
				t = t[:len(t)-1]
			}
		}
		n++
		if pos-start > pieceSize {
			return 0, false
		}
		ind := 0
		for ind < len(t) && t[ind] == ' ' {
			ind++
		}
		if ind == len(t) {
			continue // blank
		}
		if c := t[ind]; c <= ' ' || c >= 0x7F {
			return 0, false // perhaps white space to the splitter: it decides
		}
		if out.span.Line == 0 {
			out.span.Offset, out.span.Line = off+int64(start), n
		}
		out.span.End, out.span.EndLine = off+int64(pos), n
		t = trimRightBlank(t)
		rest := t[ind:]
		if start == 0 {
			rest = bytes.TrimLeft(rest[1:], " ") // `- id: '1'`
		} else if ind < 2 {
			return 0, false // quick refuses it
		}
		if skip >= 0 {
			if ind > skip {
				continue
			}
			skip = -1
		}
		kb, val, _ := keyValue(rest)
		if checks && ind <= 2 {
			checks, checksDone = false, true
			if !q.endChecks(checksAt, failed, bad) {
				return 0, false
			}
		}
		skipIt := false
		switch ind {
		case 2:
			section = kb
			switch string(kb) {
			case "checks":
				checks, checksAt, bad = true, len(q.lines), false
			case "seed":
				if out.seedSpan.Line == 0 {
					out.seedSpan = parser.Span{Offset: off + int64(start), End: off + int64(pos), Line: n, EndLine: n}
				}
			case "thread_id", "correlation_id", "meta", "recorded_at", "generation", "components":
				skipIt = true
			}
		case 4:
			skipIt = string(section) == "response" && string(kb) == "headers" ||
				checksDone && !failed && string(kb) == "body" && (string(section) == "request" || string(section) == "response")
		}
		if skipIt {
			skip = ind
			continue
		}
		if checks && !failed && containsFailure(t) {
			failed = true // the block is kept (a message that says "failure" keeps it too)
		}
		// The splitter's repairs (appendLine), made in q.fixed.
		at := len(q.fixed)
		if fixed, ok := appendRequoted(q.fixed, t[:len(t)-len(val)], kb, val); ok {
			q.fixed, t = fixed, fixed[at:]
		} else if nullStatus(kb, val) {
			t = t[:len(t)-4]
		} else if len(val) > precut {
			if !checks {
				return 0, false // cut by the splitter
			}
			bad = true
			continue
		}
		if !printable(t[ind:]) {
			if !checks {
				return 0, false
			}
			bad = true
			continue
		}
		q.lines = append(q.lines, qline{ind: ind, text: t[ind:]})
	}
	if checks && !q.endChecks(checksAt, failed, bad) {
		return 0, false
	}
	out.lines = n - first + 1
	return pos, true
}

// endChecks ends the checks block that starts at q.lines[at]: the splitter leaves it out when no
// check failed; it reports false when the block stays with a line quick would refuse.
func (q *quickReader) endChecks(at int, failed, bad bool) bool {
	if !failed {
		q.lines = q.lines[:at]
		return true
	}
	return !bad
}

// printable reports whether t is printable ASCII.
func printable(t []byte) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(t); i += 8 {
		// Eight bytes at a time: none with the high bit, none below 0x20, none 0x7F.
		w := binary.LittleEndian.Uint64(t[i:])
		if w&highs != 0 || (w-0x20*ones)&^w&highs != 0 {
			return false
		}
		if x := w ^ 0x7F*ones; (x-ones)&^x&highs != 0 {
			return false
		}
	}
	for _, c := range t[i:] {
		if c < 0x20 || c > 0x7E {
			return false
		}
	}
	return true
}
