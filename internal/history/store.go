// Package history keeps the failure groups of past runs in an embedded SQLite store, one file per
// repository, and answers questions across them: when a group started, with which commit, whether
// it comes and goes.
package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver; its init only registers the driver
)

// SchemaVersion is the version of the store's tables; Open migrates older stores up to it.
const SchemaVersion = 2

// migrations[i] takes a store from schema version i to i+1.
var migrations = []func(context.Context, *sql.Tx) error{
	execMigration(schemaV1),
	// Version 2: each run keeps its groups packed beside it (packed.go), so that reading 1,000 runs
	// reads 1,000 rows and not half a million; run_groups stays the relational form.
	func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `ALTER TABLE runs ADD COLUMN packed BLOB`); err != nil {
			return err
		}
		return packAll(ctx, tx)
	},
}

func execMigration(q string) func(context.Context, *sql.Tx) error {
	return func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, q)
		return err
	}
}

// schemaV1 is the first schema: runs, the failure groups ever seen, and which runs have which.
const schemaV1 = `CREATE TABLE runs (
		id            INTEGER PRIMARY KEY,
		identity      TEXT    NOT NULL UNIQUE,
		repo          TEXT    NOT NULL DEFAULT '',
		commit_sha    TEXT    NOT NULL DEFAULT '',
		branch        TEXT    NOT NULL DEFAULT '',
		workflow      TEXT    NOT NULL DEFAULT '',
		url           TEXT    NOT NULL DEFAULT '',
		conclusion    TEXT    NOT NULL DEFAULT '',
		started_at    INTEGER NOT NULL,
		recorded_at   INTEGER NOT NULL,
		settings      TEXT    NOT NULL DEFAULT '{}',
		st_runs       INTEGER NOT NULL,
		complete      INTEGER NOT NULL,
		group_count   INTEGER NOT NULL,
		failures      INTEGER NOT NULL,
		server_errors INTEGER NOT NULL,
		errors        INTEGER NOT NULL
	);
	CREATE INDEX runs_started ON runs(started_at, id);
	CREATE TABLE failure_groups (
		id         INTEGER PRIMARY KEY,
		key        TEXT    NOT NULL UNIQUE,
		operation  TEXT    NOT NULL,
		check_name TEXT    NOT NULL,
		title      TEXT    NOT NULL,
		status     INTEGER NOT NULL,
		signature  TEXT    NOT NULL
	);
	CREATE TABLE run_groups (
		run_id   INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
		group_id INTEGER NOT NULL REFERENCES failure_groups(id),
		count    INTEGER NOT NULL,
		flaky    INTEGER NOT NULL,
		PRIMARY KEY (run_id, group_id)
	) WITHOUT ROWID;
	CREATE INDEX run_groups_group ON run_groups(group_id);`

// Store is an open history file.
type Store struct {
	db   *sql.DB
	Path string
}

// Open opens the store at path, creating it and its directory when missing, and migrates it to
// SchemaVersion. Writers wait for each other (WAL, a busy timeout) instead of failing.
func Open(ctx context.Context, path string) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("history store %s: %w", path, err)
		}
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(15000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("history store %s: %w", path, err)
	}
	db.SetMaxOpenConns(1) // one process, one writer: a second connection would only wait on the first
	s := &Store{db: db, Path: path}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("history store %s: %w", path, err)
	}
	return s, nil
}

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

// migrate brings the schema to SchemaVersion in one transaction: a concurrent opener waits and then
// finds the work done.
func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var v int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("not a SQLite history store: %w", err)
	}
	if v > SchemaVersion {
		return fmt.Errorf("schema version %d is newer than this ctlog knows (%d): upgrade ctlog", v, SchemaVersion)
	}
	if v == SchemaVersion {
		return nil
	}
	for ; v < SchemaVersion; v++ {
		if err := migrations[v](ctx, tx); err != nil {
			return fmt.Errorf("migrate to schema version %d: %w", v+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion)); err != nil {
		return err
	}
	return tx.Commit()
}

// ErrNoStore is returned by OpenExisting when there is no store file.
var ErrNoStore = errors.New("no history store")

// OpenExisting opens the store at path only when the file exists.
func OpenExisting(ctx context.Context, path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w at %s (record runs with 'ctlog summarize --record' or 'ctlog gh history')", ErrNoStore, path)
		}
		return nil, fmt.Errorf("history store %s: %w", path, err)
	}
	return Open(ctx, path)
}

// Has reports whether a run with this identity is stored.
func (s *Store) Has(ctx context.Context, identity string) (bool, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM runs WHERE identity = ?", identity).Scan(&n); err != nil {
		return false, fmt.Errorf("read %s: %w", s.Path, err)
	}
	return n > 0, nil
}
