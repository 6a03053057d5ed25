// Package summary is the document ctlog builds from its inputs: every run found, classified, and redacted.
package summary

import (
	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/parser"
)

// SchemaVersion is the version of the JSON document shape; it changes only when a field changes meaning
// or is removed.
const SchemaVersion = 1

// Document is everything `ctlog summarize` knows about its inputs.
type Document struct {
	SchemaVersion int     `json:"schema_version"`
	Tool          string  `json:"tool"`
	Config        string  `json:"config,omitempty"`   // the hook rules file applied
	Baseline      string  `json:"baseline,omitempty"` // the baseline file groups were compared with
	Inputs        []Input `json:"inputs"`
	NewGroups     int     `json:"new_groups,omitempty"` // failure groups not in the baseline
}

// Input is one parsed input and the runs found in it.
type Input struct {
	Name     string          `json:"name"`
	Bytes    int64           `json:"bytes"`
	Lines    int             `json:"lines"`
	Encoding parser.Encoding `json:"encoding,omitempty"` // empty when the input could not be read
	BOM      bool            `json:"bom,omitempty"`
	Wrapping parser.Wrapping `json:"wrapping,omitempty"`
	Format   parser.Format   `json:"format,omitempty"` // the format read: text, junit, vcr or har
	Markers  int             `json:"ci_markers,omitempty"`
	Notes    []string        `json:"notes,omitempty"`   // about the source, e.g. an archive member name that escaped the archive
	Skipped  string          `json:"skipped,omitempty"` // why an archive member holds no run
	Runs     []*classify.Run `json:"runs"`
	// Diagnostics are problems found outside any run (for example, not the format asked for).
	Diagnostics []parser.Diagnostic `json:"diagnostics,omitempty"`
	Error       string              `json:"error,omitempty"` // set when the input could not be read or holds no run
}
