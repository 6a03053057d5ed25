package loggen

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestGenerateJUnit checks that the report is well-formed XML whose test cases are the Truth's.
func TestGenerateJUnit(t *testing.T) {
	for _, tc := range []struct {
		major  int
		target int64
	}{{3, 0}, {4, 0}, {3, 300 << 10}, {4, 300 << 10}} {
		var buf bytes.Buffer
		truth, err := GenerateJUnit(&buf, ReportConfig{Seed: 7, Major: tc.major, TargetBytes: tc.target})
		if err != nil {
			t.Fatal(err)
		}
		if truth.Bytes != int64(buf.Len()) || buf.Len() < int(tc.target) {
			t.Fatalf("major %d: %d bytes written, truth says %d, target %d", tc.major, buf.Len(), truth.Bytes, tc.target)
		}
		var got ReportTruth
		d := xml.NewDecoder(&buf)
		var inCase, failed bool
		for {
			tok, err := d.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Fatalf("major %d: %v", tc.major, err)
				}
				break
			}
			switch e := tok.(type) {
			case xml.StartElement:
				switch e.Name.Local {
				case "testcase":
					got.Items++
					inCase, failed = true, false
				case "failure":
					failed = true
				case "error":
					got.Errored++
				case "skipped":
					got.Skipped++
				}
			case xml.EndElement:
				if e.Name.Local == "testcase" && inCase && failed {
					got.Failed++
				}
			case xml.CharData:
				got.TestCases += strings.Count(string(e), ". Test Case ID: ")
			}
			if s, ok := tok.(xml.StartElement); ok && s.Name.Local == "failure" {
				for _, a := range s.Attr {
					if a.Name.Local == "message" {
						got.TestCases += strings.Count(a.Value, ". Test Case ID: ")
					}
				}
			}
		}
		if got.Items != truth.Items || got.Failed != truth.Failed || got.Errored != truth.Errored ||
			got.Skipped != truth.Skipped || got.TestCases != truth.TestCases {
			t.Fatalf("major %d: report holds %+v, truth says %+v", tc.major, got, truth)
		}
		if truth.Failed == 0 || truth.Passed <= truth.Failed {
			t.Fatalf("major %d: want most operations passing and some failing: %+v", tc.major, truth)
		}
	}
}

// TestGenerateCassette checks that the cassette is valid YAML whose interactions are the Truth's.
func TestGenerateCassette(t *testing.T) {
	for _, major := range []int{3, 4} {
		var buf bytes.Buffer
		truth, err := GenerateCassette(&buf, ReportConfig{Seed: 3, Major: major, TargetBytes: 400 << 10})
		if err != nil {
			t.Fatal(err)
		}
		if truth.Bytes != int64(buf.Len()) || buf.Len() < 400<<10 {
			t.Fatalf("major %d: %d bytes written, truth says %d", major, buf.Len(), truth.Bytes)
		}
		var doc struct {
			Recorded     string `yaml:"recorded_with"`
			Interactions []struct {
				Status string `yaml:"status"`
				Checks []struct {
					Status string `yaml:"status"`
				} `yaml:"checks"`
			} `yaml:"http_interactions"`
		}
		// Check messages are Python's repr(), which YAML does not read when it escapes a quote.
		text := strings.ReplaceAll(buf.String(), `\'`, "''")
		if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
			t.Fatalf("major %d: %v", major, err)
		}
		failed := 0
		for _, it := range doc.Interactions {
			checkFailed := false
			for _, c := range it.Checks {
				checkFailed = checkFailed || c.Status == "FAILURE"
			}
			if checkFailed != (it.Status == "FAILURE") {
				t.Fatalf("major %d: interaction status %s disagrees with its checks", major, it.Status)
			}
			if checkFailed {
				failed++
			}
		}
		if len(doc.Interactions) != truth.Items || failed != truth.Failed || truth.Failed == 0 || truth.Passed <= truth.Failed {
			t.Fatalf("major %d: %d interactions, %d failed; truth %+v", major, len(doc.Interactions), failed, truth)
		}
	}
}

// TestGenerateReportsDeterministic checks that a seed gives the same bytes, and another seed others.
func TestGenerateReportsDeterministic(t *testing.T) {
	for name, gen := range map[string]func(*bytes.Buffer, int64) error{
		"junit":    func(b *bytes.Buffer, s int64) error { _, err := GenerateJUnit(b, ReportConfig{Seed: s}); return err },
		"cassette": func(b *bytes.Buffer, s int64) error { _, err := GenerateCassette(b, ReportConfig{Seed: s}); return err },
	} {
		var a, b, c bytes.Buffer
		if gen(&a, 1) != nil || gen(&b, 1) != nil || gen(&c, 2) != nil {
			t.Fatal(name)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) || bytes.Equal(a.Bytes(), c.Bytes()) {
			t.Fatalf("%s: not deterministic by seed", name)
		}
	}
}
