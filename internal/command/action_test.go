package command

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestActionInputs checks that action.yml passes every input it declares to a step, that every
// CTLOG_ variable scripts/action-summarize reads is set by the Summarize step, and that the
// outputs come from that step.
func TestActionInputs(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Inputs  map[string]any                    `yaml:"inputs"`
		Outputs map[string]struct{ Value string } `yaml:"outputs"`
		Runs    struct {
			Steps []struct {
				ID  string            `yaml:"id"`
				Env map[string]string `yaml:"env"`
				Run string            `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(b, &action); err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	env := map[string]bool{}
	for _, step := range action.Runs.Steps {
		for k, v := range step.Env {
			env[k] = true
			name := strings.TrimSuffix(strings.TrimPrefix(v, "${{ inputs."), " }}")
			used[name] = true
		}
	}
	for name := range action.Inputs {
		if !used[name] {
			t.Errorf("action.yml: input %q is passed to no step", name)
		}
	}
	script, err := os.ReadFile(filepath.Join(repoRoot, "scripts", "action-summarize"))
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range strings.FieldsFunc(string(script), func(r rune) bool {
		return !(r == '_' || r >= 'A' && r <= 'Z')
	}) {
		if strings.HasPrefix(field, "CTLOG_") && field != "CTLOG_" && !env[field] {
			t.Errorf("scripts/action-summarize reads %s, which action.yml does not set", field)
		}
	}
	for name, out := range action.Outputs {
		if want := "${{ steps.summarize.outputs." + name + " }}"; out.Value != want {
			t.Errorf("action.yml: output %q is %q, want %q", name, out.Value, want)
		}
	}
}
