package formats

import (
	"bufio"
	"fmt"
	"io"
	"slices"

	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/parser/allure"
	"github.com/ctlog-dev/ctlog/parser/cassette"
	"github.com/ctlog-dev/ctlog/parser/crash"
	"github.com/ctlog-dev/ctlog/parser/har"
	"github.com/ctlog-dev/ctlog/parser/junit"
	"github.com/ctlog-dev/ctlog/parser/ndjson"
)

// Parse detects the format of r (unless forced is set) and parses it with the matching parser.
// It returns the format it used; an input in no known format is an error naming the formats.
func Parse(r io.Reader, forced parser.Format, opts parser.Options, h parser.Handler) (parser.Format, parser.Stats, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	f := forced
	if f == "" {
		head, _ := br.Peek(4 << 10)
		f = Detect(head)
		if f == "" {
			return "", parser.Stats{}, fmt.Errorf("%s: not a format ctlog knows (it reads %s); use --format to force one", opts.Name, List())
		}
	}
	if !slices.Contains(Known, f) {
		return "", parser.Stats{}, fmt.Errorf("%s: unknown format %q", opts.Name, f)
	}
	var st parser.Stats
	var err error
	switch f {
	case parser.FormatJUnit:
		st, err = junit.Parse(br, opts, h)
	case parser.FormatCassette:
		st, err = cassette.Parse(br, opts, h)
	case parser.FormatHAR:
		st, err = har.Parse(br, opts, h)
	case parser.FormatNDJSON:
		st, err = ndjson.Parse(br, opts, h)
	case parser.FormatCrash:
		st, err = crash.Parse(br, opts, h)
	case parser.FormatAllure:
		st, err = allure.Parse(br, opts, h)
	default:
		st, err = parser.Parse(br, opts, h)
	}
	return f, st, err
}
