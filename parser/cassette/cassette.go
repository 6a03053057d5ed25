// Package cassette reads the VCR cassettes Schemathesis 3.x and 4.x record, as parser events.
package cassette

import (
	"errors"
	"fmt"
	"io"
	"runtime"

	"github.com/ctlog-dev/ctlog/parser"
)

// Parse reads a VCR cassette written by Schemathesis 3.x (`--cassette-path`) or 4.x
// (`--report vcr`) and streams its events to h: a RunStart, a Setting for the seed, and for every
// recorded interaction an Interaction event followed, when checks failed, by one Failure event.
// InputInfo comes last; cassettes have no final line, so there is no RunEnd.
//
// The input is read line by line and split into one chunk per interaction at the top-level list
// items of `http_interactions`; each chunk is decoded on its own, so memory is bounded by the
// largest interaction, not by the file. An interaction in which no check failed is read without
// the YAML parser when its lines are of the plain shapes Schemathesis writes (quick.go); the others
// are decoded with the YAML parser, which gives the same events for the first. A chunk that is not valid YAML becomes a
// warning Diagnostic (code "yaml") and the parse goes on with the next one. The error is non-nil
// only when the input cannot be read.
func Parse(r io.Reader, opts parser.Options, h parser.Handler) (parser.Stats, error) {
	return parse(r, opts, h, false)
}

// parse is Parse; careful decodes every interaction with the YAML parser, as the fast path does
// with those it does not know.
func parse(r io.Reader, opts parser.Options, h parser.Handler, careful bool) (parser.Stats, error) {
	if opts.MaxText <= 0 {
		opts.MaxText = parser.DefaultMaxText
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
		go worker(opts, work, careful)
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

// job is a piece of the output, in input order: events found while splitting, then at most one
// interaction, decoded by a worker.
type job struct {
	pre   []parser.Event // events before the interaction (RunStart, Setting, diagnostics)
	chunk *chunk         // nil when the job only carries events
	major int
	done  chan struct{}  // closed when the worker is finished; nil without a chunk
	evs   []parser.Event // the interaction's events, made by the worker
	seed  string         // 3.x: the interaction's seed
}

// worker decodes interactions until work is closed.
func worker(opts parser.Options, work <-chan *job, careful bool) {
	var q *quickReader
	if !careful {
		q = &quickReader{}
	}
	for j := range work {
		decodeJob(opts, j, q)
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
	if j.chunk == nil {
		return
	}
	<-j.done
	for _, ev := range j.evs {
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
	if c := j.chunk; !e.seedDone && j.seed != "" && c.seedSpan.Line > 0 {
		// 3.x records the seed on every interaction rather than in the header.
		e.seedDone = true
		e.h.Handle(&parser.Setting{Span: c.seedSpan, Key: "Seed", Value: j.seed})
	}
	for _, d := range j.chunk.diags {
		e.h.Handle(&d)
	}
}
