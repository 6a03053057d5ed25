package tui

import (
	"context"
	"sync/atomic"

	tea "github.com/charmbracelet/bubbletea"
)

// searchJob is a raw-view search running on its own goroutine: the screen stays live on a 1 GiB
// log with no match, shows how far the search has read, and a new search or esc cancels it.
type searchJob struct {
	id      int64
	back    bool
	size    int64 // bytes the search may read: the whole input
	scanned int64 // as last reported
	ctx     context.Context
	cancel  context.CancelFunc
	out     chan tea.Msg  // searchProgressMsg, then one searchDoneMsg
	done    chan struct{} // closed when the goroutine has returned
}

// Messages a searchJob sends, each with the job's id: a message of a cancelled job is ignored.
type (
	searchProgressMsg struct {
		id      int64
		scanned int64
	}
	searchDoneMsg struct {
		id    int64
		found found
		err   error
	}
)

var searchIDs atomic.Int64

// startSearch searches f from the byte from (forward, or back), numbering the match's line from
// ref; it returns the job and the command that waits for its first message.
func startSearch(f *rawFile, s rawSearch, ref rawLine, from int64, back bool) (*searchJob, tea.Cmd) {
	ctx, cancel := context.WithCancel(context.Background())
	j := &searchJob{id: searchIDs.Add(1), back: back, size: f.size - f.dataStart, ctx: ctx, cancel: cancel,
		out: make(chan tea.Msg), done: make(chan struct{})}
	m := &scanMeter{ctx: ctx, report: func(n int64) {
		select {
		case j.out <- searchProgressMsg{id: j.id, scanned: n}:
		case <-ctx.Done():
		}
	}}
	go func() {
		defer close(j.done)
		r, err := f.find(s, ref, from, back, m)
		select {
		case j.out <- searchDoneMsg{id: j.id, found: r, err: err}:
		case <-ctx.Done():
		}
	}()
	return j, j.listen()
}

// listen waits for the job's next message; it returns nil once the job is cancelled.
func (j *searchJob) listen() tea.Cmd {
	return func() tea.Msg {
		if j.ctx.Err() != nil {
			return nil
		}
		select {
		case msg := <-j.out:
			return msg
		case <-j.ctx.Done():
			return nil
		}
	}
}

// stop cancels the job; its goroutine returns soon after.
func (j *searchJob) stop() {
	if j != nil {
		j.cancel()
	}
}
