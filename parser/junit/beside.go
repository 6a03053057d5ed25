package junit

import "github.com/ctlog-dev/ctlog/parser"

// beside runs the failure grammar and the handler on a goroutine of their own, beside the
// reading: the reader queues events and failure texts in input order, in batches, and the
// goroutine parses the texts and hands everything to the handler in that order. A batch carries
// its failure texts in one buffer of its own, and comes back with it to be filled again; the
// batches in flight are bounded in number and in text, and so is the memory.
type beside struct {
	h      parser.Handler
	blocks *parser.BlockReader
	cur    *batch
	made   int // batches made so far, at most maxBatches
	full   chan *batch
	free   chan *batch
	done   chan struct{}
}

// batch is what the reader hands over at a time: events and failure texts, the texts one after
// another in text.
type batch struct {
	items []queued
	text  []byte
}

// queued is an event, or the failure text of an operation to parse at span: text[from:to] of its
// batch.
type queued struct {
	ev       parser.Event
	op       string
	from, to int
	span     parser.Span
}

const (
	batchItems = 256      // queued items per batch
	batchText  = 64 << 10 // failure text per batch, unless one text is longer
	maxBatches = 4        // batches in all: being filled, queued and being read
)

func newBeside(h parser.Handler, opts parser.Options) *beside {
	b := &beside{h: h, blocks: parser.NewBlockReader(opts), cur: newBatch(), made: 1,
		full: make(chan *batch, maxBatches), free: make(chan *batch, maxBatches), done: make(chan struct{})}
	go b.run()
	return b
}

func newBatch() *batch {
	return &batch{items: make([]queued, 0, batchItems), text: make([]byte, 0, batchText)}
}

// Handle queues an event.
func (b *beside) Handle(e parser.Event) { b.put(queued{ev: e}) }

// failureBlocks queues the failure text of op, read at span; text is copied.
func (b *beside) failureBlocks(op string, text []byte, span parser.Span) {
	if c := b.cur; len(c.text) > 0 && len(c.text)+len(text) > cap(c.text) {
		b.flush() // a text lies in one batch's buffer, which does not grow while texts point into it
	}
	c := b.cur
	from := len(c.text)
	c.text = append(c.text, text...)
	b.put(queued{op: op, from: from, to: len(c.text), span: span})
}

func (b *beside) put(q queued) {
	c := b.cur
	c.items = append(c.items, q)
	if len(c.items) == batchItems || len(c.text) >= batchText {
		b.flush()
	}
}

func (b *beside) flush() {
	if len(b.cur.items) == 0 {
		return
	}
	b.full <- b.cur
	select {
	case b.cur = <-b.free:
	default:
		if b.made < maxBatches {
			b.made++
			b.cur = newBatch()
		} else {
			b.cur = <-b.free // the goroutine beside is behind: wait for a batch it is done with
		}
	}
}

// close hands over what is queued and waits until the handler has it all.
func (b *beside) close() {
	b.flush()
	close(b.full)
	<-b.done
}

func (b *beside) run() {
	defer close(b.done)
	for c := range b.full {
		for i := range c.items {
			q := &c.items[i]
			if q.ev != nil {
				b.h.Handle(q.ev)
			} else {
				b.blocks.ReadBytesAt(q.op, c.text[q.from:q.to], q.span, b.h)
			}
			*q = queued{}
		}
		c.items = c.items[:0]
		if cap(c.text) > 4*batchText {
			c.text = make([]byte, 0, batchText) // one long text: not kept for the next batches
		}
		c.text = c.text[:0]
		b.free <- c // never blocks: it holds every batch
	}
}
