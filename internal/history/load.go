package history

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Filter picks the runs a question is asked of.
type Filter struct {
	Branch   string // only runs of this branch ("" = all)
	Workflow string // only runs of this workflow ("" = all)
}

// RunInfo is a stored run without its groups.
type RunInfo struct {
	Identity     string    `json:"identity"`
	Repo         string    `json:"repo,omitempty"`
	Commit       string    `json:"commit,omitempty"`
	Branch       string    `json:"branch,omitempty"`
	Workflow     string    `json:"workflow,omitempty"`
	URL          string    `json:"url,omitempty"`
	Conclusion   string    `json:"conclusion,omitempty"`
	Time         time.Time `json:"time"`
	Recorded     time.Time `json:"recorded"`
	Settings     string    `json:"-"`
	STRuns       int       `json:"schemathesis_runs"`
	Complete     bool      `json:"complete"`
	Groups       int       `json:"groups"`
	Failures     int       `json:"failures"`
	ServerErrors int       `json:"server_error_groups"`
	Errors       int       `json:"errors"`

	id int64
}

// GroupInfo is a failure group as stored.
type GroupInfo struct {
	Key       string `json:"key"`
	Operation string `json:"operation"`
	Check     string `json:"check,omitempty"`
	Title     string `json:"title"`
	Status    int    `json:"status,omitempty"`
	Signature string `json:"signature,omitempty"`

	id int64
}

// Data is everything stored for the runs a filter picks, oldest run first.
type Data struct {
	Runs   []RunInfo
	Groups []GroupInfo
	// In[i] are the groups of Runs[i]: indices into Groups, with their counts.
	In [][]Presence
}

// Presence is a group in a run.
type Presence struct {
	Group int // index into Data.Groups
	Count int
	Flaky int
}

// Load reads the runs f picks with their groups, oldest first (by run time, then by recording order).
func (s *Store) Load(ctx context.Context, f Filter) (*Data, error) {
	var where []string
	var args []any
	if f.Branch != "" {
		where, args = append(where, "branch = ?"), append(args, f.Branch)
	}
	if f.Workflow != "" {
		where, args = append(where, "workflow = ?"), append(args, f.Workflow)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, identity, repo, commit_sha, branch, workflow, url, conclusion,
		started_at, recorded_at, settings, st_runs, complete, group_count, failures, server_errors, errors, packed
		FROM runs`+cond+` ORDER BY started_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", s.Path, err)
	}
	d := &Data{}
	pos := map[int64]int{}
	var packed [][]byte // nil for a run whose groups are not packed
	for rows.Next() {
		var r RunInfo
		var started, recorded int64
		var p []byte
		if err := rows.Scan(&r.id, &r.Identity, &r.Repo, &r.Commit, &r.Branch, &r.Workflow, &r.URL, &r.Conclusion,
			&started, &recorded, &r.Settings, &r.STRuns, &r.Complete, &r.Groups, &r.Failures, &r.ServerErrors, &r.Errors, &p); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read runs of %s: %w", s.Path, err)
		}
		r.Time, r.Recorded = time.Unix(started, 0).UTC(), time.Unix(recorded, 0).UTC()
		pos[r.id] = len(d.Runs)
		d.Runs = append(d.Runs, r)
		packed = append(packed, p)
	}
	if err := closeRows(rows); err != nil {
		return nil, fmt.Errorf("read runs of %s: %w", s.Path, err)
	}
	d.In = make([][]Presence, len(d.Runs))
	if len(d.Runs) == 0 {
		return d, nil
	}
	if rows, err = s.db.QueryContext(ctx, `SELECT id, key, operation, check_name, title, status, signature FROM failure_groups ORDER BY id`); err != nil {
		return nil, fmt.Errorf("read %s: %w", s.Path, err)
	}
	gpos := map[int64]int{}
	for rows.Next() {
		var g GroupInfo
		if err := rows.Scan(&g.id, &g.Key, &g.Operation, &g.Check, &g.Title, &g.Status, &g.Signature); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read groups of %s: %w", s.Path, err)
		}
		gpos[g.id] = len(d.Groups)
		d.Groups = append(d.Groups, g)
	}
	if err := closeRows(rows); err != nil {
		return nil, fmt.Errorf("read groups of %s: %w", s.Path, err)
	}
	unpacked := false
	for i, p := range packed {
		if p == nil {
			unpacked = true
			continue
		}
		err := unpack(p, func(gid int64, count, flaky int) error {
			gi, ok := gpos[gid]
			if !ok {
				return fmt.Errorf("names failure group %d, which the store lacks", gid)
			}
			d.In[i] = append(d.In[i], Presence{Group: gi, Count: count, Flaky: flaky})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read %s: run %s: %w", s.Path, d.Runs[i].Identity, err)
		}
	}
	if !unpacked {
		return d, nil
	}
	if rows, err = s.db.QueryContext(ctx, `SELECT run_id, group_id, count, flaky FROM run_groups`); err != nil {
		return nil, fmt.Errorf("read %s: %w", s.Path, err)
	}
	for rows.Next() {
		var rid, gid int64
		var p Presence
		if err := rows.Scan(&rid, &gid, &p.Count, &p.Flaky); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read run groups of %s: %w", s.Path, err)
		}
		i, ok := pos[rid]
		if !ok || packed[i] != nil {
			continue // a run the filter leaves out, or read from its packed groups
		}
		gi, ok := gpos[gid]
		if !ok {
			rows.Close()
			return nil, fmt.Errorf("read %s: run %s names failure group %d, which the store lacks", s.Path, d.Runs[i].Identity, gid)
		}
		p.Group = gi
		d.In[i] = append(d.In[i], p)
	}
	if err := closeRows(rows); err != nil {
		return nil, fmt.Errorf("read run groups of %s: %w", s.Path, err)
	}
	return d, nil
}

// closeRows closes rows and returns the error that ended the iteration, if any.
func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}
