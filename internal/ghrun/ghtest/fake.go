// Package ghtest is a fake GitHub for tests: an httptest API host whose answers follow GitHub's
// REST responses, and a second httptest host standing for the storage that log and artifact
// downloads are redirected to (signed URLs). Any request no test registered fails the test.
package ghtest

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// Request is one request a fake host received.
type Request struct {
	Host          string // "api" or "storage"
	Method        string
	Path          string
	Query         string
	Authorization string
}

// Fake is a fake GitHub API host plus a storage host for signed URLs.
type Fake struct {
	t       testing.TB
	API     *httptest.Server
	Storage *httptest.Server
	// Prefix is the API root path: "" for github.com's layout, "/api/v3" for GitHub Enterprise.
	Prefix string
	// Token is the token the API must receive ("" : no Authorization header at all).
	Token string

	mu       sync.Mutex
	api      map[string]http.HandlerFunc // "GET /repos/o/r/actions/runs/1"
	blobs    map[string]http.HandlerFunc // "/blob/NAME"
	requests []Request
}

// New starts a fake GitHub; both hosts close when the test ends.
func New(t testing.TB) *Fake {
	f := &Fake{t: t, api: map[string]http.HandlerFunc{}, blobs: map[string]http.HandlerFunc{}}
	f.API = httptest.NewServer(http.HandlerFunc(f.serveAPI))
	f.Storage = httptest.NewServer(http.HandlerFunc(f.serveStorage))
	t.Cleanup(f.API.Close)
	t.Cleanup(f.Storage.Close)
	return f
}

// BaseURL is the API root to give the client (with the trailing slash go-github wants).
func (f *Fake) BaseURL() string { return f.API.URL + f.Prefix + "/" }

func (f *Fake) record(host string, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, Request{Host: host, Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Authorization: r.Header.Get("Authorization")})
}

func (f *Fake) serveAPI(w http.ResponseWriter, r *http.Request) {
	f.record("api", r)
	want := ""
	if f.Token != "" {
		want = "Bearer " + f.Token
	}
	if got := r.Header.Get("Authorization"); got != want {
		f.t.Errorf("fake API: %s %s: Authorization %q, want %q", r.Method, r.URL.Path, redact(got, f.Token), redact(want, f.Token))
	}
	p := strings.TrimPrefix(r.URL.Path, f.Prefix)
	f.mu.Lock()
	h := f.api[r.Method+" "+p]
	f.mu.Unlock()
	if h == nil {
		f.t.Errorf("fake API: unexpected request %s %s?%s", r.Method, r.URL.Path, r.URL.RawQuery)
		WriteError(w, 404, nil, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest","status":"404"}`)
		return
	}
	w.Header().Set("X-GitHub-Api-Version-Selected", "2022-11-28")
	h(w, r)
}

func redact(s, tok string) string {
	if tok == "" {
		return s
	}
	return strings.ReplaceAll(s, tok, "<token>")
}

func (f *Fake) serveStorage(w http.ResponseWriter, r *http.Request) {
	f.record("storage", r)
	if a := r.Header.Get("Authorization"); a != "" {
		f.t.Errorf("fake storage: %s %s received an Authorization header; signed URLs must be fetched without it", r.Method, r.URL.Path)
	}
	if r.URL.Query().Get("sig") == "" {
		f.t.Errorf("fake storage: %s %s without its signature query", r.Method, r.URL.Path)
	}
	f.mu.Lock()
	h := f.blobs[r.URL.Path]
	f.mu.Unlock()
	if h == nil {
		f.t.Errorf("fake storage: unexpected request %s %s", r.Method, r.URL.Path)
		http.Error(w, "BlobNotFound", http.StatusNotFound)
		return
	}
	h(w, r)
}

// Handle serves route ("GET /repos/o/r/actions/runs/1", a path under the API root) with h.
func (f *Fake) Handle(route string, h http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.api[route] = h
}

// JSON serves route with a 200 and body.
func (f *Fake) JSON(route string, body []byte) {
	f.Handle(route, func(w http.ResponseWriter, r *http.Request) { WriteJSON(w, 200, nil, body) })
}

// Pages serves route as a paginated list: page N (the page query parameter, 1 when absent) is
// pages[N-1], with Link headers (next, last, prev, first) as GitHub sends them.
func (f *Fake) Pages(route string, pages ...[]byte) {
	f.Handle(route, func(w http.ResponseWriter, r *http.Request) {
		n := 1
		if p := r.URL.Query().Get("page"); p != "" {
			fmt.Sscan(p, &n)
		}
		if n < 1 || n > len(pages) {
			f.t.Errorf("fake API: %s asks for page %d of %d", r.URL.Path, n, len(pages))
			n = 1
		}
		link := func(page int, rel string) string {
			q := r.URL.Query()
			q.Set("page", fmt.Sprint(page))
			return fmt.Sprintf(`<%s%s?%s>; rel="%s"`, f.API.URL, r.URL.Path, q.Encode(), rel)
		}
		var links []string
		if n > 1 {
			links = append(links, link(n-1, "prev"))
		}
		if n < len(pages) {
			links = append(links, link(n+1, "next"), link(len(pages), "last"))
		}
		if n > 1 {
			links = append(links, link(1, "first"))
		}
		h := http.Header{}
		if len(links) > 0 {
			h.Set("Link", strings.Join(links, ", "))
		}
		WriteJSON(w, 200, h, pages[n-1])
	})
}

// Redirect answers route with a bare 302 to the signed URL of blob name on the storage host, as
// the log and artifact endpoints do; go-github never follows it.
func (f *Fake) Redirect(route, name string) {
	f.Handle(route, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", f.SignedURL(name))
		w.WriteHeader(http.StatusFound)
	})
}

// SignedURL is the storage URL of blob name, with a signature query like the real ones.
func (f *Fake) SignedURL(name string) string {
	return f.Storage.URL + "/blob/" + name + "?urlExpires=2030-01-22T22%3A44%3A54.1389777Z&urlSigningMethod=HMACV1&sig=2TUDfIg4fm36OJmfPy6km5QD5DLCOkBVzvhWZM8B%2BUY%3D"
}

// Blob serves data at the storage path of blob name.
func (f *Fake) Blob(name string, data []byte) {
	f.BlobFunc(name, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/zip")
		w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		w.Write(data)
	})
}

// BlobFunc serves the storage path of blob name with h.
func (f *Fake) BlobFunc(name string, h http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.blobs["/blob/"+name] = h
}

// Error answers route with a response descriptor ({status, headers, body}), as the corpus's and
// testdata/github's error-*.json files hold.
func (f *Fake) Error(route string, descriptor []byte) {
	var d struct {
		Status  int               `json:"status"`
		Headers map[string]string `json:"headers"`
		Body    json.RawMessage   `json:"body"`
	}
	if err := json.Unmarshal(descriptor, &d); err != nil {
		f.t.Fatalf("error descriptor: %v", err)
	}
	h := http.Header{}
	for k, v := range d.Headers {
		h.Set(k, v)
	}
	f.Handle(route, func(w http.ResponseWriter, r *http.Request) { WriteError(w, d.Status, h, string(d.Body)) })
}

// Requests returns what the hosts received so far.
func (f *Fake) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.requests...)
}

// Count is how many requests for path (on either host; path under the API root for the API) came.
func (f *Fake) Count(path string) int {
	n := 0
	for _, r := range f.Requests() {
		p := r.Path
		if r.Host == "api" {
			p = strings.TrimPrefix(p, f.Prefix)
		}
		if p == path {
			n++
		}
	}
	return n
}

// Reset forgets the requests received so far.
func (f *Fake) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = nil
}

// WriteJSON writes a JSON answer with GitHub's rate-limit headers.
func WriteJSON(w http.ResponseWriter, status int, h http.Header, body []byte) {
	for k, v := range h {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if w.Header().Get("X-RateLimit-Remaining") == "" {
		w.Header().Set("X-RateLimit-Limit", "5000")
		w.Header().Set("X-RateLimit-Remaining", "4999")
		w.Header().Set("X-RateLimit-Used", "1")
		w.Header().Set("X-RateLimit-Reset", "4102444800")
		w.Header().Set("X-RateLimit-Resource", "core")
	}
	w.WriteHeader(status)
	w.Write(body)
}

// WriteError writes an error answer.
func WriteError(w http.ResponseWriter, status int, h http.Header, body string) {
	for k, v := range h {
		w.Header()[k] = v
	}
	if body != "" && body != "null" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	}
	w.WriteHeader(status)
	if body != "null" {
		w.Write([]byte(body))
	}
}

// Testdata reads a file of testdata/github (the repository's fixtures modelled on GitHub's REST
// responses).
func Testdata(t testing.TB, name string) []byte {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	p := filepath.Join(filepath.Dir(file), "..", "..", "..", "testdata", "github", name)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Zip builds a zip archive of the given members, in order (name, content, name, content…).
func Zip(t testing.TB, members ...string) []byte {
	t.Helper()
	if len(members)%2 != 0 {
		t.Fatal("ghtest.Zip: members come in name, content pairs")
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < len(members); i += 2 {
		w, err := zw.Create(members[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(members[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// JobLog wraps plain output as a GitHub Actions job log: a byte-order mark, a timestamp on every
// line, the set-up lines, the step's ##[group]Run header, and the failure tail.
func JobLog(step, output string) string {
	var b strings.Builder
	b.WriteString("\ufeff")
	ts := func(i int) string {
		return fmt.Sprintf("2026-11-20T10:%02d:%02d.%07dZ ", i/60%60, i%60, i*1371%10000000)
	}
	i := 0
	line := func(s string) {
		b.WriteString(ts(i) + s + "\n")
		i++
	}
	line("Current runner version: '2.329.0'")
	line("##[group]Operating System")
	line("Ubuntu")
	line("24.04.1")
	line("##[endgroup]")
	line("##[group]Run " + step)
	line("\x1b[36;1m" + step + "\x1b[0m")
	line("shell: /usr/bin/bash -e {0}")
	line("##[endgroup]")
	for _, l := range strings.Split(strings.TrimRight(output, "\n"), "\n") {
		line(l)
	}
	line("##[error]Process completed with exit code 1.")
	line("Post job cleanup.")
	line("Cleaning up orphan processes")
	return b.String()
}
