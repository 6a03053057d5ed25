package ghrun

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Cache holds downloaded runs under Dir, one directory per run attempt:
//
//	Dir/HOST/OWNER/REPO/RUN_ID/ATTEMPT/
//	    run.json                 what GitHub said about the run, its jobs and artifacts
//	    logs.zip                 the run's (or attempt's) log archive
//	    jobs/JOB_ID.txt          single job logs (a job URL, or a job missing from logs.zip)
//	    artifacts/ID.zip         artifacts
//	    inputs/SELECTION.zip     what ctlog reads: the selected job logs and artifacts in one archive
//
// Every file appears by an atomic rename once complete, so a file that exists is whole; a
// completed run never changes, so what is cached is reused as it is.
type Cache struct {
	Dir string
}

// MetaFile is the name of the run description in a cache entry.
const MetaFile = "run.json"

// DefaultCacheDir is ctlog's directory in the user cache directory (~/.cache/ctlog on Linux,
// ~/Library/Caches/ctlog on macOS, %LocalAppData%\ctlog on Windows).
func DefaultCacheDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no user cache directory (%v); set CTLOG_CACHE_DIR", err)
	}
	return filepath.Join(d, "ctlog"), nil
}

// hostKey is a host as a directory name (a port's colon is not allowed on every file system).
func hostKey(host string) string {
	if host == "" {
		host = DefaultHost
	}
	return strings.ReplaceAll(strings.ToLower(host), ":", "_")
}

// RepoDir is the directory of one repository's runs.
func (c Cache) RepoDir(loc Locator) string {
	return filepath.Join(c.Dir, hostKey(loc.Host), strings.ToLower(loc.Owner), strings.ToLower(loc.Repo))
}

// RunDir is the directory of one attempt of a run.
func (c Cache) RunDir(loc Locator, attempt int) string {
	return filepath.Join(c.RepoDir(loc), strconv.FormatInt(loc.RunID, 10), strconv.Itoa(attempt))
}

// Attempts lists the cached attempts of a run, lowest first.
func (c Cache) Attempts(loc Locator) []int {
	ents, err := os.ReadDir(filepath.Join(c.RepoDir(loc), strconv.FormatInt(loc.RunID, 10)))
	if err != nil {
		return nil
	}
	var out []int
	for _, e := range ents {
		n, err := strconv.Atoi(e.Name())
		if err != nil || n <= 0 || !e.IsDir() {
			continue
		}
		if _, err := os.Stat(filepath.Join(c.RunDir(loc, n), MetaFile)); err == nil {
			out = append(out, n)
		}
	}
	sort.Ints(out)
	return out
}

// Meta is what ctlog keeps of a run attempt: the run, its jobs and its artifacts.
type Meta struct {
	Host            string         `json:"host"`
	Owner           string         `json:"owner"`
	Repo            string         `json:"repo"`
	RunID           int64          `json:"run_id"`
	Attempt         int            `json:"attempt"`
	Workflow        string         `json:"workflow,omitempty"`
	Title           string         `json:"title,omitempty"`
	Branch          string         `json:"branch,omitempty"`
	Event           string         `json:"event,omitempty"`
	Status          string         `json:"status,omitempty"`
	Conclusion      string         `json:"conclusion,omitempty"`
	URL             string         `json:"url,omitempty"`
	Commit          string         `json:"commit,omitempty"` // the head commit the run tested
	Created         time.Time      `json:"created,omitzero"` // when the run was created
	JobsListed      bool           `json:"jobs_listed,omitempty"`
	Jobs            []JobInfo      `json:"jobs,omitempty"`
	ArtifactsListed bool           `json:"artifacts_listed,omitempty"`
	Artifacts       []ArtifactInfo `json:"artifacts,omitempty"`
	Fetched         time.Time      `json:"fetched"`
}

// JobInfo is one job of a run.
type JobInfo struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Status     string `json:"status,omitempty"`
	Conclusion string `json:"conclusion,omitempty"`
}

// Failed reports whether the job failed (failure, timed_out or startup_failure).
func (j JobInfo) Failed() bool {
	switch j.Conclusion {
	case "failure", "timed_out", "startup_failure":
		return true
	}
	return false
}

// ArtifactInfo is one artifact of a run.
type ArtifactInfo struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Size      int64     `json:"size"`
	Expired   bool      `json:"expired,omitempty"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
}

// Locator is the run attempt the entry holds.
func (m *Meta) Locator() Locator {
	return Locator{Host: m.Host, Owner: m.Owner, Repo: m.Repo, RunID: m.RunID, Attempt: m.Attempt}
}

// ReadMeta reads the run.json of a cache entry.
func ReadMeta(dir string) (*Meta, error) {
	b, err := os.ReadFile(filepath.Join(dir, MetaFile))
	if err != nil {
		return nil, err
	}
	var m Meta
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w (remove it with 'ctlog gh cache clean')", filepath.Join(dir, MetaFile), err)
	}
	return &m, nil
}

// WriteMeta writes run.json atomically.
func WriteMeta(dir string, m *Meta) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, MetaFile), append(b, '\n'))
}

// writeFileAtomic writes data to a temporary file beside path and renames it over path.
func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".part-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// Entry is one cached run attempt.
type Entry struct {
	Dir   string
	Meta  *Meta // nil when run.json is missing or unreadable
	Size  int64 // bytes of every file in Dir
	Files int
	Mod   time.Time // the newest file's modification time
}

// List returns every cached run attempt, newest first.
func (c Cache) List() ([]Entry, error) {
	var out []Entry
	err := c.eachEntry(func(dir string) {
		e := Entry{Dir: dir}
		e.Meta, _ = ReadMeta(dir)
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				if fi, err := d.Info(); err == nil {
					e.Size += fi.Size()
					e.Files++
					if fi.ModTime().After(e.Mod) {
						e.Mod = fi.ModTime()
					}
				}
			}
			return nil
		})
		out = append(out, e)
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Mod.After(out[j].Mod) })
	return out, err
}

// eachEntry calls fn for every directory at the depth of a run attempt (HOST/OWNER/REPO/RUN/ATTEMPT)
// whose run and attempt are numbers.
func (c Cache) eachEntry(fn func(dir string)) error {
	hosts, err := os.ReadDir(c.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, h := range hosts {
		for _, o := range subdirs(filepath.Join(c.Dir, h.Name()), h) {
			for _, r := range subdirs(o.path, o.DirEntry) {
				for _, run := range subdirs(r.path, r.DirEntry) {
					if _, err := strconv.ParseInt(run.Name(), 10, 64); err != nil {
						continue
					}
					for _, a := range subdirs(run.path, run.DirEntry) {
						if _, err := strconv.Atoi(a.Name()); err == nil {
							fn(a.path)
						}
					}
				}
			}
		}
	}
	return nil
}

type dirEntry struct {
	fs.DirEntry
	path string
}

func subdirs(dir string, d fs.DirEntry) []dirEntry {
	if !d.IsDir() {
		return nil
	}
	ents, _ := os.ReadDir(dir)
	var out []dirEntry
	for _, e := range ents {
		if e.IsDir() {
			out = append(out, dirEntry{e, filepath.Join(dir, e.Name())})
		}
	}
	return out
}

// Clean removes the cached run attempts keep does not keep (nil keep removes them all) and the
// directories left empty, and returns what it removed. Nothing outside the entries' directories is
// touched.
func (c Cache) Clean(remove func(Entry) bool) ([]Entry, error) {
	ents, err := c.List()
	if err != nil {
		return nil, err
	}
	var gone []Entry
	for _, e := range ents {
		if remove != nil && !remove(e) {
			continue
		}
		if err := os.RemoveAll(e.Dir); err != nil {
			return gone, err
		}
		gone = append(gone, e)
		// Prune RUN, REPO, OWNER and HOST directories left empty.
		for d, i := filepath.Dir(e.Dir), 0; i < 4; d, i = filepath.Dir(d), i+1 {
			if os.Remove(d) != nil {
				break
			}
		}
	}
	return gone, nil
}
