package history

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/summary"
)

// Run is one recorded CI run: where it came from and the failure groups it had.
type Run struct {
	Identity   string    // file digest (sha256:…) or HOST/OWNER/REPO/RUN/ATTEMPT; recording it twice changes nothing
	Repo       string    // OWNER/REPO, when known
	Commit     string    // the commit the run tested
	Branch     string    // its branch
	Workflow   string    // its workflow's name or file
	URL        string    // a link to the run
	Conclusion string    // GitHub's conclusion (success, failure), when known
	Time       time.Time // when the run happened
	Settings   string    // the first Schemathesis run's settings, as JSON
	STRuns     int       // Schemathesis runs found in its logs
	Complete   bool      // every input was read whole
	Errors     int       // Schemathesis errors (ERRORS entries)
	Groups     []Group
}

// Group is one failure group of a run.
type Group struct {
	Key       string // the group's identity across runs: a digest of classify.GroupKey
	Operation string
	Check     string
	Title     string
	Status    int
	Signature string // the root cause its members share
	Count     int
	Flaky     int
}

// Failures is the number of failing test cases across the run's groups.
func (r *Run) Failures() int {
	n := 0
	for _, g := range r.Groups {
		n += g.Count
	}
	return n
}

// ServerErrors is the number of the run's groups with a 5xx status.
func (r *Run) ServerErrors() int {
	n := 0
	for _, g := range r.Groups {
		if g.Status >= 500 {
			n++
		}
	}
	return n
}

// KeyOf is the store key of a failure group: the digest of the key diff and baselines match by.
func KeyOf(g *classify.Group) string {
	sum := sha256.Sum256([]byte(classify.GroupKey(g)))
	return hex.EncodeToString(sum[:8])
}

// FromDocument fills the run's groups, settings and counts from a summary document, which is already
// redacted. Groups with the same key in several inputs (two jobs of one run) are added up.
func (r *Run) FromDocument(doc *summary.Document) {
	byKey := map[string]int{}
	r.Complete = true
	for _, in := range doc.Inputs {
		if in.Error != "" && len(in.Runs) == 0 && in.Skipped == "" {
			r.Complete = false
		}
		for _, run := range in.Runs {
			r.STRuns++
			if !run.Integrity.ReadWhole() {
				r.Complete = false
			}
			if r.Settings == "" {
				if b, err := json.Marshal(run.Settings); err == nil {
					r.Settings = string(b)
				}
			}
			r.Errors += run.Totals.Errors
			for _, g := range run.Groups {
				k := KeyOf(g)
				if i, ok := byKey[k]; ok {
					r.Groups[i].Count += g.Count
					r.Groups[i].Flaky += g.Flaky
					continue
				}
				byKey[k] = len(r.Groups)
				r.Groups = append(r.Groups, Group{Key: k, Operation: g.Operation, Check: g.Check, Title: g.Title,
					Status: g.Status, Signature: g.Signature.Text, Count: g.Count, Flaky: g.Flaky})
			}
		}
	}
	if r.Settings == "" {
		r.Settings = "{}"
	}
}

// midWrite, when set (tests), is called inside Record's transaction once half the groups are written.
var midWrite func()

// Record stores a run and its groups in one transaction. It reports false, and changes nothing, when
// a run with the same identity is already stored.
func (s *Store) Record(ctx context.Context, r *Run) (bool, error) {
	if r.Identity == "" {
		return false, fmt.Errorf("record in %s: the run has no identity", s.Path)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("record in %s: %w", s.Path, err)
	}
	defer tx.Rollback()
	when := r.Time
	if when.IsZero() {
		when = time.Now()
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO runs (identity, repo, commit_sha, branch, workflow, url, conclusion,
		started_at, recorded_at, settings, st_runs, complete, group_count, failures, server_errors, errors)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (identity) DO NOTHING`,
		r.Identity, r.Repo, r.Commit, r.Branch, r.Workflow, r.URL, r.Conclusion, when.Unix(), time.Now().Unix(),
		r.Settings, r.STRuns, r.Complete, len(r.Groups), r.Failures(), r.ServerErrors(), r.Errors)
	if err != nil {
		return false, fmt.Errorf("record run %s in %s: %w", r.Identity, s.Path, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	runID, err := res.LastInsertId()
	if err != nil {
		return false, fmt.Errorf("record run %s in %s: %w", r.Identity, s.Path, err)
	}
	grp, err := tx.PrepareContext(ctx, `INSERT INTO failure_groups (key, operation, check_name, title, status, signature)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING id`)
	if err != nil {
		return false, fmt.Errorf("record in %s: %w", s.Path, err)
	}
	defer grp.Close()
	rg, err := tx.PrepareContext(ctx, `INSERT INTO run_groups (run_id, group_id, count, flaky) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return false, fmt.Errorf("record in %s: %w", s.Path, err)
	}
	defer rg.Close()
	groups := slices.Clone(r.Groups)
	slices.SortFunc(groups, func(a, b Group) int { return strings.Compare(a.Key, b.Key) })
	ids := make([]int64, len(groups))
	for i, g := range groups {
		if i == len(groups)/2 && midWrite != nil {
			midWrite()
		}
		if err := grp.QueryRowContext(ctx, g.Key, g.Operation, g.Check, g.Title, g.Status, g.Signature).Scan(&ids[i]); err != nil {
			return false, fmt.Errorf("record group %s of run %s in %s: %w", g.Key, r.Identity, s.Path, err)
		}
		if _, err := rg.ExecContext(ctx, runID, ids[i], g.Count, g.Flaky); err != nil {
			return false, fmt.Errorf("record group %s of run %s in %s: %w", g.Key, r.Identity, s.Path, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE runs SET packed = ? WHERE id = ?`, pack(ids, groups), runID); err != nil {
		return false, fmt.Errorf("record run %s in %s: %w", r.Identity, s.Path, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("record run %s in %s: %w", r.Identity, s.Path, err)
	}
	return true, nil
}
