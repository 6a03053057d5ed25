package pipeline

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/ctlog-dev/ctlog/internal/input"
	"github.com/ctlog-dev/ctlog/internal/summary"
)

// companionWhat is what each report a run names would add, by its format as `Reports:` prints it.
var companionWhat = map[string]string{
	"junit":  "its failures per operation",
	"vcr":    "the requests and responses it recorded",
	"har":    "the traffic it recorded, joined to the failures",
	"ndjson": "per-check totals, phases and the command's flags",
	"allure": "its results",
}

// companionNotes notes, on each text input, the report files its runs say they wrote (`Reports:`)
// that exist beside the log — relative to the log's directory, where Schemathesis usually ran —
// and were not given as inputs. ctlog does not read them unasked: the note says how.
func companionNotes(opts Options, doc *summary.Document, from []int) {
	given := map[string]bool{}
	for _, name := range opts.Inputs {
		if abs, err := filepath.Abs(name); err == nil {
			given[abs] = true
		}
	}
	exists := func(p string) bool {
		if opts.Open != nil {
			rc, err := opts.Open(p)
			if err != nil {
				return false
			}
			rc.Close()
			return true
		}
		fi, err := os.Stat(p)
		return err == nil && fi.Mode().IsRegular()
	}
	for k := range doc.Inputs {
		in := &doc.Inputs[k]
		if k >= len(from) || from[k] >= len(opts.Inputs) {
			continue
		}
		name := opts.Inputs[from[k]]
		if name == "-" || in.Name != input.DisplayName(name) {
			continue // standard input, or a member of an archive
		}
		dir := filepath.Dir(name)
		seen := map[string]bool{}
		for _, r := range in.Runs {
			for _, rep := range r.Reports {
				p := rep.Path
				if !filepath.IsAbs(p) {
					p = filepath.Join(dir, p)
				}
				abs, err := filepath.Abs(p)
				if err != nil || seen[abs] || given[abs] || !exists(p) {
					continue
				}
				seen[abs] = true
				what := companionWhat[rep.Format]
				if what == "" {
					what = "what it holds"
				}
				in.Notes = append(in.Notes, fmt.Sprintf("the run wrote %s beside this log (%s, line %d): add it to read %s",
					filepath.Base(p), p, rep.Line, what))
			}
		}
	}
}
