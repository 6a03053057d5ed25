package history

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
)

// pack encodes a run's groups as uvarint triples (failure_groups.id, count, flaky): the runs.packed column.
func pack(ids []int64, groups []Group) []byte {
	b := make([]byte, 0, len(groups)*4)
	for i, g := range groups {
		b = binary.AppendUvarint(b, uint64(ids[i]))
		b = binary.AppendUvarint(b, uint64(max(g.Count, 0)))
		b = binary.AppendUvarint(b, uint64(max(g.Flaky, 0)))
	}
	return b
}

var errPacked = errors.New("packed groups cut short")

// unpack calls f for each (group id, count, flaky) triple of b.
func unpack(b []byte, f func(id int64, count, flaky int) error) error {
	for len(b) > 0 {
		var v [3]uint64
		for i := range v {
			x, n := binary.Uvarint(b)
			if n <= 0 {
				return errPacked
			}
			v[i], b = x, b[n:]
		}
		if err := f(int64(v[0]), int(v[1]), int(v[2])); err != nil {
			return err
		}
	}
	return nil
}

// packAll fills runs.packed from run_groups for every run (migration to schema version 2).
func packAll(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT run_id, group_id, count, flaky FROM run_groups ORDER BY run_id, group_id`)
	if err != nil {
		return err
	}
	packed := map[int64][]byte{}
	for rows.Next() {
		var rid, gid int64
		var count, flaky int
		if err := rows.Scan(&rid, &gid, &count, &flaky); err != nil {
			rows.Close()
			return err
		}
		packed[rid] = append(packed[rid], pack([]int64{gid}, []Group{{Count: count, Flaky: flaky}})...)
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE runs SET packed = x''`); err != nil {
		return err
	}
	for rid, b := range packed {
		if _, err := tx.ExecContext(ctx, `UPDATE runs SET packed = ? WHERE id = ?`, b, rid); err != nil {
			return fmt.Errorf("pack the groups of run %d: %w", rid, err)
		}
	}
	return nil
}
