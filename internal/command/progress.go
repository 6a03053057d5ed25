package command

import (
	"fmt"
	"io"
	"sync/atomic"
	"time"
)

// progressMin is the input size from which summarize shows progress on a terminal.
const progressMin = 64 << 20

// countingReader counts the bytes read through it.
type countingReader struct {
	r  io.Reader
	ra io.ReaderAt
	n  atomic.Int64
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.ra.ReadAt(p, off)
	c.n.Add(int64(n))
	return n, err
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// showProgress redraws one status line on w until stop is closed, then clears it.
func showProgress(w io.Writer, name string, total int64, c *countingReader, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	start := time.Now()
	for {
		select {
		case <-stop:
			fmt.Fprint(w, "\r\x1b[K")
			return
		case <-t.C:
			n := min(c.n.Load(), total) // a split read can read some bytes twice
			rate := float64(n) / time.Since(start).Seconds()
			fmt.Fprintf(w, "\r\x1b[Kctlog: reading %s  %3.0f%%  %s of %s  (%s/s)", name,
				100*float64(n)/float64(total), size(n), size(total), size(int64(rate)))
		}
	}
}

func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	default:
		return fmt.Sprintf("%d KiB", n>>10)
	}
}
