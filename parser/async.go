package parser

// asyncBatch is how many events Async hands over at a time.
const asyncBatch = 256

// Async returns a handler that passes events to h on another goroutine, in order, so that a slow
// handler (classification) runs beside the grammar instead of after it; and a function that hands
// over what is left and waits for h to finish. Events are not touched after they are emitted, so
// they can cross goroutines.
func Async(h Handler) (Handler, func()) {
	ch := make(chan []Event, 4) // few events in flight: a failure can hold a 64 KiB body
	done := make(chan struct{})
	go func() {
		defer close(done)
		for batch := range ch {
			for _, e := range batch {
				h.Handle(e)
			}
		}
	}()
	buf := make([]Event, 0, asyncBatch)
	send := HandlerFunc(func(e Event) {
		buf = append(buf, e)
		if len(buf) == asyncBatch {
			ch <- buf
			buf = make([]Event, 0, asyncBatch)
		}
	})
	wait := func() {
		if len(buf) > 0 {
			ch <- buf
			buf = nil
		}
		close(ch)
		<-done
	}
	return send, wait
}
