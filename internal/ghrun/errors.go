package ghrun

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"
)

// Kind sorts the failures users meet.
type Kind int

// The kinds of Error.
const (
	KindOther              Kind = iota
	KindNotFound                // 404: wrong repository, run, job or artifact, or no access to it
	KindUnauthorized            // 401: the token is wrong or expired
	KindForbidden               // 403 that is no rate limit: the token lacks a permission
	KindRateLimit               // the primary API rate limit is used up until its reset time
	KindSecondaryRateLimit      // GitHub's secondary (abuse) rate limit, still in force after retries
	KindExpired                 // 410: the logs or artifact are past retention
	KindServer                  // 5xx after the retries
	KindNotReady                // the run or job has not finished: its logs are not there yet
	KindCorrupt                 // a downloaded archive is truncated or not a zip
	KindOffline                 // --offline and the cache lacks what is needed
	KindNoRun                   // no run matches --workflow/--branch
)

// Error is a failure with a message that says what to do about it.
type Error struct {
	Kind   Kind
	Status int       // HTTP status, when one caused it
	Reset  time.Time // KindRateLimit: when the limit resets
	Msg    string
	Err    error // the underlying error, if any
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Err }

// IsKind reports whether err is an *Error of kind k.
func IsKind(err error, k Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == k
}

// RetentionNote says how long GitHub keeps logs and artifacts.
const RetentionNote = "GitHub keeps workflow logs and artifacts for 90 days by default (repository and organization settings can shorten or lengthen that)"

// apiError turns what a go-github call returned into an *Error naming what was asked for
// ("run 123 of o/r"). resp may be nil (a network error); err may be go-github's typed error or,
// for the log and artifact endpoints, a plain "unexpected status code" error with resp set.
func (c *Client) apiError(what string, resp *github.Response, err error) error {
	if err == nil {
		return nil
	}
	var hr *http.Response
	if resp != nil {
		hr = resp.Response
	}
	if hr == nil {
		var rl *github.RateLimitError
		var ab *github.AbuseRateLimitError
		var er *github.ErrorResponse
		switch {
		case errors.As(err, &rl):
			hr = rl.Response
		case errors.As(err, &ab):
			hr = ab.Response
		case errors.As(err, &er):
			hr = er.Response
		}
	}
	if hr == nil {
		return &Error{Kind: KindOther, Msg: fmt.Sprintf("%s: %v (check the network connection and the host; GitHub Enterprise needs --hostname or its URL)", what, err), Err: err}
	}
	return c.statusError(what, hr, err)
}

// statusError explains an HTTP error status.
func (c *Client) statusError(what string, hr *http.Response, err error) error {
	status := hr.StatusCode
	msg := errorMessage(hr, err)
	quoted := ""
	if msg != "" {
		quoted = " (GitHub says: " + msg + ")"
	}
	e := &Error{Status: status, Err: err}
	switch {
	case status == http.StatusNotFound:
		e.Kind = KindNotFound
		advice := "check the owner, repository and ID in the URL"
		if c.token.Value == "" {
			advice += "; a private repository needs a token: set GH_TOKEN (or GITHUB_TOKEN), or run 'gh auth login'"
		} else {
			advice += "; GitHub also answers 404 when " + c.token.String() + " cannot read the repository: it needs the repo scope (classic) or Actions read access (fine-grained)"
		}
		e.Msg = fmt.Sprintf("%s: not found (404)%s: %s", what, quoted, advice)
	case status == http.StatusUnauthorized:
		e.Kind = KindUnauthorized
		advice := "create a new one or run 'gh auth login'"
		switch {
		case c.token.Value == "":
			advice = "set GH_TOKEN or run 'gh auth login'"
		case strings.HasSuffix(c.token.Source, "TOKEN"):
			advice += ", or unset " + c.token.Source + " to read a public repository anonymously"
		default:
			advice = "run 'gh auth login' again, or set GH_TOKEN"
		}
		e.Msg = fmt.Sprintf("%s: GitHub rejected %s (401)%s: it is wrong, expired or revoked; %s", what, c.token, quoted, advice)
	case (status == http.StatusForbidden || status == http.StatusTooManyRequests) && hr.Header.Get("X-RateLimit-Remaining") == "0":
		e.Kind = KindRateLimit
		e.Reset = rateReset(hr)
		when := "later"
		if !e.Reset.IsZero() {
			wait := max(e.Reset.Sub(c.now()).Round(time.Second), 0)
			when = fmt.Sprintf("at %s (in %s)", e.Reset.Local().Format("15:04:05 MST"), wait)
		}
		limit := hr.Header.Get("X-RateLimit-Limit")
		if limit != "" {
			limit = " of " + limit + " requests an hour"
		}
		advice := "wait for the reset"
		if c.token.Value == "" {
			advice += ", or set GH_TOKEN (or run 'gh auth login'): authenticated requests get a far higher limit"
		}
		e.Msg = fmt.Sprintf("%s: GitHub API rate limit%s exceeded (%d); it resets %s: %s; files already downloaded stay in the cache (--offline reads them)", what, limit, status, when, advice)
	case (status == http.StatusForbidden || status == http.StatusTooManyRequests) && isSecondary(hr, msg):
		e.Kind = KindSecondaryRateLimit
		wait := "a few minutes"
		if ra := hr.Header.Get("Retry-After"); ra != "" {
			wait = ra + " seconds"
		}
		e.Msg = fmt.Sprintf("%s: GitHub's secondary rate limit is still in force after %d retries (%d)%s: wait %s and run ctlog again, and avoid running many ctlog or gh commands at once", what, c.retries, status, quoted, wait)
	case status == http.StatusForbidden || status == http.StatusTooManyRequests:
		e.Kind = KindForbidden
		advice := "the repository may not allow it"
		if c.token.Value != "" {
			advice = c.token.String() + " lacks a permission: it needs the repo scope (classic) or Actions read access (fine-grained); an organization with SAML SSO also needs the token authorized for it"
		}
		e.Msg = fmt.Sprintf("%s: forbidden (%d)%s: %s", what, status, quoted, advice)
	case status == http.StatusGone:
		e.Kind = KindExpired
		e.Msg = fmt.Sprintf("%s: gone (410): the logs or artifact have expired or were deleted; %s. Re-run the workflow to produce new ones", what, RetentionNote)
	case status >= 500:
		e.Kind = KindServer
		e.Msg = fmt.Sprintf("%s: GitHub answered %s after %d retries%s: GitHub may be having trouble (https://www.githubstatus.com); try again in a few minutes", what, statusText(hr), c.retries, quoted)
	default:
		e.Kind = KindOther
		e.Msg = fmt.Sprintf("%s: unexpected answer %s%s", what, statusText(hr), quoted)
	}
	return e
}

func statusText(hr *http.Response) string {
	if hr.Status != "" {
		if strings.HasPrefix(hr.Status, strconv.Itoa(hr.StatusCode)) {
			return hr.Status
		}
		return strconv.Itoa(hr.StatusCode) + " " + hr.Status
	}
	return fmt.Sprintf("%d %s", hr.StatusCode, http.StatusText(hr.StatusCode))
}

// errorMessage is GitHub's message for an error response: from go-github's error when it parsed
// one, else from the body our transport kept.
func errorMessage(hr *http.Response, err error) string {
	var er *github.ErrorResponse
	var rl *github.RateLimitError
	var ab *github.AbuseRateLimitError
	switch {
	case errors.As(err, &er) && er.Message != "":
		return er.Message
	case errors.As(err, &rl) && rl.Message != "":
		return rl.Message
	case errors.As(err, &ab) && ab.Message != "":
		return ab.Message
	}
	var body struct {
		Message string `json:"message"`
	}
	if b := keptBody(hr); len(b) > 0 && json.Unmarshal(b, &body) == nil {
		return body.Message
	}
	return ""
}

// isSecondary reports whether a 403 or 429 is GitHub's secondary rate limit: a Retry-After header,
// or a message or documentation URL that says so.
func isSecondary(hr *http.Response, msg string) bool {
	if hr.Header.Get("Retry-After") != "" {
		return true
	}
	if msg == "" {
		msg = string(keptBody(hr))
	}
	m := strings.ToLower(msg)
	return strings.Contains(m, "secondary rate limit") || strings.Contains(m, "secondary-rate-limits") ||
		strings.Contains(m, "abuse") || strings.Contains(string(keptBody(hr)), "secondary-rate-limits")
}

// rateReset reads X-RateLimit-Reset (epoch seconds).
func rateReset(hr *http.Response) time.Time {
	n, err := strconv.ParseInt(hr.Header.Get("X-RateLimit-Reset"), 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}
	}
	return time.Unix(n, 0)
}
