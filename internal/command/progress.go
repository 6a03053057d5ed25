package command

import (
	"fmt"
	"io"
	"time"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/pipeline"
	"github.com/ctlog-dev/ctlog/parser"
)

// progressMin is the input size from which summarize shows progress on a terminal.
const progressMin = 64 << 20

// progressLine is the pipeline observer that redraws one status line on a terminal while a big
// source is read.
type progressLine struct {
	w    io.Writer
	stop chan struct{}
	done chan struct{}
}

func (p *progressLine) Begin(src pipeline.Source, read func() int64, _ *classify.Collector) func(parser.Event) {
	if src.Size < progressMin {
		return nil
	}
	p.stop, p.done = make(chan struct{}), make(chan struct{})
	go showProgress(p.w, src.Name, src.Size, read, p.stop, p.done)
	return nil
}

func (p *progressLine) End(pipeline.Source, parser.Stats, error) {
	if p.stop != nil {
		close(p.stop)
		<-p.done
		p.stop = nil
	}
}

// showProgress redraws one status line on w until stop is closed, then clears it.
func showProgress(w io.Writer, name string, total int64, read func() int64, stop <-chan struct{}, done chan<- struct{}) {
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
			n := min(read(), total) // a split read can read some bytes twice
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
