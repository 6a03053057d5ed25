package doctor

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
)

// want is a finding as the tests state it: "severity id file:line" and the other side's line.
type want struct {
	sev, id, at, other string
}

func (w want) String() string { return fmt.Sprintf("%s %s %s (other %s)", w.sev, w.id, w.at, w.other) }

func got(f Finding) want {
	w := want{sev: f.Severity, id: f.ID, at: f.Loc.String()}
	if f.Other != nil {
		w.other = f.Other.String()
	}
	return w
}

// TestFixtures runs doctor on each fixture repository of testdata/doctor and checks it gives
// exactly the expected findings, at the right lines, in order.
func TestFixtures(t *testing.T) {
	const wf = ".github/workflows/contract.yml"
	tests := []struct {
		repo   string
		want   []want
		differ bool
	}{
		{"ci-hooks-missing", []want{{SevError, IDHooksNotSet, wf + ":9", "Makefile:4"}}, true},
		{"docker-env-not-passed", []want{{SevError, IDHooksNotPassed, wf + ":12", "Makefile:1"}}, true},
		{"hooks-file-path", []want{{SevError, IDHooksPathForm, wf + ":11", ""}}, true},
		{"hooks-register-nothing", []want{{SevError, IDHooksIneffective, "tests/hooks.py:6", wf + ":4"}}, true},
		{"version-differs", []want{{SevError, IDVersionDiffers, wf + ":12", "uv.lock:9"}}, true},
		{"settings-differ", []want{
			{SevError, IDSettingDiffers, wf + ":16", "Makefile:2"},   // checks
			{SevError, IDSettingDiffers, wf + ":14", "Makefile:2"},   // max-examples
			{SevWarning, IDSettingDiffers, wf + ":17", "Makefile:2"}, // workers
			{SevWarning, IDVersionUnpinned, wf + ":15", ""},
		}, true},
		{"gitlab-path-latest", []want{
			{SevWarning, IDHooksPathForm, ".gitlab-ci.yml:4", ""},
			{SevWarning, IDVersionUnpinned, ".gitlab-ci.yml:6", ""},
			{SevInfo, IDNoInvocation, ".", ""},
		}, false},
		{"hook-rules-only", []want{
			{SevError, IDHooksNotSet, wf + ":8", "scripts/contract.sh:3"},
			{SevError, IDHooksModuleMissing, "scripts/contract.sh:3", ""},
			{SevWarning, IDHooksConfigModule, "scripts/contract.sh:3", ".ctlog.yaml:2"},
		}, true},
		{"hook-rules-ci-only", []want{
			{SevError, IDHooksNotSet, ".github/workflows/api.yaml:13", ".ctlog.yaml:2"},
			{SevInfo, IDNoInvocation, ".", ""},
		}, true},
		{"broken-workflow", []want{{SevError, IDUnreadable, wf + ":4", ""}, {SevInfo, IDNoInvocation, ".github/workflows", ""}}, true},
		{"toml-hooks-tox", []want{
			{SevError, IDHooksNotSet, "tox.ini:10", "schemathesis.toml:1"},
			{SevError, IDVersionDiffers, wf + ":8", "tox.ini:6"},
			{SevWarning, IDSettingDiffers, "schemathesis.toml:2", "tox.ini:10"},
		}, true},
		{"headers-unpinned", []want{
			{SevError, IDSettingDiffers, ".github/workflows/ci.yml:14", "scripts/contract.sh:4"}, // headers
			{SevWarning, IDVersionUnpinned, "pyproject.toml:6", ""},
		}, true},
		{"docker-not-mounted", []want{{SevError, IDHooksNotMounted, wf + ":11", wf + ":10"}}, true},
		{"clean", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.repo, func(t *testing.T) {
			rep, err := Run(filepath.Join("..", "..", "testdata", "doctor", tt.repo))
			if err != nil {
				t.Fatal(err)
			}
			var gotFindings []want
			for _, f := range rep.Findings {
				gotFindings = append(gotFindings, got(f))
			}
			if !slices.Equal(gotFindings, tt.want) {
				t.Errorf("findings:\n got %v\nwant %v", gotFindings, tt.want)
				for _, f := range rep.Findings {
					t.Logf("%s: %s: %s [%s]", f.Loc, f.Severity, f.Message, f.ID)
				}
			}
			if rep.Differs() != tt.differ {
				t.Errorf("Differs() = %v, want %v", rep.Differs(), tt.differ)
			}
			if len(rep.Invocations) == 0 {
				t.Error("no invocations found")
			}
		})
	}
}

func TestRunErrors(t *testing.T) {
	for _, dir := range []string{"testdata-does-not-exist", "doctor_test.go"} {
		if _, err := Run(dir); err == nil {
			t.Errorf("Run(%q): no error", dir)
		}
	}
}
