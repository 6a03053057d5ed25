package cassette

import (
	"testing"

	"github.com/ctlog-dev/ctlog/internal/loggen"
	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/parser/internal/parsertest"
)

// benchCassettes are a generated ~200 MB cassette of each layout (cassette3.yaml, cassette4.yaml).
var benchCassettes = &parsertest.BenchReports{Name: "cassette", Ext: "yaml", Size: 200 << 20, Generate: loggen.GenerateCassette}

// BenchmarkParseCassette reads a generated ~200 MB cassette of each layout from a file, with the
// fast path and with every interaction decoded as YAML (careful), and reports the peak heap in use.
func BenchmarkParseCassette(b *testing.B) {
	parsertest.BenchRead[*parser.Interaction](b, benchCassettes, true, parse)
}
