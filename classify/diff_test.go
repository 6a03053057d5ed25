package classify

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/parser"
)

// TestSettingsDiffCoversEverySetting changes each field of Settings in turn, found by reflection so
// that a field added later is covered too, and checks that Compare reports a difference.
func TestSettingsDiffCoversEverySetting(t *testing.T) {
	base := func() *Run {
		r := newRun(parser.FormatSchemathesis4)
		r.Settings = Settings{SchemaLocation: "http://api/openapi.json", BaseURL: "http://api", SpecVersion: "Open API 3.0.3",
			Seed: "1", Workers: 1, Operations: 4, Links: 2, Probing: "SUCCESS", Analysis: "SKIP", RateLimit: "10/s",
			Other: map[string]string{"Stateful Scenarios": "58"}, Extra: []string{"Extension A initialised"}}
		return r
	}
	typ := reflect.TypeOf(Settings{})
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		t.Run(f.Name, func(t *testing.T) {
			a, b := base(), base()
			v := reflect.ValueOf(&b.Settings).Elem().Field(i)
			switch v.Kind() {
			case reflect.String:
				v.SetString(v.String() + "-other")
			case reflect.Int:
				v.SetInt(v.Int() + 7)
			case reflect.Map:
				v.Set(reflect.ValueOf(map[string]string{"Stateful Scenarios": "212"}))
			case reflect.Slice:
				v.Set(reflect.ValueOf([]string{"Extension B initialised"}))
			default:
				t.Fatalf("field %s of kind %s: teach this test to change it", f.Name, v.Kind())
			}
			d := Compare(a, b)
			if len(d.Settings) != 1 {
				t.Fatalf("changing %s: settings diff %+v, want exactly one difference", f.Name, d.Settings)
			}
		})
	}
}

// TestSettingsDiffCommandAndPhases checks what a run records besides its header: the logged
// command line's flags (workers, example counts, seeds), SCHEMATHESIS_* variables and the 4.x
// phases that ran.
func TestSettingsDiffCommandAndPhases(t *testing.T) {
	tests := []struct {
		name string
		edit func(r *Run)
		want string
	}{
		{"workers flag", func(r *Run) { r.Command.Flags["--workers"] = "8" }, "workers"},
		{"max examples", func(r *Run) { r.Command.Flags["--max-examples"] = "500" }, "max examples"},
		{"seed flag", func(r *Run) { r.Command.Flags["--generation-seed"] = "99" }, "seed"},
		{"other flag", func(r *Run) { r.Command.Flags["--exclude-method"] = "DELETE" }, "command --exclude-method"},
		{"switch", func(r *Run) { r.Command.Flags["--continue-on-failure"] = "" }, "command --continue-on-failure"},
		{"env", func(r *Run) { r.Env = map[string]string{"SCHEMATHESIS_BASE_URL": "http://staging"} }, "SCHEMATHESIS_BASE_URL"},
		{"phases run", func(r *Run) { r.Phases[1].Status = "skipped" }, "phases run"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mk := func() *Run {
				r := newRun(parser.FormatSchemathesis4)
				r.Command = parseCommand("st run http://api/openapi.json --workers 2 --max-examples 100", 1)
				r.Phases = []parser.Phase{{Name: "Examples", Status: "passed"}, {Name: "Fuzzing", Status: "failed"}}
				return r
			}
			a, b := mk(), mk()
			tt.edit(b)
			d := Compare(a, b)
			if len(d.Settings) != 1 || d.Settings[0].Name != tt.want {
				t.Fatalf("settings diff %+v, want one difference named %q", d.Settings, tt.want)
			}
		})
	}
}

// TestDiffPossiblyChance compares two 4.x runs with different seeds: a group found once that
// appears (or vanishes) is set apart as possibly chance, with the reason; a group found three
// times is a change; a group a hook rule claims stays on top and is never put down to chance.
func TestDiffPossiblyChance(t *testing.T) {
	a := parseFile(t, "../testdata/diff/v4-seed-a.log")[0]
	b := parseFile(t, "../testdata/diff/v4-seed-b.log")[0]
	d := Compare(a, b)
	if d.New != 2 || d.Gone != 1 || d.Same != 1 || d.PossiblyChance != 2 {
		t.Fatalf("new %d gone %d same %d possibly chance %d; want 2 1 1 2", d.New, d.Gone, d.Same, d.PossiblyChance)
	}
	byOp := map[string]ClusterDiff{}
	for _, c := range d.Clusters {
		byOp[c.Operation] = c
	}
	if c := byOp["DELETE /api/v2/vessels/{imo}/"]; c.Change != "new" || c.Chance != "" {
		t.Errorf("found 3 times: %+v, want a new group that is not chance", c)
	}
	for _, op := range []string{"GET /api/v2/ports/{code}/berths/", "POST /api/v2/cargo/manifests/"} {
		c := byOp[op]
		if !strings.Contains(c.Chance, "found once") || !strings.Contains(c.Chance, "seeds differ") || !strings.Contains(c.Chance, "fuzzing") {
			t.Errorf("%s: chance %q, want the reason (found once, fuzzing, seeds differ)", op, c.Chance)
		}
	}
	if last := d.Clusters[len(d.Clusters)-1]; last.Change != "same" {
		t.Errorf("last cluster %+v, want the unchanged one", last)
	}
	if d.Clusters[0].Operation != "DELETE /api/v2/vessels/{imo}/" {
		t.Errorf("first cluster %s, want the real change before the possibly-chance ones", d.Clusters[0].Operation)
	}
	for _, want := range []string{"seed", "Stateful Scenarios"} {
		found := false
		for _, s := range d.Settings {
			found = found || s.Name == want
		}
		if !found {
			t.Errorf("settings diff %+v lacks %q", d.Settings, want)
		}
	}

	// The same seed: nothing is chance.
	b2 := parseFile(t, "../testdata/diff/v4-seed-b.log")[0]
	b2.Settings.Seed = a.Settings.Seed
	if d := Compare(a, b2); d.PossiblyChance != 0 {
		t.Errorf("same seed: %d possibly chance, want 0", d.PossiblyChance)
	}

	// A hook rule claims the berths group: it is explained, listed first, not chance.
	for _, g := range b.Groups {
		if strings.HasPrefix(g.Operation, "GET /api/v2/ports/") {
			g.Hook = []string{"berths-400"}
		}
	}
	d = Compare(a, b)
	if c := d.Clusters[0]; c.Operation != "GET /api/v2/ports/{code}/berths/" || c.Chance != "" || len(c.Hook) != 1 {
		t.Errorf("first cluster %+v, want the hook-explained one, not chance", c)
	}
}
