package junit

import "github.com/ctlog-dev/ctlog/parser"

// beside runs the failure grammar and the handler on a goroutine of their own, beside the
// reading: the reader queues events and failure texts in input order, in batches, and the
// goroutine parses the texts and hands everything to the handler in that order. The batches in
// flight are bounded in number and in text, and so is the memory.
type beside struct {
	h      parser.Handler
	blocks *parser.BlockReader
	batch  []queued
	text   int // bytes of failure text in batch
	full   chan []queued
	free   chan []queued
	bufs   chan []byte // text buffers given back
	done   chan struct{}
}

// queued is an event, or the failure text of an operation to parse at span: text, or btext in
// owned, a buffer to give back.
type queued struct {
	ev       parser.Event
	op, text string
	btext    []byte
	owned    []byte
	span     parser.Span
}

const (
	besideBatch = 256     // queued items per batch
	besideText  = 1 << 20 // failure text per batch
)

func newBeside(h parser.Handler, opts parser.Options) *beside {
	b := &beside{h: h, blocks: parser.NewBlockReader(opts), batch: make([]queued, 0, besideBatch),
		full: make(chan []queued, 4), free: make(chan []queued, 4), bufs: make(chan []byte, 16), done: make(chan struct{})}
	go b.run()
	return b
}

// Handle queues an event.
func (b *beside) Handle(e parser.Event) { b.put(queued{ev: e}) }

// failureBlocks queues the failure text of op, read at span.
func (b *beside) failureBlocks(op, text string, span parser.Span) {
	b.text += len(text)
	b.put(queued{op: op, text: text, span: span})
}

// failureBlocksBytes queues the failure text of op in buf, read at span; buf comes back through
// buffer once it is parsed.
func (b *beside) failureBlocksBytes(op string, text, buf []byte, span parser.Span) {
	b.text += len(text)
	b.put(queued{op: op, btext: text, owned: buf, span: span})
}

// buffer returns a text buffer given back, or nil.
func (b *beside) buffer() []byte {
	select {
	case buf := <-b.bufs:
		return buf
	default:
		return nil
	}
}

func (b *beside) put(q queued) {
	b.batch = append(b.batch, q)
	if len(b.batch) == besideBatch || b.text >= besideText {
		b.flush()
	}
}

func (b *beside) flush() {
	if len(b.batch) == 0 {
		return
	}
	b.full <- b.batch
	b.text = 0
	select {
	case b.batch = <-b.free:
	default:
		b.batch = make([]queued, 0, besideBatch)
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
	for batch := range b.full {
		for i := range batch {
			q := &batch[i]
			switch {
			case q.ev != nil:
				b.h.Handle(q.ev)
			case q.owned != nil:
				b.blocks.ReadBytes(q.op, q.btext, q.span, spanHandler{h: b.h, span: q.span})
				select {
				case b.bufs <- q.owned[:0]:
				default:
				}
			default:
				b.blocks.Read(q.op, q.text, q.span, spanHandler{h: b.h, span: q.span})
			}
			*q = queued{}
		}
		select {
		case b.free <- batch[:0]:
		default:
		}
	}
}
