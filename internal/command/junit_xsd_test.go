package command

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// xmllintSchema validates report with xmllint against testdata/junit-schema/junit.xsd. Without
// xmllint (Debian's libxml2-utils) the test is skipped, unless CTLOG_REQUIRE_XMLLINT is set, as
// .ci/run sets it after installing the package.
func xmllintSchema(t *testing.T, report []byte) error {
	t.Helper()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CTLOG_REQUIRE_XMLLINT") != "" {
			t.Fatal("xmllint not found and CTLOG_REQUIRE_XMLLINT is set")
		}
		t.Skip("xmllint not found (Debian package libxml2-utils)")
	}
	path := filepath.Join(t.TempDir(), "report.xml")
	if err := os.WriteFile(path, report, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(xmllint, "--noout", "--schema", filepath.Join(repoRoot, "testdata", "junit-schema", "junit.xsd"), path).CombinedOutput()
	if err != nil {
		return &xsdError{strings.TrimSpace(string(out))}
	}
	return nil
}

type xsdError struct{ msg string }

func (e *xsdError) Error() string { return e.msg }

// TestJUnitXSD validates -o junit against the XML schema of the JUnit layout GitLab, Jenkins and
// dorny/test-reporter read, for every shipped log and for several inputs with an unreadable one.
func TestJUnitXSD(t *testing.T) {
	logs, _ := filepath.Glob(filepath.Join(repoRoot, "testdata", "logs", "*.log"))
	inputs := [][]string{{"testdata/logs/v4-ci-failures.log", "testdata/no-such.log", "testdata/junit/v4.22-elementtree.xml"}}
	for _, path := range logs {
		inputs = append(inputs, []string{"testdata/logs/" + filepath.Base(path)})
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in[0]), func(t *testing.T) {
			if err := xmllintSchema(t, junitOf(t, in...)); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestJUnitXSDRejects makes sure the schema check can fail: reports the readers would misread.
func TestJUnitXSDRejects(t *testing.T) {
	for name, doc := range map[string]string{
		"root":          `<report/>`,
		"no classname":  `<testsuite name="a" tests="1" failures="0" errors="0"><testcase name="x"/></testsuite>`,
		"no message":    `<testsuite name="a" tests="1" failures="1" errors="0"><testcase name="x" classname="y"><failure type="t"/></testcase></testsuite>`,
		"two failures":  `<testsuite name="a" tests="1" failures="2" errors="0"><testcase name="x" classname="y"><failure message="m" type="t"/><failure message="m" type="t"/></testcase></testsuite>`,
		"negative":      `<testsuite name="a" tests="-1" failures="0" errors="0"/>`,
		"unknown child": `<testsuite name="a" tests="0" failures="0" errors="0"><case/></testsuite>`,
	} {
		t.Run(name, func(t *testing.T) {
			if xmllintSchema(t, []byte(doc)) == nil {
				t.Errorf("%s validates", doc)
			}
		})
	}
}
