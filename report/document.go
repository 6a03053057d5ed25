// Package report renders classified runs for people (text) and programs (JSON).
package report

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
	Inputs        []Input `json:"inputs"`
}

// Input is one parsed input and the runs found in it.
type Input struct {
	Name     string          `json:"name"`
	Bytes    int64           `json:"bytes"`
	Lines    int             `json:"lines"`
	Encoding parser.Encoding `json:"encoding"`
	BOM      bool            `json:"bom,omitempty"`
	Wrapping parser.Wrapping `json:"wrapping,omitempty"`
	Markers  int             `json:"ci_markers,omitempty"`
	Runs     []*classify.Run `json:"runs"`
	Error    string          `json:"error,omitempty"` // set when the input could not be read or holds no run
}
