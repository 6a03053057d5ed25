package parser

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"

	"github.com/ctlog-dev/ctlog/internal/loggen"
)

// streamInputs are the inputs of the split read (splitInputs) and generated logs of a few
// megabytes, plain and as GitHub Actions writes them, long enough for many segments.
func streamInputs(t *testing.T) map[string][]byte {
	t.Helper()
	in, _ := splitInputs(t)
	for name, cfg := range map[string]loggen.Config{
		"gen-stream":        {Seed: 11, Operations: 40, TargetBytes: 3 << 20},
		"gen-stream-github": {Seed: 12, Operations: 15, TargetBytes: 2 << 20, GitHub: true},
		"gen-stream-crlf":   {Seed: 13, Operations: 80, TargetBytes: 2 << 20, CRLF: true},
	} {
		var buf bytes.Buffer
		if _, err := loggen.Generate(&buf, cfg); err != nil {
			t.Fatal(err)
		}
		in[name] = buf.Bytes()
	}
	return in
}

// TestStreamEquivalence reads every splittable test input as a stream cut into small segments,
// through readers that hand over a few bytes at a time or fail partway, and checks that the
// events, stats and error are those of Parse, parts joined along the way.
func TestStreamEquivalence(t *testing.T) {
	defer func(s int64) { streamSegment = s }(streamSegment)
	inputs := streamInputs(t)
	joins, streams := 0, 0
	for name, data := range inputs {
		var want eventLog
		wantSt, wantErr := Parse(bytes.NewReader(data), Options{Name: name}, &want)
		for _, seg := range []int64{64 << 10, 64<<10 + 4093, 200 << 10} {
			if int64(len(data)) < 2*seg {
				continue
			}
			streams++
			streamSegment = seg
			for _, rd := range []struct {
				name string
				r    func() io.Reader
			}{
				{"whole", func() io.Reader { return bytes.NewReader(data) }},
				{"bytes", func() io.Reader { return iotest.HalfReader(bytes.NewReader(data)) }},
			} {
				var got eventLog
				st, err := ParseStream(rd.r(), Options{Name: name}, newFailureList, &got)
				joins += got.joins
				if fmt.Sprint(err) != fmt.Sprint(wantErr) || st != wantSt {
					t.Fatalf("%s, segment %d, %s: stats %+v, %v; want %+v, %v", name, seg, rd.name, st, err, wantSt, wantErr)
				}
				if d := firstDiff(got.lines, want.lines); d != "" {
					t.Fatalf("%s, segment %d, %s (%d joins): %s", name, seg, rd.name, got.joins, d)
				}
			}
		}
	}
	t.Logf("%d inputs, %d streams: %d parts joined", len(inputs), streams, joins)
	if joins < 20 {
		t.Fatalf("only %d parts joined: the test does not exercise joining", joins)
	}
}

// TestStreamReadError stops at the error of the stream, as Parse does, wherever it falls.
func TestStreamReadError(t *testing.T) {
	defer func(s int64) { streamSegment = s }(streamSegment)
	streamSegment = 64 << 10
	data := streamInputs(t)["gen-stream"]
	for _, cut := range []int{100, 64 << 10, 300<<10 + 17, len(data) - 10} {
		r := io.MultiReader(bytes.NewReader(data[:cut]), iotest.ErrReader(io.ErrUnexpectedEOF))
		var got eventLog
		_, err := ParseStream(r, Options{Name: "cut"}, newFailureList, &got)
		if err == nil || !bytes.Contains([]byte(err.Error()), []byte("unexpected EOF")) {
			t.Errorf("cut at %d: error %v", cut, err)
		}
	}
}

// FuzzParseStream reads arbitrary logs, repeated past three segments of 64 KiB, as a stream and
// requires the events, stats and error of Parse, as TestStreamEquivalence does for the test logs.
func FuzzParseStream(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "testdata", "logs", "*.log"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil && len(b) < 1<<20 {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		defer func(s int64) { streamSegment = s }(streamSegment)
		streamSegment = 64 << 10
		log := bytes.Repeat(data, int(3*streamSegment)/len(data)+1)
		opts := Options{Name: "fuzz", MaxText: 256, MaxLine: 4096}
		var want, got eventLog
		wantSt, wantErr := Parse(bytes.NewReader(log), opts, &want)
		st, err := ParseStream(iotest.HalfReader(bytes.NewReader(log)), opts, newFailureList, &got)
		if fmt.Sprint(err) != fmt.Sprint(wantErr) || st != wantSt {
			t.Fatalf("stats %+v, %v; want %+v, %v", st, err, wantSt, wantErr)
		}
		if d := firstDiff(got.lines, want.lines); d != "" {
			t.Fatalf("%d joins: %s", got.joins, d)
		}
	})
}

// TestStreamAnyWindow reads the generated logs, and one with a megabyte and a half without a line
// to split at (a stretch the caller's goroutine reads past several parts), through windows of
// every size from one segment up: each completes and gives the events, stats and error of Parse.
// Windows too small for two cores read in one pass; from minStreamWindow up, parts are joined.
func TestStreamAnyWindow(t *testing.T) {
	defer func(s int64, w int) { streamSegment, streamWindow = s, w }(streamSegment, streamWindow)
	streamSegment = 64 << 10
	inputs := streamInputs(t)
	gen := inputs["gen-stream"]
	mid := len(gen)/2 + bytes.IndexByte(gen[len(gen)/2:], '\n') + 1
	var long []byte
	long = append(long, gen[:mid]...)
	for i := 0; len(long) < mid+3<<19; i++ {
		long = fmt.Appendf(long, "  GET /api/items/%d .......... [ %d%%]\n", i, i%100)
	}
	long = append(long, gen[mid:]...)
	every := []int{1, 2, 3, 4, 5, 6, 7}
	logs := map[string]struct {
		data    []byte
		windows []int
	}{
		"gen-stream": {gen, every}, "no-boundary": {long, every},
		"gen-stream-github": {inputs["gen-stream-github"], []int{3, 4, 5}}, "gen-stream-crlf": {inputs["gen-stream-crlf"], []int{3, 5}},
	}
	for name, in := range logs {
		data := in.data
		var want eventLog
		wantSt, wantErr := Parse(bytes.NewReader(data), Options{Name: name}, &want)
		for _, size := range in.windows {
			streamWindow = size
			var got eventLog
			st, err := ParseStream(iotest.HalfReader(bytes.NewReader(data)), Options{Name: name}, newFailureList, &got)
			if fmt.Sprint(err) != fmt.Sprint(wantErr) || st != wantSt {
				t.Fatalf("%s, window %d: stats %+v, %v; want %+v, %v", name, size, st, err, wantSt, wantErr)
			}
			if d := firstDiff(got.lines, want.lines); d != "" {
				t.Fatalf("%s, window %d (%d joins): %s", name, size, got.joins, d)
			}
			if (got.joins > 0) != (size >= minStreamWindow) {
				t.Errorf("%s, window %d: %d parts joined", name, size, got.joins)
			}
		}
	}
}
