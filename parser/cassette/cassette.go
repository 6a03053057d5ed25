// Package cassette reads the VCR cassettes Schemathesis 3.x and 4.x record, as parser events.
package cassette

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/ctlog-dev/ctlog/parser"
)

// Parse reads a VCR cassette written by Schemathesis 3.x (`--cassette-path`) or 4.x
// (`--report vcr`) and streams its events to h: a RunStart, a Setting for the seed, and for every
// recorded interaction an Interaction event followed, when checks failed, by one Failure event.
// InputInfo comes last; cassettes have no final line, so there is no RunEnd.
//
// The input is split into one chunk per interaction at the top-level list items of
// `http_interactions`; each chunk is decoded on its own, so memory is bounded by the largest
// interaction, not by the file. Once the items start at column 0 (as Schemathesis writes them),
// a goroutine cuts the input into blocks of whole interactions straight from its read buffer
// (source.go) and workers read each interaction from the block's bytes (scan.go) without the YAML
// parser when its lines are of the plain shapes Schemathesis writes (quick.go); anything else goes
// through the line splitter (split.go) and the YAML parser, which give the same events for the
// first (TestFastEqualsCareful, TestBlocksEqualCareful, FuzzFastEqualsCareful). A chunk that is
// not valid YAML becomes a warning Diagnostic (code "yaml") and the parse goes on with the next
// one. The error is non-nil only when the input cannot be read.
func Parse(r io.Reader, opts parser.Options, h parser.Handler) (parser.Stats, error) {
	return parse(r, opts, h, false)
}

// parse is Parse; careful decodes every interaction with the YAML parser, as the fast path does
// with those it does not know, and reads the input in lines (parser.LineReader): the fast path
// hands whole blocks of interactions to its workers (source, blockReader).
func parse(r io.Reader, opts parser.Options, h parser.Handler, careful bool) (parser.Stats, error) {
	if opts.MaxText <= 0 {
		opts.MaxText = parser.DefaultMaxText
	}
	if !careful {
		buf := getBlock()
		s, rest := newSource(r, opts.MaxLine, buf)
		if s != nil {
			return parseBlocks(s, opts, h)
		}
		putBlock(buf)
		r = rest // not UTF-8: parser.LineReader decodes it
	}
	lr, err := parser.NewLineReader(r, opts.MaxLine)
	if err != nil {
		return parser.Stats{}, fmt.Errorf("read %s:1: %w", opts.Name, err)
	}
	// Decoding YAML is the slow part: a goroutine splits the input into interactions, workers
	// decode them, and this goroutine hands their events to h in input order. The channels bound
	// the interactions in flight, and so the memory.
	workers := min(max(runtime.GOMAXPROCS(0), 1), 8)
	order := make(chan *job, 2*workers)
	work := make(chan *job, workers)
	free := make(chan *chunk, 3*workers+2)
	for range workers {
		go worker(opts, lr.MaxLine(), work, careful)
	}
	p := newSplitter(opts, lr.MaxLine(), order, work, free)
	var readErr error
	go func() {
		defer close(work)
		defer close(order)
		for {
			var l parser.Line
			err := lr.Next(&l)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				readErr = err
				break
			}
			p.line(&l)
		}
		p.finish()
	}()
	e := emitter{h: h, ops: map[string]int{}}
	for j := range order {
		e.job(j)
		if j.chunk != nil {
			select {
			case free <- j.chunk:
			default:
			}
		}
	}
	// order is closed: the splitting goroutine is done with lr and readErr.
	st := lr.Stats()
	lr.Close()
	if readErr != nil {
		return st, fmt.Errorf("read %s:%d: %w", opts.Name, st.Lines+1, readErr)
	}
	h.Handle(&parser.InputInfo{Span: parser.Span{End: st.Bytes, Line: min(1, st.Lines), EndLine: st.Lines}, Name: opts.Name,
		Encoding: st.Encoding, BOM: st.BOM})
	return st, nil
}

// parseBlocks is parse's fast path: a goroutine reads s, feeding the splitter line by line until
// the interactions start at column 0, then cutting blocks of whole interactions for the workers;
// this goroutine hands their events to h in input order.
func parseBlocks(s *source, opts parser.Options, h parser.Handler) (parser.Stats, error) {
	workers := min(max(runtime.GOMAXPROCS(0), 1), 8)
	order := make(chan *job, 2*workers)
	work := make(chan *job, workers)
	free := make(chan *chunk, 3*workers+2)
	blocks := make(chan *batch, 2*workers+3)
	for range workers {
		go worker(opts, s.max, work, false)
	}
	p := newSplitter(opts, s.max, order, work, free)
	var readErr error
	go func() {
		defer close(work)
		defer close(order)
		readErr = p.read(s, blocks)
		p.finish()
	}()
	e := emitter{h: h, ops: map[string]int{}}
	for j := range order {
		e.job(j)
		switch {
		case j.chunk != nil:
			select {
			case free <- j.chunk:
			default:
			}
		case j.batch != nil:
			select {
			case blocks <- j.batch:
			default:
				putBlock(j.batch.buf)
			}
		}
	}
	// order is closed: the reading goroutine is done with s and readErr.
	st := s.stats()
	putBlock(s.buf)
	for len(blocks) > 0 {
		putBlock((<-blocks).buf)
	}
	if readErr != nil {
		return st, fmt.Errorf("read %s:%d: %w", opts.Name, st.Lines+1, readErr)
	}
	h.Handle(&parser.InputInfo{Span: parser.Span{End: st.Bytes, Line: min(1, st.Lines), EndLine: st.Lines}, Name: opts.Name,
		Encoding: st.Encoding, BOM: st.BOM})
	return st, nil
}

// blockPool keeps the buffers of sources and batches between parses.
var blockPool = sync.Pool{New: func() any { return new([blockSize]byte) }}

func getBlock() []byte { return blockPool.Get().(*[blockSize]byte)[:] }

func putBlock(b []byte) {
	if cap(b) == blockSize {
		blockPool.Put((*[blockSize]byte)(b[:blockSize]))
	}
}

// job is a piece of the output, in input order: events found while splitting, then at most one
// interaction, decoded by a worker.
type job struct {
	pre   []parser.Event // events before the interaction (RunStart, Setting, diagnostics)
	chunk *chunk         // nil when the job only carries events or a batch
	batch *batch         // whole interactions, read by a worker
	major int
	done  chan struct{}  // closed when the worker is finished; nil without a chunk or batch
	evs   []parser.Event // the interaction's events, made by the worker
	seed  string         // 3.x: the interaction's seed
}

// worker decodes interactions until work is closed.
func worker(opts parser.Options, maxLine int, work <-chan *job, careful bool) {
	var q *quickReader
	var br *blockReader
	if !careful {
		q = &quickReader{}
	}
	for j := range work {
		if j.batch != nil {
			if br == nil {
				br = newBlockReader(opts, maxLine, q)
			}
			br.read(j.batch)
		} else {
			decodeJob(opts, j, q)
		}
		close(j.done)
	}
}

// emitter hands the jobs' events to the handler and numbers failures per operation.
type emitter struct {
	h        parser.Handler
	ops      map[string]int
	seedDone bool
}

func (e *emitter) job(j *job) {
	for _, ev := range j.pre {
		if s, ok := ev.(*parser.Setting); ok && s.Key == "Seed" {
			e.seedDone = true
		}
		e.h.Handle(ev)
	}
	switch {
	case j.batch != nil:
		<-j.done
		for i := range j.batch.res {
			e.result(&j.batch.res[i])
		}
	case j.chunk != nil:
		<-j.done
		e.result(&result{evs: j.evs, seed: j.seed, seedSpan: j.chunk.seedSpan, diags: j.chunk.diags})
	}
}

// result hands the events of one interaction to the handler.
func (e *emitter) result(r *result) {
	for _, ev := range r.evs {
		if f, ok := ev.(*parser.Failure); ok {
			idx := e.ops[f.Operation] + 1
			if idx > 1 || len(e.ops) < maxOps {
				e.ops[f.Operation] = idx
			} else {
				idx = 0
			}
			f.Index = idx
		}
		e.h.Handle(ev)
	}
	if !e.seedDone && r.seed != "" && r.seedSpan.Line > 0 {
		// 3.x records the seed on every interaction rather than in the header.
		e.seedDone = true
		e.h.Handle(&parser.Setting{Span: r.seedSpan, Key: "Seed", Value: r.seed})
	}
	for _, d := range r.diags {
		e.h.Handle(&d)
	}
}
