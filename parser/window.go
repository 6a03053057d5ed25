package parser

import (
	"errors"
	"io"
	"sync"
)

// errWindowClosed is what a read of a closed window returns.
var errWindowClosed = errors.New("stream window closed")

// errWindowFull is what a read ahead returns when the bytes it waits for lie past what the window
// can hold and the follower waits too, so that they can never arrive (see window.read).
var errWindowFull = errors.New("stream window full")

// window holds what a goroutine has read ahead of a stream, in segments, so that two goroutines
// can read it at any offset they have not let go of (ParseStream). Reads wait for the bytes to
// arrive; the reader that follows the log from its start (the follower) lets go of the segments
// behind it, and the goroutine that fills the window waits while it holds max segments: the bytes
// the window can hold end max segments past the follower's. A read ahead of that waits for the
// follower to move on, and gives up (errWindowFull) when the follower waits in turn (waiting), so
// that no size of the window can stall the reading.
type window struct {
	seg int64
	max int

	mu      sync.Mutex
	cond    sync.Cond
	bufs    map[int64][]byte // by segment index, each seg long; the last one filled up to n
	free    [][]byte
	n       int64 // bytes read so far
	low     int64 // segments below this index are let go of
	done    bool  // the stream ended: err says how
	err     error // io.EOF at its end, else the read error
	closed  bool
	waiting bool // the follower waits for a reader ahead of it (setWaiting)
}

// newWindow starts the goroutine that reads r into a window of at most max segments of seg bytes.
func newWindow(r io.Reader, seg int64, max int) *window {
	w := &window{seg: seg, max: max, bufs: map[int64][]byte{}}
	w.cond.L = &w.mu
	go w.fill(r)
	return w
}

// fill reads r into the window until r ends or the window is closed.
func (w *window) fill(r io.Reader) {
	for {
		w.mu.Lock()
		for !w.closed && len(w.bufs) >= w.max {
			w.cond.Wait()
		}
		if w.closed {
			w.mu.Unlock()
			return
		}
		var b []byte
		if k := len(w.free); k > 0 {
			b, w.free = w.free[k-1], w.free[:k-1]
		} else {
			b = make([]byte, w.seg)
		}
		idx := w.n / w.seg
		w.bufs[idx] = b
		w.mu.Unlock()
		for filled := 0; filled < len(b); {
			k, err := r.Read(b[filled:])
			filled += k
			w.mu.Lock()
			w.n += int64(k)
			if err != nil {
				w.done, w.err = true, err
			}
			closed := w.closed
			w.cond.Broadcast()
			w.mu.Unlock()
			if err != nil || closed {
				return
			}
		}
	}
}

// close wakes every read and ends the filling; reads fail from then on.
func (w *window) close() {
	w.mu.Lock()
	w.closed = true
	w.cond.Broadcast()
	w.mu.Unlock()
}

// reaches reports whether the stream holds a byte at offset off, waiting for it to arrive; full
// reports that it gave up waiting, as read does, and cannot tell.
func (w *window) reaches(off int64) (yes, full bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.n <= off && !w.done && !w.closed {
		if w.stalled(off + 1) {
			return false, true
		}
		w.cond.Wait()
	}
	return w.n > off && !w.closed, false
}

// stalled reports whether bytes up to end can never arrive: they lie past what the window can
// hold, and the follower, which alone lets go of segments, waits. The caller holds w.mu.
func (w *window) stalled(end int64) bool {
	return w.waiting && end > (w.low+int64(w.max))*w.seg
}

// setWaiting says whether the follower waits for a reader ahead of it; while it does, reads past
// what the window can hold give up instead of waiting.
func (w *window) setWaiting(waiting bool) {
	w.mu.Lock()
	w.waiting = waiting
	w.cond.Broadcast()
	w.mu.Unlock()
}

// size is the stream's length once it has ended before offset off, else off.
func (w *window) size(off int64) int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done && w.n < off {
		return w.n
	}
	return off
}

// ReadAt implements io.ReaderAt, waiting until len(p) bytes are there or the stream has ended.
func (w *window) ReadAt(p []byte, off int64) (int, error) {
	return w.read(p, off, int64(len(p)))
}

// read copies into p the bytes at off once at least want of them are there or the stream has
// ended; it gives up with errWindowFull when they never can be (stalled).
func (w *window) read(p []byte, off, want int64) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.n < off+want && !w.done && !w.closed {
		if w.stalled(off + want) {
			return 0, errWindowFull
		}
		w.cond.Wait()
	}
	if w.closed {
		return 0, errWindowClosed
	}
	if off < w.low*w.seg {
		return 0, errors.New("stream window: read behind what was let go") // a bug in ParseStream
	}
	n := 0
	for n < len(p) && off+int64(n) < w.n {
		o := off + int64(n)
		b := w.bufs[o/w.seg]
		end := min(int64(len(b)), w.n-(o/w.seg)*w.seg)
		n += copy(p[n:], b[o%w.seg:end])
	}
	if n < len(p) {
		if w.err != nil && w.err != io.EOF {
			return n, w.err
		}
		return n, io.EOF
	}
	return n, nil
}

// letGo frees the segments wholly before offset off.
func (w *window) letGo(off int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for ; w.low < off/w.seg; w.low++ {
		if b, ok := w.bufs[w.low]; ok {
			delete(w.bufs, w.low)
			w.free = append(w.free, b[:cap(b)])
		}
	}
	w.cond.Broadcast()
}

// reader reads the stream from offset from up to end (-1: to the stream's end), letting go of the
// segments behind it.
func (w *window) reader(from, end int64) io.Reader {
	return &windowReader{w: w, off: from, end: end}
}

type windowReader struct {
	w        *window
	off, end int64
}

func (r *windowReader) Read(p []byte) (int, error) {
	if r.end >= 0 {
		if r.off >= r.end {
			return 0, io.EOF
		}
		p = p[:min(int64(len(p)), r.end-r.off)]
	}
	return r.w.follow(p, &r.off)
}

// follow reads into p at *off for a reader moving forward, advances *off and lets the window drop
// what lies before it; io.EOF comes with no bytes.
func (w *window) follow(p []byte, off *int64) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	n, err := w.read(p, *off, 1)
	*off += int64(n)
	w.letGo(*off)
	if n > 0 && err == io.EOF {
		err = nil // the next read says so
	}
	return n, err
}
