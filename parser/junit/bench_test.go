package junit

import (
	"testing"

	"github.com/ctlog-dev/ctlog/internal/loggen"
	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/parser/internal/parsertest"
)

// benchReports are a generated ~200 MB report of each layout (report3.xml, report4.xml).
var benchReports = &parsertest.BenchReports{Name: "report", Ext: "xml", Size: 200 << 20, Generate: loggen.GenerateJUnit}

// BenchmarkParseJUnit reads a generated ~200 MB report of each layout from a file, with the fast
// scanner and with the careful encoding/xml path, and reports the peak heap in use.
func BenchmarkParseJUnit(b *testing.B) {
	parsertest.BenchRead[*parser.Progress](b, benchReports, false, parse)
}
