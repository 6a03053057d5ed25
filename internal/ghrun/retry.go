package ghrun

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// maxKeptBody bounds the error body the transport keeps for messages.
const maxKeptBody = 64 << 10

// keptBodyReader is the body of an error response, read whole so that a message can be taken from
// it after the caller closed it.
type keptBodyReader struct {
	*bytes.Reader
	data []byte
}

func (keptBodyReader) Close() error { return nil }

// keptBody returns the body of an error response our transport kept, or nil.
func keptBody(hr *http.Response) []byte {
	if hr == nil {
		return nil
	}
	if k, ok := hr.Body.(keptBodyReader); ok {
		return k.data
	}
	return nil
}

// retryTransport retries GET requests that GitHub answers with a 5xx or its secondary rate limit,
// a bounded number of times with a growing wait, and keeps the body of error responses readable.
type retryTransport struct {
	base    http.RoundTripper
	retries int                                           // retries after the first try
	sleep   func(context.Context, time.Duration) error    // waits, or fails when the context ends
	notify  func(string)                                  // told before each wait (may be nil)
	backoff func(retry int, secondary bool) time.Duration // the wait before retry 1, 2, …
}

// defaultBackoff waits 1s, 2s, 4s… after a 5xx and, as GitHub asks when no Retry-After is given,
// a minute, then two… after a secondary rate limit.
func defaultBackoff(retry int, secondary bool) time.Duration {
	base := time.Second
	if secondary {
		base = time.Minute
	}
	return base << (retry - 1)
}

// maxRetryAfter is the longest Retry-After ctlog waits for; past it the error is reported at once.
const maxRetryAfter = 2 * time.Minute

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		resp, err := t.base.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode < 400 {
			return resp, nil
		}
		keep(resp)
		if req.Method != http.MethodGet && req.Method != http.MethodHead || attempt >= t.retries {
			return resp, nil
		}
		var wait time.Duration
		var why string
		switch {
		case resp.StatusCode >= 500:
			wait, why = t.backoff(attempt+1, false), resp.Status
		case (resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusTooManyRequests) &&
			resp.Header.Get("X-RateLimit-Remaining") != "0" && isSecondary(resp, ""):
			wait, why = t.backoff(attempt+1, true), "GitHub's secondary rate limit"
			if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s >= 0 {
				wait = time.Duration(s) * time.Second
				if wait > maxRetryAfter {
					return resp, nil // reported with the wait GitHub asks for
				}
			}
		default:
			return resp, nil
		}
		if t.notify != nil {
			t.notify(fmt.Sprintf("%s from %s; retrying in %s (%d of %d)", why, req.URL.Host, wait, attempt+1, t.retries))
		}
		if err := t.sleep(req.Context(), wait); err != nil {
			return nil, err
		}
	}
}

// keep reads an error response's body (at most maxKeptBody) so that it can be read again, by
// go-github and by the error messages.
func keep(resp *http.Response) {
	if _, ok := resp.Body.(keptBodyReader); ok {
		return
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxKeptBody))
	resp.Body.Close()
	resp.Body = keptBodyReader{bytes.NewReader(data), data}
}

// sleepCtx waits for d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
