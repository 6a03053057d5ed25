package classify

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// BaselineVersion is the version of the baseline file format.
const BaselineVersion = 1

// Baseline is the set of known failure groups that later runs are compared with.
type Baseline struct {
	Version  int               `json:"baseline_version"`
	Tool     string            `json:"tool"`
	Source   []string          `json:"source"` // the inputs it was saved from
	Settings []Setting         `json:"settings,omitempty"`
	Clusters []BaselineCluster `json:"clusters"`
}

// BaselineCluster is one known failure group.
type BaselineCluster struct {
	Operation string `json:"operation"`
	Check     string `json:"check"`
	Title     string `json:"title"`
	Status    int    `json:"status,omitempty"`
	Count     int    `json:"count"`
	Signature string `json:"signature,omitempty"`
}

// NewBaseline records the failure groups of runs.
func NewBaseline(tool string, sources []string, runs []*Run) *Baseline {
	b := &Baseline{Version: BaselineVersion, Tool: tool, Source: sources, Clusters: []BaselineCluster{}}
	for _, r := range runs {
		if b.Settings == nil {
			b.Settings = SettingsOf(r)
		}
		for _, g := range r.Groups {
			b.Clusters = append(b.Clusters, BaselineCluster{Operation: g.Operation, Check: g.Check, Title: g.Title,
				Status: g.Status, Count: g.Count, Signature: g.Signature.Text})
		}
	}
	slices.SortFunc(b.Clusters, func(x, y BaselineCluster) int {
		return strings.Compare(x.Operation+x.Title+strconv.Itoa(x.Status), y.Operation+y.Title+strconv.Itoa(y.Status))
	})
	return b
}

// ReadBaseline reads a baseline file.
func ReadBaseline(r io.Reader, name string) (*Baseline, error) {
	var b Baseline
	dec := json.NewDecoder(r)
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("read baseline %s: %w", name, err)
	}
	if b.Version != BaselineVersion {
		return nil, fmt.Errorf("read baseline %s: baseline_version %d, this ctlog reads %d (save it again)", name, b.Version, BaselineVersion)
	}
	return &b, nil
}

// Mark sets New on every group of runs that the baseline does not know, and returns how many.
func (b *Baseline) Mark(runs []*Run) int {
	known := map[string]bool{}
	for _, c := range b.Clusters {
		known[c.Operation+"\x00"+c.Title+"\x00"+strconv.Itoa(c.Status)+"\x00"+c.Signature] = true
	}
	n := 0
	for _, r := range runs {
		for _, g := range r.Groups {
			isNew := !known[clusterKey(g)]
			g.New = &isNew
			if isNew {
				n++
			}
		}
	}
	return n
}
