package parser

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf16"
)

// readAll returns every line of input as text with its offsets.
func readAll(t *testing.T, input []byte, maxLine int) ([]Line, Encoding) {
	t.Helper()
	lr := newLineReader(bytes.NewReader(input), maxLine)
	var out []Line
	for {
		var l Line
		err := lr.next(&l)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		l.Text = bytes.Clone(l.Text)
		out = append(out, l)
	}
	return out, lr.enc
}

func utf16Bytes(s string, order binary.AppendByteOrder, bom bool) []byte {
	var b []byte
	if bom {
		b = order.AppendUint16(b, 0xFEFF)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = order.AppendUint16(b, u)
	}
	return b
}

func TestLineReaderEncodings(t *testing.T) {
	text := "Workers: 1\r\nGET /api/caf\u00e9 .  [ 50%]\r\n\U0001F50C hooks\r\nlast"
	tests := []struct {
		name  string
		input []byte
		enc   Encoding
	}{
		{"utf8", []byte(text), EncodingUTF8},
		{"utf8 bom", append([]byte{0xEF, 0xBB, 0xBF}, text...), EncodingUTF8},
		{"utf16le bom", utf16Bytes(text, binary.LittleEndian, true), EncodingUTF16LE},
		{"utf16be bom", utf16Bytes(text, binary.BigEndian, true), EncodingUTF16BE},
		{"utf16le no bom", utf16Bytes(text, binary.LittleEndian, false), EncodingUTF16LE},
		{"utf16be no bom", utf16Bytes(text, binary.BigEndian, false), EncodingUTF16BE},
	}
	want := []string{"Workers: 1", "GET /api/caf\u00e9 .  [ 50%]", "\U0001F50C hooks", "last"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines, enc := readAll(t, tt.input, 0)
			if enc != tt.enc {
				t.Errorf("encoding = %s, want %s", enc, tt.enc)
			}
			if len(lines) != len(want) {
				t.Fatalf("got %d lines, want %d", len(lines), len(want))
			}
			for i, l := range lines {
				if string(l.Text) != want[i] {
					t.Errorf("line %d = %q, want %q", i+1, l.Text, want[i])
				}
				if l.Number != i+1 {
					t.Errorf("line %d numbered %d", i+1, l.Number)
				}
			}
			// Offsets are positions in the original bytes: consecutive, covering the input.
			if last := lines[len(lines)-1]; last.End != int64(len(tt.input)) {
				t.Errorf("last line ends at %d, input has %d bytes", last.End, len(tt.input))
			}
			for i := 1; i < len(lines); i++ {
				if lines[i].Offset != lines[i-1].End {
					t.Errorf("line %d starts at %d, previous ends at %d", i+1, lines[i].Offset, lines[i-1].End)
				}
			}
		})
	}
}

func TestLineReaderOffsetsPointAtOriginalBytes(t *testing.T) {
	text := "héllo\nwörld 🚀\nend\n"
	input := utf16Bytes(text, binary.LittleEndian, true)
	lines, _ := readAll(t, input, 0)
	for _, l := range lines {
		raw := input[l.Offset:l.End]
		u := make([]uint16, len(raw)/2)
		for i := range u {
			u[i] = binary.LittleEndian.Uint16(raw[2*i:])
		}
		got := strings.TrimPrefix(strings.TrimRight(string(utf16.Decode(u)), "\n"), "\uFEFF")
		if got != string(l.Text) {
			t.Errorf("bytes at [%d,%d) decode to %q, line text is %q", l.Offset, l.End, got, l.Text)
		}
	}
}

func TestLineReaderLongLines(t *testing.T) {
	long := strings.Repeat("x", 1<<20) // longer than the bufio buffer
	input := "a\n" + long + "\nb"
	lines, _ := readAll(t, []byte(input), 0)
	if len(lines) != 3 || len(lines[1].Text) != len(long) || lines[1].Cut != 0 {
		t.Fatalf("long line not kept whole: %d lines, len %d, cut %d", len(lines), len(lines[1].Text), lines[1].Cut)
	}
	lines, _ = readAll(t, []byte(input), 1000)
	if len(lines[1].Text) != 1000 || lines[1].Cut != int64(len(long)-1000) {
		t.Errorf("capped line: len %d cut %d", len(lines[1].Text), lines[1].Cut)
	}
	if string(lines[2].Text) != "b" || lines[2].Number != 3 {
		t.Errorf("line after a capped line = %q (#%d)", lines[2].Text, lines[2].Number)
	}
}

func TestLineReaderEmptyAndNoNewline(t *testing.T) {
	if lines, _ := readAll(t, nil, 0); len(lines) != 0 {
		t.Errorf("empty input gave %d lines", len(lines))
	}
	lines, _ := readAll(t, []byte("only"), 0)
	if len(lines) != 1 || string(lines[0].Text) != "only" {
		t.Errorf("no-newline input gave %d lines", len(lines))
	}
	lines, _ = readAll(t, []byte("\n\n"), 0)
	if len(lines) != 2 {
		t.Errorf("two newlines gave %d lines", len(lines))
	}
}

// TestDetectEncodingHeadOnly checks that only the first 512 bytes decide the encoding, however
// much of the input a caller hands over: the split and stream reads look at 64 KiB of the head,
// and must decide as the line reader does (an odd-length UTF-16 text repeated shifts its NUL
// pattern after the first copy, and the whole head reads as UTF-8).
func TestDetectEncodingHeadOnly(t *testing.T) {
	utf16be := func(s string) []byte {
		var b []byte
		for _, r := range s {
			b = append(b, byte(r>>8), byte(r))
		}
		return b
	}
	text := utf16be("=== Schemathesis test session starts ===\n")
	shifted := append(append([]byte(nil), text...), 'x')
	tests := []struct {
		name string
		head []byte
		want Encoding
		bom  int
	}{
		{"utf-16be, then shifted", append(bytes.Repeat(text, 13), bytes.Repeat(shifted, 2000)...), EncodingUTF16BE, 0},
		{"shifted from the start", bytes.Repeat(shifted, 2000), EncodingUTF8, 0},
		{"bom, then anything", append([]byte{0xFE, 0xFF}, bytes.Repeat([]byte("ab"), 40000)...), EncodingUTF16BE, 2},
		{"short", []byte("ok\n"), EncodingUTF8, 0},
	}
	for _, tt := range tests {
		if enc, bom := DetectEncoding(tt.head); enc != tt.want || bom != tt.bom {
			t.Errorf("%s: DetectEncoding = %s, %d; want %s, %d", tt.name, enc, bom, tt.want, tt.bom)
		}
	}
}
