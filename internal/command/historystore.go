package command

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ctlog-dev/ctlog/internal/ghrun"
	"github.com/ctlog-dev/ctlog/internal/history"
	"github.com/ctlog-dev/ctlog/internal/sanitize"
	"github.com/ctlog-dev/ctlog/internal/summary"
)

// RecordOptions say whether and where a command records its run in the history store.
type RecordOptions struct {
	Record  bool   // store the run (--record)
	History string // the store file (--history); "" is the repository's store in the cache directory
	// As is the run's identity and metadata when the caller knows them (ctlog gh); nil: from the
	// GitHub Actions environment, else the inputs' digest and the git checkout.
	As *history.Run
	// WorkDir is where to look for the git checkout ("" = the working directory).
	WorkDir string
	Now     func() time.Time
}

// historyPath is the store a command uses: file when given, else
// <cache dir>/history/<host_owner_repo>.db (the cache dir is $CTLOG_CACHE_DIR, else ctlog in the
// user cache directory), "local.db" when the repository is unknown.
func historyPath(ios IOStreams, file string, repo ghrun.Locator) (string, error) {
	if file != "" {
		return file, nil
	}
	dir := ""
	if ios.Getenv != nil {
		dir = ios.Getenv("CTLOG_CACHE_DIR")
	}
	if dir == "" {
		var err error
		if dir, err = ghrun.DefaultCacheDir(); err != nil {
			return "", fmt.Errorf("find the history store: %w (name one with --history FILE)", err)
		}
	}
	key := "local"
	if repo.Owner != "" {
		key = repoKey(repo)
	}
	return filepath.Join(dir, "history", key+".db"), nil
}

// repoKey is a file name for a repository: host_owner_repo, lower-cased, other characters as _.
func repoKey(repo ghrun.Locator) string {
	host := repo.Host
	if host == "" {
		host = "github.com"
	}
	s := strings.ToLower(host + "_" + repo.Owner + "_" + repo.Repo)
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, s)
}

// historyRepo is the repository a history command is about: --repo, else $GITHUB_REPOSITORY in
// GitHub Actions, else the git checkout's remote; the zero Locator when none is known.
func historyRepo(ios IOStreams, repo, hostname, workDir string) (ghrun.Locator, *ghrun.Checkout, error) {
	if repo != "" {
		loc, err := ghrun.ParseRepo(repo, hostname)
		return loc, nil, err
	}
	if ios.Getenv != nil {
		if r := ios.Getenv("GITHUB_REPOSITORY"); r != "" {
			host := strings.TrimPrefix(strings.TrimPrefix(ios.Getenv("GITHUB_SERVER_URL"), "https://"), "http://")
			if host == "github.com" {
				host = ""
			}
			loc, err := ghrun.ParseRepo(r, host)
			return loc, nil, err
		}
	}
	if workDir == "" {
		workDir, _ = os.Getwd()
	}
	co, err := ghrun.FindCheckout(workDir)
	if err != nil || co == nil {
		return ghrun.Locator{}, co, nil // a checkout without a GitHub remote still gives a branch
	}
	return co.Repo, co, nil
}

// ghIdentity is the identity of a GitHub Actions run attempt in the store, the same for `ctlog gh`
// and for `ctlog summarize --record` inside that run.
func ghIdentity(loc ghrun.Locator, run int64, attempt int) string {
	host := loc.Host
	if host == "" {
		host = "github.com"
	}
	return strings.ToLower(fmt.Sprintf("%s/%s/%s", host, loc.Owner, loc.Repo)) + fmt.Sprintf("/%d/%d", run, attempt)
}

// summarizeRun is the run `ctlog summarize --record` stores: in GitHub Actions, the workflow run
// attempt it is part of; elsewhere, the inputs by their digest, with the checkout's branch and commit.
func summarizeRun(opts SummarizeOptions, digest string) (*history.Run, ghrun.Locator, error) {
	ro := opts.RecordOptions
	now := time.Now
	if ro.Now != nil {
		now = ro.Now
	}
	if ro.As != nil {
		r := *ro.As
		loc, _ := ghrun.ParseRepo(r.Repo, "")
		if h, _, ok := strings.Cut(r.Identity, "/"); ok && h != "github.com" {
			loc.Host = h
		}
		return &r, loc, nil
	}
	getenv := func(string) string { return "" }
	if opts.IO.Getenv != nil {
		getenv = opts.IO.Getenv
	}
	loc, co, err := historyRepo(opts.IO, "", "", ro.WorkDir)
	if err != nil {
		return nil, loc, fmt.Errorf("--record: %w", err)
	}
	r := &history.Run{Identity: "sha256:" + digest, Repo: loc.RepoName(), Time: now().UTC()}
	if loc.Owner == "" {
		r.Repo = ""
	}
	if id := getenv("GITHUB_RUN_ID"); getenv("GITHUB_ACTIONS") == "true" && id != "" && loc.Owner != "" {
		var run int64
		attempt := 1
		fmt.Sscan(id, &run)
		fmt.Sscan(getenv("GITHUB_RUN_ATTEMPT"), &attempt)
		r.Identity = ghIdentity(loc, run, attempt)
		r.Commit, r.Workflow = getenv("GITHUB_SHA"), getenv("GITHUB_WORKFLOW")
		r.Branch = getenv("GITHUB_HEAD_REF")
		if r.Branch == "" {
			r.Branch = getenv("GITHUB_REF_NAME")
		}
		if s := getenv("GITHUB_SERVER_URL"); s != "" {
			r.URL = fmt.Sprintf("%s/%s/actions/runs/%d", s, getenv("GITHUB_REPOSITORY"), run)
		}
		return r, loc, nil
	}
	if co != nil {
		r.Branch, r.Commit = co.Branch, co.Commit
	}
	return r, loc, nil
}

// startDigest starts hashing the input files beside the pipeline's read (the files are in the page
// cache by the time both run) and returns the function that waits for it. The digest identifies the
// inputs by their bytes: for one file, its SHA-256 (what sha256sum prints); for a directory, the
// hash of its files' names and bytes; for standard input, the hash of what was read (stdin); for
// several inputs, the hash of their hashes in order.
func startDigest(inputs []string) func(stdin hash.Hash) (string, error) {
	sums := make([][]byte, len(inputs))
	done := make(chan error, 1)
	go func() {
		for i, p := range inputs {
			if p == "-" {
				continue
			}
			sum, err := digestPath(p)
			if err != nil {
				done <- fmt.Errorf("--record: digest %s: %w", p, err)
				return
			}
			sums[i] = sum
		}
		done <- nil
	}()
	return func(stdin hash.Hash) (string, error) {
		if err := <-done; err != nil {
			return "", err
		}
		for i, p := range inputs {
			if p == "-" && stdin != nil {
				sums[i] = stdin.Sum(nil)
			}
		}
		if len(sums) == 1 {
			return hex.EncodeToString(sums[0]), nil
		}
		h := sha256.New()
		for _, s := range sums {
			h.Write(s)
		}
		return hex.EncodeToString(h.Sum(nil)), nil
	}
}

// digestPath hashes a file's bytes, or a directory's files' names and bytes.
func digestPath(p string) ([]byte, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	if !fi.IsDir() {
		err = hashFile(h, p)
	} else {
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(p, path)
			fmt.Fprintf(h, "%s\x00", filepath.ToSlash(rel))
			return hashFile(h, path)
		})
	}
	return h.Sum(nil), err
}

func hashFile(h hash.Hash, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(h, f)
	return err
}

// pendingRecord is the run summarize records once its reports are written, and the store it goes to.
type pendingRecord struct {
	run  *history.Run
	path string
}

// prepareRecord works out the run's identity, metadata and store; the inputs are read by now, so
// standard input's digest is known.
func prepareRecord(opts SummarizeOptions, digest func(hash.Hash) (string, error), stdin hash.Hash) (*pendingRecord, error) {
	sum := ""
	if opts.As == nil {
		var err error
		if sum, err = digest(stdin); err != nil {
			return nil, err
		}
	}
	run, loc, err := summarizeRun(opts, sum)
	if err != nil {
		return nil, err
	}
	path, err := historyPath(opts.IO, opts.History, loc)
	if err != nil {
		return nil, err
	}
	return &pendingRecord{run: run, path: path}, nil
}

// save stores the document's run and says so on standard error.
func (p *pendingRecord) save(ios IOStreams, doc *summary.Document) error {
	run := p.run
	run.FromDocument(doc)
	ctx := context.Background()
	st, err := history.Open(ctx, p.path)
	if err != nil {
		return err
	}
	defer st.Close()
	added, err := st.Record(ctx, run)
	if err != nil {
		return err
	}
	if added {
		fmt.Fprintf(ios.ErrOut, "ctlog: recorded %s (%s) in %s\n", sanitize.Line(run.Identity), ghCount(len(run.Groups), "failure group"), sanitize.Line(p.path))
	} else {
		fmt.Fprintf(ios.ErrOut, "ctlog: %s is already recorded in %s\n", sanitize.Line(run.Identity), sanitize.Line(p.path))
	}
	return nil
}

// badgeWindow is the number of past runs summarize's history badges count over.
const badgeWindow = 15

// summarizeStore is the history store summarize reads for its badges and --fail-on new: --history,
// or the repository's store when it exists; "" when there is none. Only then is SQLite touched.
func summarizeStore(opts SummarizeOptions, rec *pendingRecord) string {
	path := opts.History
	switch {
	case rec != nil:
		path = rec.path
	case path == "":
		loc, _, err := historyRepo(opts.IO, "", "", opts.WorkDir)
		if err != nil {
			return ""
		}
		if path, err = historyPath(opts.IO, "", loc); err != nil {
			return ""
		}
	}
	if _, err := os.Stat(path); err != nil {
		return ""
	}
	return path
}

// applyHistory badges the document's groups with what the store at path says of them, leaving out
// the stored run skip (this run, when recorded before). With markNew, groups of no stored run are
// marked new and counted in doc.NewGroups, as a baseline would.
func applyHistory(path string, doc *summary.Document, skip string, markNew bool) error {
	ctx := context.Background()
	st, err := history.OpenExisting(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	d, err := st.Load(ctx, history.Filter{})
	if err != nil {
		return err
	}
	b := history.NewBadger(d, skip, badgeWindow)
	doc.NewGroups = 0
	for _, in := range doc.Inputs {
		for _, r := range in.Runs {
			for _, g := range r.Groups {
				key := history.KeyOf(g)
				badge, known := b.Badge(key)
				g.History, g.Timeline = badge, b.Timeline(key)
				if badge != "" && g.Timeline == nil {
					g.Timeline = make([]bool, b.Runs())
				}
				if markNew {
					isNew := !known
					g.New = &isNew
					if isNew {
						doc.NewGroups++
					}
				}
			}
		}
	}
	return nil
}
