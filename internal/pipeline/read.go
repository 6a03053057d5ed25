package pipeline

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/formats"
	"github.com/ctlog-dev/ctlog/internal/input"
	"github.com/ctlog-dev/ctlog/internal/summary"
	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/parser/allure"
)

// reader reads the inputs of one Summarize call.
type reader struct {
	ctx  context.Context
	opts Options
}

// path parses every source in one path (a file, standard input, or the members of an archive).
// A path with no Schemathesis output in any source is an error; inside an archive, sources without
// any are listed as skipped.
func (rd *reader) path(idx int, name string) ([]summary.Input, error) {
	var ins []summary.Input
	runs := 0
	var al allureResults
	walk := func(src input.Source) error {
		if err := rd.ctx.Err(); err != nil {
			return err
		}
		if src.Name != name && name != "-" && allure.IsAttachment(src.Name) {
			return al.attachment(src) // read with the results that name it (allure.go)
		}
		if rd.isAllure(src) {
			added, err := al.result(src, name, len(ins))
			switch {
			case err != nil:
				ins = append(ins, summary.Input{Name: input.DisplayName(src.Name), Format: parser.FormatAllure, Error: err.Error(), Runs: []*classify.Run{}})
			case added:
				ins = append(ins, summary.Input{}) // the group's place, filled once the walk is done
			}
			return nil
		}
		in := rd.source(idx, src)
		runs += len(in.Runs)
		ins = append(ins, in)
		return nil
	}
	var err error
	if name != "-" && rd.opts.Open != nil {
		err = walkOpened(rd.opts.Open, name, walk)
	} else {
		err = input.Walk(name, rd.opts.Stdin, rd.opts.Limits, walk)
	}
	for _, g := range al.groups {
		ins[g.slot] = rd.allureInput(idx, &al, g)
		runs += len(ins[g.slot].Runs)
	}
	if err != nil {
		return ins, err
	}
	if runs == 0 {
		return ins, noRuns(ins, name)
	}
	return ins, nil
}

// source detects a source's format (unless forced), parses it and builds its document entry.
func (rd *reader) source(idx int, src input.Source) summary.Input {
	in := summary.Input{Name: input.DisplayName(src.Name), Runs: []*classify.Run{}, Notes: src.Warnings}
	if src.Refused != "" {
		in.Skipped = "refused"
		in.Error = in.Name + ": " + src.Refused
		return in
	}
	f := rd.opts.Format
	if f == "" {
		if f = formats.Detect(src.Head); f == "" {
			in.Skipped = "not a format ctlog reads"
			in.Error = fmt.Sprintf("%s: not a format ctlog knows (it reads %s); use --format to force one", in.Name, formats.List())
			return in
		}
	}
	rc, err := src.Open()
	if err != nil {
		in.Error = err.Error()
		return in
	}
	defer rc.Close()
	format, st, col, err := rd.parse(idx, src, in.Name, rc, f)
	in.Format = format
	in.Bytes, in.Lines, in.Encoding, in.BOM, in.Wrapping = st.Bytes, st.Lines, st.Encoding, st.BOM, st.Wrapping
	in.Markers = col.Markers
	in.Runs = col.Finish()
	in.Diagnostics = col.Diagnostics
	if err != nil {
		in.Error = strings.TrimSpace(err.Error())
		return in
	}
	if len(in.Runs) == 0 {
		in.Skipped = "no Schemathesis output"
	}
	return in
}

// parse reads one opened source into a collector: a big plain text file in two parts at once, and
// a text log read once (standard input, a decompressed stream) in stretches on two goroutines, each
// classified on the goroutine that reads it; anything else in one pass, classified beside the
// grammar on a goroutine of its own.
func (rd *reader) parse(idx int, src input.Source, name string, rc io.Reader, f parser.Format) (parser.Format, parser.Stats, *classify.Collector, error) {
	cr := &countingReader{ctx: rd.ctx, r: rc}
	split := src.At != nil && f == parser.FormatText && src.Size >= parser.SplitMin
	if split {
		cr.ra = src.At
	}
	col := &classify.Collector{}
	var h parser.Joiner[*classify.Part] = col
	obs := rd.opts.Observer
	s := Source{Input: idx, Name: name, Size: src.Size}
	if obs != nil {
		if after := obs.Begin(s, cr.n.Load, col); after != nil {
			h = &tap{col: col, after: after}
		}
	}
	opts := parser.Options{Name: name}
	var (
		format = f
		st     parser.Stats
		err    error
	)
	switch {
	case split:
		st, err = parser.ParseSplit(cr, src.Size, opts, classify.NewPart, h)
		format = parser.FormatText
	case src.At == nil && f == parser.FormatText:
		// Standard input, a .gz, an archive member: read once, ahead, parsed on two cores too.
		st, err = parser.ParseStream(cr, opts, classify.NewParts(), h)
	default:
		ah, wait := parser.Async(h)
		format, st, err = formats.Parse(cr, f, opts, ah)
		wait()
	}
	if err == nil && rd.ctx.Err() != nil {
		err = rd.ctx.Err()
	}
	if obs != nil {
		obs.End(s, st, err)
	}
	return format, st, col, err
}

// tap hands every event to the collector, then to an Observer's function; it is a Releaser and a
// Joiner as the collector is, so that wrapping the collector changes nothing of how it is fed.
type tap struct {
	col   *classify.Collector
	after func(parser.Event)
}

func (t *tap) Handle(e parser.Event) {
	t.col.Handle(e)
	t.after(e)
}

// ReleasesFailures says that, like the collector, the tap keeps nothing of a failure.
func (t *tap) ReleasesFailures() {}

// Join hands a split read's second part to the collector.
func (t *tap) Join(part *classify.Part, j parser.Join) { t.col.Join(part, j) }

// countingReader counts the bytes read through it and fails once ctx is done.
type countingReader struct {
	ctx context.Context
	r   io.Reader
	ra  io.ReaderAt
	n   atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.ra.ReadAt(p, off)
	c.n.Add(int64(n))
	return n, err
}

// walkOpened hands the stream an injected opener gives to fn as one source.
func walkOpened(open func(string) (io.ReadCloser, error), name string, fn func(input.Source) error) error {
	rc, err := open(name)
	if err != nil {
		return err
	}
	br := bufio.NewReaderSize(rc, input.HeadSize)
	head, _ := br.Peek(input.HeadSize)
	head = append([]byte(nil), head...)
	used := false
	return fn(input.Source{Name: name, Size: -1, Head: head, Open: func() (io.ReadCloser, error) {
		if used {
			return nil, io.ErrClosedPipe
		}
		used = true
		return struct {
			io.Reader
			io.Closer
		}{br, rc}, nil
	}})
}
