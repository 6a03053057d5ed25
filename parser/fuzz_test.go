package parser

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse feeds arbitrary bytes to the parser: it must not panic, and every event's span must lie
// inside the input.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "testdata", "logs", "*.log"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil && len(b) < 1<<20 {
			f.Add(b)
		}
	}
	f.Add([]byte(header + "GET /a F  [100%]\n\n==== FAILURES ====\n____ GET /a ____\n1. Test Case ID: x\n\n- Server error\n\n[500] Error:\n\n    `x\n"))
	f.Add([]byte("\xff\xfe=\x00=\x00\n\x00"))
	f.Add([]byte("2025-01-01T00:00:00.0000000Z ##[group]x\n\x1b[31m\r\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var lines int
		var evs []Event
		st, err := Parse(bytes.NewReader(data), Options{Name: "fuzz", MaxText: 256, MaxLine: 4096},
			HandlerFunc(func(e Event) { evs = append(evs, e) }))
		if err != nil {
			t.Fatalf("Parse error on an in-memory reader: %v", err)
		}
		if st.Bytes != int64(len(data)) {
			t.Fatalf("read %d of %d bytes", st.Bytes, len(data))
		}
		lines = st.Lines
		for _, e := range evs {
			s := e.Pos()
			if s.Offset < 0 || s.End > int64(len(data)) || s.Offset > s.End {
				t.Fatalf("%T span [%d,%d) outside %d bytes", e, s.Offset, s.End, len(data))
			}
			if s.Line > s.EndLine || s.EndLine > lines {
				t.Fatalf("%T lines %d-%d outside %d lines", e, s.Line, s.EndLine, lines)
			}
		}
	})
}
