package command

import (
	"encoding/json"
	"testing"
)

// TestSummarizeReportDir: `ctlog summarize DIR` reads a report directory as a zip of its files:
// the JUnit report and the cassette are runs of their own, and the Allure results directory
// inside is one run, its attachment files no inputs.
func TestSummarizeReportDir(t *testing.T) {
	code, out, stderr := run(t, "", nil, "summarize", "--no-config", "-o", "json", "../../testdata/report-dir")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Inputs []struct {
			Name  string `json:"name"`
			Error string `json:"error"`
			Runs  []struct {
				Format string `json:"format"`
				Totals struct {
					FailedOperations int `json:"failed_operations"`
					Errors           int `json:"errors"`
				} `json:"totals"`
				Integrity struct {
					OK bool `json:"ok"`
				} `json:"integrity"`
			} `json:"runs"`
		} `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	type run struct {
		name, format   string
		failed, errors int
	}
	want := []run{
		{"../../testdata/report-dir/allure", "allure", 1, 1},
		{"../../testdata/report-dir/cassette.yaml", "vcr", 8, 0},
		{"../../testdata/report-dir/junit.xml", "junit", 8, 0},
	}
	if len(doc.Inputs) != len(want) {
		t.Fatalf("%d inputs, want %d: %s", len(doc.Inputs), len(want), out)
	}
	for i, in := range doc.Inputs {
		if in.Error != "" || len(in.Runs) != 1 {
			t.Errorf("%s: error %q, %d runs; want one run", in.Name, in.Error, len(in.Runs))
			continue
		}
		r := in.Runs[0]
		got := run{in.Name, r.Format, r.Totals.FailedOperations, r.Totals.Errors}
		if got != want[i] || !r.Integrity.OK {
			t.Errorf("input %d: %+v (integrity ok %v), want %+v", i, got, r.Integrity.OK, want[i])
		}
	}
}
