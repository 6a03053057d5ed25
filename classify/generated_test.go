package classify

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/loggen"
)

// TestGeneratedLogsMatchTruth parses generated logs of many shapes and compares every count with
// what the generator knows it wrote.
func TestGeneratedLogsMatchTruth(t *testing.T) {
	configs := []loggen.Config{
		{Seed: 1},
		{Seed: 2, Operations: 50, Workers: 4},
		{Seed: 3, GitHub: true},
		{Seed: 4, CRLF: true, GitHub: true, Workers: 2},
		{Seed: 5, Operations: 400, TargetBytes: 4 << 20},
		{Seed: 6, Operations: 30, TargetBytes: 2 << 20, GitHub: true, CRLF: true},
	}
	for seed := int64(100); seed < 130; seed++ {
		configs = append(configs, loggen.Config{Seed: seed, Operations: int(seed % 60), Workers: int(seed%3) + 1, GitHub: seed%2 == 0})
	}
	for _, cfg := range configs {
		t.Run(fmt.Sprintf("%+v", cfg), func(t *testing.T) {
			var buf bytes.Buffer
			truth, err := loggen.Generate(&buf, cfg)
			if err != nil {
				t.Fatal(err)
			}
			runs := parseReader(t, &buf, "generated")
			if len(runs) != 1 {
				t.Fatalf("got %d runs", len(runs))
			}
			r := runs[0]
			for _, d := range r.Diagnostics {
				if d.Severity == "warning" {
					t.Errorf("line %d: %s", d.Line, d.Message)
				}
			}
			if !r.Integrity.OK {
				t.Errorf("integrity: %+v", r.Integrity)
			}
			end := r.Summary.End
			if end == nil {
				t.Fatal("no final line")
			}
			if end.Passed != truth.Passed || end.Failed != truth.Failed || end.Errored != truth.Errored || end.Skipped != truth.Skipped {
				t.Errorf("final line %+v, truth %+v", end, truth)
			}
			if r.Totals.TestCases != truth.TestCases || r.Totals.FlakyOperations != truth.Flaky {
				t.Errorf("test cases %d flaky %d; truth %d and %d", r.Totals.TestCases, r.Totals.FlakyOperations, truth.TestCases, truth.Flaky)
			}
			got := map[string]int{}
			for _, g := range r.Groups {
				got[g.Operation+" :: "+g.Title] += g.Count
			}
			if !reflect.DeepEqual(got, truth.ByOperationTitle) && (len(got) > 0 || len(truth.ByOperationTitle) > 0) {
				for k, v := range truth.ByOperationTitle {
					if got[k] != v {
						t.Errorf("%s: parsed %d, truth %d", k, got[k], v)
					}
				}
				for k, v := range got {
					if _, ok := truth.ByOperationTitle[k]; !ok {
						t.Errorf("%s: parsed %d, not in truth", k, v)
					}
				}
			}
			var failed []string
			for _, ct := range r.Summary.CheckTotals {
				if ct.Failed {
					failed = append(failed, ct.Name)
				}
			}
			want := slices.Clone(truth.FailedChecks)
			slices.Sort(failed)
			slices.Sort(want)
			if !slices.Equal(failed, want) {
				t.Errorf("FAILED rows %v, truth %v", failed, want)
			}
		})
	}
}

// TestGeneratedGroups checks that loggen's Groups gives exactly that many failure groups, however
// many test cases each operation writes.
func TestGeneratedGroups(t *testing.T) {
	for _, cfg := range []loggen.Config{
		{Seed: 1, Groups: 1},
		{Seed: 2, Groups: 40, GitHub: true},
		{Seed: 3, Groups: 120, TargetBytes: 3 << 20},
		{Seed: 4, Groups: 300, Operations: 300, Workers: 2},
		{Seed: 5, Groups: 90, Operations: 1000, TargetBytes: 1 << 20, CRLF: true},
	} {
		t.Run(fmt.Sprintf("%+v", cfg), func(t *testing.T) {
			var buf bytes.Buffer
			truth, err := loggen.Generate(&buf, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if truth.Failed != cfg.Groups {
				t.Errorf("%d operations failed, want %d", truth.Failed, cfg.Groups)
			}
			runs := parseReader(t, &buf, "generated")
			if len(runs) != 1 {
				t.Fatalf("got %d runs", len(runs))
			}
			if got := len(runs[0].Groups); got != cfg.Groups {
				t.Errorf("%d groups, want %d (%d test cases)", got, cfg.Groups, truth.TestCases)
			}
		})
	}
}
