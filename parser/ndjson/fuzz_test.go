package ndjson_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/parser/ndjson"
)

// FuzzParseNDJSON: no input panics, every event's span lies inside the input, all bytes are read,
// and the events build runs. Seeds are small lines cut from the fixtures (big seeds stall the
// fuzzer's minimization).
func FuzzParseNDJSON(f *testing.F) {
	for _, name := range []string{"interrupted.ndjson", "errors-warnings.ndjson"} {
		data, err := os.ReadFile(fixture(name))
		if err != nil {
			f.Fatal(err)
		}
		for _, l := range bytes.SplitAfter(data, []byte("\n")) {
			if len(l) > 0 && len(l) < 1024 {
				f.Add(l)
			}
		}
	}
	f.Add([]byte(`{"ScenarioFinished":{"phase":"Fuzzing","status":"failure","recorder":{"label":"GET /a","checks":{"x\"1":[{"name":"c","status":"failure","failure_info":{"code_sample":"curl","failure":{"type":"ServerError","message":"Server error"}}}]},"interactions":{"x\"1":{"response":{"status_code":500,"content":{"$base64":"/w=="}}}}}}}` + "\n{\"EngineFinished\":{}}"))
	f.Add([]byte("{\"Initialize\":{}}\n\n{\"Interrupted\":{\"phase\":null}}\r\n{\"x\":1,\"y\":2}\n{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c classify.Collector
		n := int64(len(data))
		st, err := ndjson.Parse(bytes.NewReader(data), parser.Options{Name: "fuzz", MaxLine: 512, MaxText: 256},
			parser.HandlerFunc(func(e parser.Event) {
				sp := e.Pos()
				if sp.Offset < 0 || sp.End > n || sp.Offset > sp.End || sp.Line > sp.EndLine {
					t.Fatalf("%T span %+v outside the input of %d bytes", e, sp, n)
				}
				c.Handle(e)
			}))
		if err != nil {
			t.Fatal(err)
		}
		if st.Bytes != n {
			t.Fatalf("read %d of %d bytes", st.Bytes, n)
		}
		c.Finish()
	})
}
