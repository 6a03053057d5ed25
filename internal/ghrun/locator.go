// Package ghrun finds, downloads and caches GitHub Actions workflow runs — their job logs and
// artifacts — for ctlog to read: run locators parsed from browser URLs, a client built on
// google/go-github with bounded retries and actionable errors, atomic downloads of the signed URLs
// GitHub redirects to, and a cache keyed by host/owner/repo/run/attempt.
package ghrun

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// DefaultHost is the host of github.com; any other host is a GitHub Enterprise Server.
const DefaultHost = "github.com"

// Locator names a workflow run, and optionally one attempt of it or one job in it.
type Locator struct {
	Host    string // "github.com" or a GitHub Enterprise host ("ghe.example.com", "ghe.example.com:8443")
	Owner   string
	Repo    string
	RunID   int64
	Attempt int   // 0: the latest attempt
	JobID   int64 // 0: every job of the run
	PR      int   // a pull request whose head commit's latest failed run is meant (RunID 0)
}

// RepoName is "OWNER/REPO", with "HOST/" before it when the host is not github.com.
func (l Locator) RepoName() string {
	if l.Host != "" && l.Host != DefaultHost {
		return l.Host + "/" + l.Owner + "/" + l.Repo
	}
	return l.Owner + "/" + l.Repo
}

// String names the run as a person would: "octo-org/octo-repo run 30433642 attempt 2 job 399444496".
func (l Locator) String() string {
	s := l.RepoName() + " run " + strconv.FormatInt(l.RunID, 10)
	if l.Attempt > 0 {
		s += " attempt " + strconv.Itoa(l.Attempt)
	}
	if l.JobID > 0 {
		s += " job " + strconv.FormatInt(l.JobID, 10)
	}
	return s
}

// WebURL is the run's page in the browser.
func (l Locator) WebURL() string {
	host := l.Host
	if host == "" {
		host = DefaultHost
	}
	u := fmt.Sprintf("https://%s/%s/%s/actions/runs/%d", host, l.Owner, l.Repo, l.RunID)
	if l.Attempt > 0 {
		u += "/attempts/" + strconv.Itoa(l.Attempt)
	}
	if l.JobID > 0 {
		u += "/job/" + strconv.FormatInt(l.JobID, 10)
	}
	return u
}

var (
	namePart = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
	hostPart = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?$`)
)

// validName reports whether s can be a GitHub owner or repository name (and so a safe cache path
// element).
func validName(s string) bool { return namePart.MatchString(s) && s != "." && s != ".." }

// validHost reports whether s is a host name, with an optional port.
func validHost(s string) bool { return hostPart.MatchString(s) }

const urlForms = "a run URL as the browser shows it: https://github.com/OWNER/REPO/actions/runs/ID (optionally followed by /attempts/N or /job/ID), or a pull request's: https://github.com/OWNER/REPO/pull/N"

// ParseURL reads a run locator from a URL pasted from the browser:
//
//	https://github.com/OWNER/REPO/actions/runs/ID
//	https://github.com/OWNER/REPO/actions/runs/ID/attempts/N
//	https://github.com/OWNER/REPO/actions/runs/ID/job/JOB_ID   (also /jobs/JOB_ID, /attempts/N/job/JOB_ID)
//	https://ghe.example.com/OWNER/REPO/actions/runs/ID          (GitHub Enterprise Server)
//	https://github.com/OWNER/REPO/pull/N                        (the PR head commit's latest failed run)
//
// The scheme may be left out; a query ("?pr=12", "?check_suite_focus=true"), a fragment
// ("#step:5:12") and a trailing "/workflow" or "/usage" are ignored. API URLs
// (https://api.github.com/repos/OWNER/REPO/actions/runs/ID, https://HOST/api/v3/repos/…) are read
// too.
func ParseURL(raw string) (Locator, error) {
	s := strings.TrimSpace(raw)
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return Locator{}, fmt.Errorf("%q is not a URL; give %s", raw, urlForms)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return Locator{}, fmt.Errorf("%q: only http and https URLs name a run; give %s", raw, urlForms)
	}
	host := strings.ToLower(u.Host)
	if !validHost(host) {
		return Locator{}, fmt.Errorf("%q: %q is not a host name", raw, u.Host)
	}
	parts := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
	// API URLs: api.github.com/repos/O/R/…, HOST/api/v3/repos/O/R/….
	switch {
	case host == "api.github.com" && len(parts) > 0 && parts[0] == "repos":
		host, parts = DefaultHost, parts[1:]
	case len(parts) > 2 && parts[0] == "api" && parts[1] == "v3" && parts[2] == "repos":
		parts = parts[3:]
	}
	if host == "www.github.com" {
		host = DefaultHost
	}
	bad := func(why string) (Locator, error) {
		return Locator{}, fmt.Errorf("%q is not a workflow run URL (%s); give %s", raw, why, urlForms)
	}
	if len(parts) >= 4 && parts[2] == "pull" {
		// A pull request: its head commit's latest failed run, found through the API.
		loc := Locator{Host: host, Owner: parts[0], Repo: parts[1]}
		if !validName(loc.Owner) || !validName(loc.Repo) {
			return bad("the owner or repository name has characters GitHub does not allow")
		}
		n, err := positive(parts[3])
		if err != nil || n > 1<<31-1 {
			return bad("the pull request number " + strconv.Quote(parts[3]) + " is not a number")
		}
		loc.PR = int(n)
		return loc, nil
	}
	if len(parts) < 4 || parts[2] != "actions" || parts[3] != "runs" {
		if len(parts) >= 3 && parts[2] == "actions" {
			return bad("it names no run: open the run in the browser and copy that URL, or use --workflow for the latest failed run")
		}
		return bad("the path does not have the form /OWNER/REPO/actions/runs/ID")
	}
	loc := Locator{Host: host, Owner: parts[0], Repo: parts[1]}
	if !validName(loc.Owner) || !validName(loc.Repo) {
		return bad("the owner or repository name has characters GitHub does not allow")
	}
	if len(parts) < 5 {
		return bad("the run ID is missing")
	}
	if loc.RunID, err = positive(parts[4]); err != nil {
		return bad("the run ID " + strconv.Quote(parts[4]) + " is not a number")
	}
	rest := parts[5:]
	for len(rest) > 0 {
		switch rest[0] {
		case "attempts":
			if len(rest) < 2 {
				return bad("the attempt number is missing after /attempts")
			}
			n, err := positive(rest[1])
			if err != nil || n > 1<<20 {
				return bad("the attempt " + strconv.Quote(rest[1]) + " is not a number")
			}
			loc.Attempt, rest = int(n), rest[2:]
		case "job", "jobs":
			if len(rest) < 2 {
				return bad("the job ID is missing after /" + rest[0])
			}
			if loc.JobID, err = positive(rest[1]); err != nil {
				return bad("the job ID " + strconv.Quote(rest[1]) + " is not a number")
			}
			rest = rest[2:]
		case "workflow", "usage", "logs", "artifacts":
			rest = rest[1:]
		default:
			return bad("unexpected " + strconv.Quote("/"+rest[0]) + " after the run ID")
		}
	}
	return loc, nil
}

// ParseRepo reads "[HOST/]OWNER/REPO" (as --repo takes it; a URL of the repository works too). host is
// used when the value names none; "" means github.com.
func ParseRepo(s, host string) (Locator, error) {
	v := strings.TrimSuffix(strings.TrimSpace(s), "/")
	if strings.Contains(v, "://") {
		u, err := url.Parse(v)
		if err != nil {
			return Locator{}, fmt.Errorf("--repo %q: %v", s, err)
		}
		v = u.Host + u.Path
	}
	v = strings.TrimSuffix(v, ".git")
	parts := strings.Split(v, "/")
	loc := Locator{Host: strings.ToLower(host)}
	switch len(parts) {
	case 2:
		loc.Owner, loc.Repo = parts[0], parts[1]
	case 3:
		loc.Host, loc.Owner, loc.Repo = strings.ToLower(parts[0]), parts[1], parts[2]
	default:
		return Locator{}, fmt.Errorf("--repo %q: want OWNER/REPO or HOST/OWNER/REPO", s)
	}
	if loc.Host == "" || loc.Host == "www.github.com" {
		loc.Host = DefaultHost
	}
	if !validHost(loc.Host) {
		return Locator{}, fmt.Errorf("--repo %q: %q is not a host name", s, loc.Host)
	}
	if !validName(loc.Owner) || !validName(loc.Repo) {
		return Locator{}, fmt.Errorf("--repo %q: want OWNER/REPO with letters, digits, '.', '-' or '_'", s)
	}
	return loc, nil
}

func positive(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err == nil && n <= 0 {
		err = fmt.Errorf("%d is not positive", n)
	}
	return n, err
}

// APIBaseURL is the REST API root of a host: https://api.github.com/ for github.com, and
// https://HOST/api/v3/ for GitHub Enterprise Server.
func APIBaseURL(host string) string {
	if host == "" || host == DefaultHost {
		return "https://api.github.com/"
	}
	return "https://" + host + "/api/v3/"
}
