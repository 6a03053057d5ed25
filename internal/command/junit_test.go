package command

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// junitOf renders the inputs with -o junit.
func junitOf(t *testing.T, inputs ...string) []byte {
	t.Helper()
	var out, errOut bytes.Buffer
	opts := SummarizeOptions{
		IO:          IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, Getenv: func(string) string { return "" }},
		Inputs:      inputs,
		Outputs:     []string{"junit"},
		Color:       "never",
		Open:        func(p string) (io.ReadCloser, error) { return os.Open(filepath.Join(repoRoot, p)) },
		ReadOptions: ReadOptions{NoConfig: true},
	}
	if _, err := RunSummarize(opts); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// xmlNode is a generic XML element.
type xmlNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []xmlNode  `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *xmlNode) attr(name string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// validateJUnit checks report against the JUnit layout GitLab documents for its test reports
// (docs.gitlab.com/ci/testing/unit_test_reports): a <testsuites> or <testsuite> root; test suites
// with name, tests, failures and errors; test cases with name and classname; failures and errors
// with message and type; and counts that agree with the elements, which an XSD cannot check
// (TestJUnitXSD checks the layout with xmllint).
func validateJUnit(report []byte) error {
	var root xmlNode
	if err := xml.Unmarshal(report, &root); err != nil {
		return fmt.Errorf("not well-formed XML: %w", err)
	}
	var suites []xmlNode
	switch root.XMLName.Local {
	case "testsuites":
		suites = root.Nodes
	case "testsuite":
		suites = []xmlNode{root}
	default:
		return fmt.Errorf("root element <%s>, want <testsuites> or <testsuite>", root.XMLName.Local)
	}
	count := func(n *xmlNode, name string) (int, error) {
		v, ok := n.attr(name)
		if !ok {
			return 0, fmt.Errorf("<%s> without %s", n.XMLName.Local, name)
		}
		i, err := strconv.Atoi(v)
		if err != nil || i < 0 {
			return 0, fmt.Errorf("<%s> %s=%q is not a count", n.XMLName.Local, name, v)
		}
		return i, nil
	}
	allTests, allFailures, allErrors := 0, 0, 0
	for i := range suites {
		s := &suites[i]
		if s.XMLName.Local != "testsuite" {
			return fmt.Errorf("<%s> in <testsuites>", s.XMLName.Local)
		}
		if v, ok := s.attr("name"); !ok || v == "" {
			return fmt.Errorf("<testsuite> without a name")
		}
		tests, failures, errs := 0, 0, 0
		for j := range s.Nodes {
			c := &s.Nodes[j]
			switch c.XMLName.Local {
			case "properties", "system-out", "system-err":
				continue
			case "testcase":
			default:
				return fmt.Errorf("<%s> in <testsuite>", c.XMLName.Local)
			}
			tests++
			for _, a := range []string{"name", "classname"} {
				if v, ok := c.attr(a); !ok || v == "" {
					return fmt.Errorf("<testcase> without %s", a)
				}
			}
			for k := range c.Nodes {
				f := &c.Nodes[k]
				switch f.XMLName.Local {
				case "failure":
					failures++
				case "error":
					errs++
				case "skipped", "system-out", "system-err":
					continue
				default:
					return fmt.Errorf("<%s> in <testcase>", f.XMLName.Local)
				}
				for _, a := range []string{"message", "type"} {
					if v, ok := f.attr(a); !ok || v == "" {
						return fmt.Errorf("<%s> of %q without %s", f.XMLName.Local, must(c.attr("name")), a)
					}
				}
			}
		}
		for name, n := range map[string]int{"tests": tests, "failures": failures, "errors": errs} {
			declared, err := count(s, name)
			if err != nil {
				return err
			}
			if declared != n {
				return fmt.Errorf("<testsuite> %s=%d, but it holds %d", name, declared, n)
			}
		}
		allTests, allFailures, allErrors = allTests+tests, allFailures+failures, allErrors+errs
	}
	if root.XMLName.Local == "testsuites" {
		for name, n := range map[string]int{"tests": allTests, "failures": allFailures, "errors": allErrors} {
			if declared, err := count(&root, name); err != nil || declared != n {
				return fmt.Errorf("<testsuites> %s=%d (%v), its suites hold %d", name, declared, err, n)
			}
		}
	}
	return nil
}

func must(s string, _ bool) string { return s }

func TestJUnitValidates(t *testing.T) {
	logs, _ := filepath.Glob(filepath.Join(repoRoot, "testdata", "logs", "*.log"))
	if len(logs) < 15 {
		t.Fatalf("only %d logs in testdata/logs", len(logs))
	}
	for _, path := range logs {
		rel := "testdata/logs/" + filepath.Base(path)
		t.Run(filepath.Base(path), func(t *testing.T) {
			if err := validateJUnit(junitOf(t, rel)); err != nil {
				t.Error(err)
			}
		})
	}
	// Several inputs, one that cannot be read, and a JUnit report.
	if err := validateJUnit(junitOf(t, "testdata/logs/v4-ci-failures.log", "testdata/no-such.log", "testdata/junit/v4.22-elementtree.xml")); err != nil {
		t.Error(err)
	}
}

func TestValidateJUnitRejects(t *testing.T) {
	for name, doc := range map[string]string{
		"root":           `<report/>`,
		"suite name":     `<testsuites tests="0" failures="0" errors="0"><testsuite tests="0" failures="0" errors="0"/></testsuites>`,
		"count":          `<testsuite name="a" tests="2" failures="0" errors="0"><testcase name="x" classname="y"/></testsuite>`,
		"classname":      `<testsuite name="a" tests="1" failures="0" errors="0"><testcase name="x"/></testsuite>`,
		"failure type":   `<testsuite name="a" tests="1" failures="1" errors="0"><testcase name="x" classname="y"><failure message="m"/></testcase></testsuite>`,
		"missing errors": `<testsuite name="a" tests="0" failures="0"/>`,
		"syntax":         `<testsuite name="a" tests="0" failures="0" errors="0">`,
	} {
		if validateJUnit([]byte(doc)) == nil {
			t.Errorf("%s: %s validates", name, doc)
		}
	}
}

// groupKeys renders inputs as JSON and returns the (operation, check) of every failure group, sorted.
func groupKeys(t *testing.T, inputs ...string) []string {
	t.Helper()
	var out, errOut bytes.Buffer
	opts := SummarizeOptions{
		IO:      IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, Getenv: func(string) string { return "" }},
		Inputs:  inputs,
		Outputs: []string{"json"}, Color: "never", ReadOptions: ReadOptions{NoConfig: true},
		Open: func(p string) (io.ReadCloser, error) {
			if filepath.IsAbs(p) {
				return os.Open(p)
			}
			return os.Open(filepath.Join(repoRoot, p))
		},
	}
	if _, err := RunSummarize(opts); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Inputs []struct {
			Format string `json:"format"`
			Runs   []struct {
				Groups []struct{ Operation, Check string } `json:"groups"`
			} `json:"runs"`
		} `json:"inputs"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, in := range doc.Inputs {
		for _, r := range in.Runs {
			for _, g := range r.Groups {
				keys = append(keys, g.Operation+" | "+g.Check)
			}
		}
	}
	slices.Sort(keys)
	return keys
}

// TestJUnitRoundTrip reads ctlog's JUnit output back with ctlog's own JUnit reader: the same
// (operation, check) failure groups come back.
func TestJUnitRoundTrip(t *testing.T) {
	for _, log := range []string{"ci-hooks-not-loaded.log", "v4-ci-failures.log", "stateful.log"} {
		t.Run(log, func(t *testing.T) {
			rel := "testdata/logs/" + log
			want := groupKeys(t, rel)
			if len(want) == 0 {
				t.Fatal("the log has no failure groups")
			}
			path := filepath.Join(t.TempDir(), "report.xml")
			if err := os.WriteFile(path, junitOf(t, rel), 0o644); err != nil {
				t.Fatal(err)
			}
			got := groupKeys(t, path)
			if !slices.Equal(got, want) {
				t.Errorf("read back:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
			// One test case per failure group: an operation with two groups counts once, so the
			// counts ctlog derives from its own report agree.
			_, out, _ := run(t, "", nil, "summarize", "-o", "json", path)
			if !strings.Contains(out, `"ok": true`) {
				t.Errorf("integrity of the report read back is not ok:\n%s", out)
			}
		})
	}
}

func TestJUnitGolden(t *testing.T) {
	got := junitOf(t, "testdata/logs/ci-hooks-not-loaded.log")
	golden := filepath.Join(repoRoot, "testdata", "golden", "summarize", "ci-hooks-not-loaded.junit.xml")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("-o junit differs from %s (run with -update and review the diff)\n%s", golden, got)
	}
}
