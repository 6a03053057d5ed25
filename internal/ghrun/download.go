package ghrun

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"
)

// progressEvery is how often a download redraws its progress line.
const progressEvery = 200 * time.Millisecond

// download GETs a signed URL with the plain client into dest, atomically: the bytes go to a
// temporary file beside dest, which is renamed to dest only when the whole body arrived (as long as
// its Content-Length says) and, for a zip, its central directory reads. A failed or interrupted
// download leaves nothing at dest. check, when set, vets the finished file. progress, when set,
// gets a redrawn status line for downloads that take longer than a moment.
func (c *Client) download(ctx context.Context, what, u, dest string, isZip bool, progress io.Writer, check func(*os.File, int64) error) (int64, error) {
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return 0, err
	}
	resp, err := c.open(ctx, what, u)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".part-*")
	if err != nil {
		return 0, err
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	var r io.Reader = resp.Body
	if progress != nil {
		cr := &counter{r: resp.Body}
		r = cr
		stop := make(chan struct{})
		finished := make(chan struct{})
		go showProgress(progress, what, resp.ContentLength, cr, stop, finished)
		defer func() { close(stop); <-finished }()
	}
	n, err := io.Copy(tmp, r)
	if err == nil && resp.ContentLength >= 0 && n != resp.ContentLength {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		return 0, &Error{Kind: KindCorrupt, Msg: fmt.Sprintf("%s: the download broke off after %s of %s (%v); nothing partial is kept: run ctlog again", what, humanBytes(n), humanSize(resp.ContentLength), redactURLError(err)), Err: err}
	}
	if isZip {
		if _, err := zip.NewReader(tmp, n); err != nil {
			return 0, &Error{Kind: KindCorrupt, Msg: fmt.Sprintf("%s: the downloaded archive (%s) is truncated or not a zip (%v); nothing is kept: run ctlog again, and if it keeps failing download it in the browser to compare", what, humanBytes(n), err), Err: err}
		}
	}
	if check != nil {
		if err := check(tmp, n); err != nil {
			return 0, err
		}
	}
	if err := tmp.Sync(); err != nil {
		return 0, err
	}
	if err := tmp.Close(); err != nil {
		return 0, err
	}
	if err := os.Rename(tmp.Name(), dest); err != nil {
		os.Remove(tmp.Name())
		return 0, err
	}
	done = true
	return n, nil
}

// notReadyLog recognises the body GitHub's log storage serves for a job that is still running:
// 200 with an XML BlobNotFound error (after a byte-order mark) instead of the log.
func notReadyLog(f *os.File, n int64) bool {
	if n > 4096 {
		return false
	}
	head := make([]byte, n)
	if _, err := f.ReadAt(head, 0); err != nil && err != io.EOF {
		return false
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	head = bytes.TrimSpace(head)
	return (bytes.HasPrefix(head, []byte("<?xml")) || bytes.HasPrefix(head, []byte("<Error"))) &&
		bytes.Contains(head, []byte("BlobNotFound"))
}

type counter struct {
	r io.Reader
	n atomic.Int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// showProgress redraws one line on w until stop is closed, then clears it. Nothing is drawn for a
// download that ends before the first tick.
func showProgress(w io.Writer, what string, total int64, c *counter, stop <-chan struct{}, finished chan<- struct{}) {
	defer close(finished)
	t := time.NewTicker(progressEvery)
	defer t.Stop()
	start, drawn := time.Now(), false
	for {
		select {
		case <-stop:
			if drawn {
				fmt.Fprint(w, "\r\x1b[K")
			}
			return
		case <-t.C:
			n := c.n.Load()
			rate := humanBytes(int64(float64(n)/time.Since(start).Seconds())) + "/s"
			if total > 0 {
				fmt.Fprintf(w, "\r\x1b[Kctlog: downloading %s  %3.0f%%  %s of %s  (%s)", what, 100*float64(n)/float64(total), humanBytes(n), humanBytes(total), rate)
			} else {
				fmt.Fprintf(w, "\r\x1b[Kctlog: downloading %s  %s  (%s)", what, humanBytes(n), rate)
			}
			drawn = true
		}
	}
}

func humanSize(n int64) string {
	if n < 0 {
		return "an unknown size"
	}
	return humanBytes(n)
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	default:
		return fmt.Sprintf("%d B", n)
	}
}
