package tui

import (
	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/redact"
)

// Row is what a snapshot tells of one failure group while its source is read: what the cluster
// list shows, sorts and filters by, its strings redacted. A Row is never changed once sent; the
// Streamer shares it between snapshots while its group is unchanged. The group itself (samples,
// lines) is copied only when the screen asks for it (ProgressMsg.Want): with 10,000 groups, a copy
// of each in every snapshot held more memory than everything else the screen keeps.
type Row struct {
	Run                             int // index of its run in the snapshot's Runs
	Operation, Check, Title, Reason string
	Signature                       string
	Generic                         bool // the signature says only which check failed
	Status, Count, Flaky, Line      int  // Line: the first member's
	Severity                        classify.Severity
	Stateful                        bool

	group *classify.Group // the collector's own: read only on the Streamer's goroutine
	epoch int             // the Streamer's source it was made in
}

// rowOf makes the row of group g of run ri, redacted with red.
func rowOf(ri int, g *classify.Group, red *redact.Redactor, epoch int) *Row {
	return &Row{
		Run: ri, Operation: red.String(g.Operation), Check: g.Check, Title: red.String(g.Title), Reason: red.String(g.Reason),
		Signature: red.String(g.Signature.Text), Generic: g.Signature.Generic,
		Status: g.Status, Count: g.Count, Flaky: g.Flaky, Line: g.First.Line, Severity: g.Severity(), Stateful: g.Stateful,
		group: g, epoch: epoch,
	}
}

// current reports whether r still tells what g holds. A string redaction changed differs from the
// group's, so such a row is made again at each snapshot (a secret in an operation or a title is rare).
func (r *Row) current(g *classify.Group) bool {
	return r.group == g && r.Count == g.Count && r.Flaky == g.Flaky && r.Status == g.Status &&
		r.Stateful == g.Stateful && r.Severity == g.Severity() && r.Check == g.Check &&
		r.Operation == g.Operation && r.Title == g.Title && r.Reason == g.Reason &&
		r.Signature == g.Signature.Text && r.Generic == g.Signature.Generic
}

// checkLabel is the check's name, or its title when the name is unknown (classify.Group.CheckLabel).
func (r *Row) checkLabel() string {
	if r.Check != "" {
		return r.Check
	}
	return r.Title
}
