package parser_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/parser"
)

// eventLines records events as lines of JSON, each with its type.
type eventLines []string

func (l *eventLines) Handle(e parser.Event) {
	b, err := json.Marshal(e)
	if err != nil {
		panic(err)
	}
	*l = append(*l, fmt.Sprintf("%T %s", e, b))
}

// TestInlineEquivalence reads every input through the batched path (Parse: a reading goroutine
// splits and normalizes lines into batches, the grammar reads batch lines and skims with skim) and
// through the inline path (the grammar's goroutine splits its own lines, reading plain ones raw
// with consumePlain and skimming with skimPlain, as each part of a split read does), and requires
// the same events, the same stats and, classified, the same runs. Inputs: the hand-written logs,
// generated ones and the corpus when present; each also with small MaxText and MaxLine, so that
// long lines are cut and texts capped, and a small one also repeated past the first read buffers:
// the inline path reads a buffer raw only once the wrapping is decided when the buffer starts.
func TestInlineEquivalence(t *testing.T) {
	inputs, fromCorpus := parser.SplitInputs(t)
	cases, utf8 := 0, 0
	for name, data := range inputs {
		type variant struct {
			data []byte
			opts parser.Options
		}
		variants := []variant{{data, parser.Options{Name: name}}, {data, parser.Options{Name: name, MaxText: 256, MaxLine: 4096}}}
		if len(data) > 0 && len(data) < repeatTo {
			variants = append(variants, variant{bytes.Repeat(data, repeatTo/len(data)+1), parser.Options{Name: name + " repeated"}})
		}
		for _, v := range variants {
			data, opts := v.data, v.opts
			cases++
			var want, got eventLines
			wantSt, wantErr := parser.Parse(bytes.NewReader(data), opts, &want)
			st, err := parser.ParseInline(bytes.NewReader(data), opts, &got)
			if fmt.Sprint(err) != fmt.Sprint(wantErr) || st != wantSt {
				t.Fatalf("%s %+v: stats %+v, %v; want %+v, %v", name, opts, st, err, wantSt, wantErr)
			}
			if st.Encoding == parser.EncodingUTF8 {
				utf8++
			}
			if d := firstDiff(got, want); d != "" {
				t.Fatalf("%s (MaxText %d): inline and batched events differ: %s", opts.Name, opts.MaxText, d)
			}
		}
		// Classified as ctlog classifies a log read in one pass: beside the grammar, failures reused.
		runs := func(parse func(*bytes.Reader, parser.Options, parser.Handler) (parser.Stats, error)) string {
			var col classify.Collector
			h, wait := parser.Async(&col)
			_, err := parse(bytes.NewReader(data), parser.Options{Name: name}, h)
			wait()
			b, jerr := json.Marshal(struct {
				Input parser.InputInfo
				Runs  []*classify.Run
				Err   string
			}{col.Input, col.Finish(), fmt.Sprint(err)})
			if jerr != nil {
				t.Fatal(jerr)
			}
			return string(b)
		}
		if got, want := runs(inlineParse), runs(batchedParse); got != want {
			t.Fatalf("%s: inline and batched classification differ (%d vs %d bytes)", name, len(got), len(want))
		}
	}
	t.Logf("%d inputs (%d from the corpus), %d cases of which %d UTF-8 (read inline)", len(inputs), fromCorpus, cases, utf8)
}

// repeatTo is how long TestInlineEquivalence makes a small input by repeating it: a few of the
// inline path's 64 KiB buffers.
const repeatTo = 200 << 10

func inlineParse(r *bytes.Reader, o parser.Options, h parser.Handler) (parser.Stats, error) {
	return parser.ParseInline(r, o, h)
}

func batchedParse(r *bytes.Reader, o parser.Options, h parser.Handler) (parser.Stats, error) {
	return parser.Parse(r, o, h)
}

func firstDiff(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("event %d:\n got  %s\n want %s", i, got[i], want[i])
		}
	}
	if len(got) != len(want) {
		return fmt.Sprintf("%d events, want %d", len(got), len(want))
	}
	return ""
}
