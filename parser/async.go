package parser

// asyncBatch is how many events Async hands over at a time.
const asyncBatch = 256

// Releaser is a Handler that keeps nothing of a Failure once Handle returns: not the event, not
// its strings or slices (it copies what it keeps). The parser may then reuse the Failure and the
// memory of its texts for a later one, which spares it most of its allocations.
type Releaser interface {
	Handler
	ReleasesFailures()
}

// Async returns a handler that passes events to h on another goroutine, in order, so that a slow
// handler (classification) runs beside the grammar instead of after it; and a function that hands
// over what is left and waits for h to finish. Events are not touched after they are emitted, so
// they can cross goroutines. When h is a Releaser, the parser that emits to the returned handler
// gets the failures h has handled back, to reuse.
func Async(h Handler) (Handler, func()) {
	ch := make(chan []Event, 4) // few events in flight: a failure can hold a 64 KiB body
	done := make(chan struct{})
	a := &asyncHandler{ch: ch, buf: make([]Event, 0, asyncBatch)}
	if _, ok := h.(Releaser); ok {
		a.free = make(chan []*Failure, 2)
	}
	go func() {
		defer close(done)
		var handled []*Failure // given back a batch at a time: a channel operation per failure costs 5 %
		for batch := range ch {
			for _, e := range batch {
				h.Handle(e)
				if f, ok := e.(*Failure); ok && a.free != nil {
					handled = append(handled, f) // h is done with it
				}
			}
			if len(handled) >= asyncBatch {
				select {
				case a.free <- handled:
					handled = nil
				default:
					handled = handled[:0] // the parser has enough: these are left to the collector
				}
			}
		}
	}()
	wait := func() {
		if len(a.buf) > 0 {
			ch <- a.buf
			a.buf = nil
		}
		close(ch)
		<-done
	}
	return a, wait
}

// asyncHandler is the handler Async returns.
type asyncHandler struct {
	ch   chan []Event
	buf  []Event
	free chan []*Failure // failures handled by a Releaser, for the parser to reuse; nil otherwise
}

func (a *asyncHandler) Handle(e Event) {
	a.buf = append(a.buf, e)
	if len(a.buf) == asyncBatch {
		a.ch <- a.buf
		a.buf = make([]Event, 0, asyncBatch)
	}
}

// recycled returns the failures a parser emitting to h may reuse, or nil.
func recycled(h Handler) <-chan []*Failure {
	if a, ok := h.(*asyncHandler); ok && a.free != nil {
		return a.free
	}
	return nil
}
