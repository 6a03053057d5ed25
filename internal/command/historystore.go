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

// inputDigest hashes the inputs in order: the bytes of each file, and of each file of a directory
// by name. Standard input is hashed as it is read (stdin).
func inputDigest(inputs []string, stdin hash.Hash) (string, error) {
	h := sha256.New()
	for _, p := range inputs {
		if p == "-" {
			if stdin != nil {
				h.Write(stdin.Sum(nil))
			}
			continue
		}
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			rel, _ := filepath.Rel(p, path)
			fmt.Fprintf(h, "%s\x00", filepath.ToSlash(rel))
			_, err = io.Copy(h, f)
			return err
		})
		if err != nil {
			return "", fmt.Errorf("--record: digest %s: %w", p, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// recordDoc stores the document's run in the history store and says so on standard error.
func recordDoc(opts SummarizeOptions, doc *summary.Document, stdin hash.Hash) error {
	digest := ""
	if opts.As == nil {
		var err error
		if digest, err = inputDigest(opts.Inputs, stdin); err != nil {
			return err
		}
	}
	run, loc, err := summarizeRun(opts, digest)
	if err != nil {
		return err
	}
	run.FromDocument(doc)
	path, err := historyPath(opts.IO, opts.History, loc)
	if err != nil {
		return err
	}
	ctx := context.Background()
	st, err := history.Open(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	added, err := st.Record(ctx, run)
	if err != nil {
		return err
	}
	if added {
		fmt.Fprintf(opts.IO.ErrOut, "ctlog: recorded %s (%s) in %s\n", sanitize.Line(run.Identity), ghCount(len(run.Groups), "failure group"), sanitize.Line(path))
	} else {
		fmt.Fprintf(opts.IO.ErrOut, "ctlog: %s is already recorded in %s\n", sanitize.Line(run.Identity), sanitize.Line(path))
	}
	return nil
}
