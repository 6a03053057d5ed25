package command

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"testing"
)

type failureKey struct {
	Operation, Check string
	Status, Count    int
}

// failuresOf runs summarize -o json on inputs and returns each input's failures as sorted keys.
func failuresOf(t *testing.T, inputs ...string) map[string][]failureKey {
	t.Helper()
	code, out, stderr := run(t, "", nil, append([]string{"summarize", "-o", "json"}, inputs...)...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Inputs []struct {
			Name string
			Runs []struct {
				Groups []struct {
					Operation, Check string
					Status, Count    int
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string][]failureKey{}
	for _, in := range doc.Inputs {
		var keys []failureKey
		for _, r := range in.Runs {
			for _, g := range r.Groups {
				keys = append(keys, failureKey{g.Operation, g.Check, g.Status, g.Count})
			}
		}
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		got[in.Name] = keys
	}
	return got
}

// TestOneRunThreeFormats checks that the console log, the JUnit report and the cassette of one run
// give the same failures (operation, check, status, count). The cassette records concrete paths;
// given with the log, they map back to the log's operation labels.
func TestOneRunThreeFormats(t *testing.T) {
	const (
		log      = "../../testdata/logs/ci-hooks-not-loaded.log"
		junit    = "../../testdata/junit/ci-hooks-not-loaded.xml"
		cassette = "../../testdata/cassettes/ci-hooks-not-loaded.yaml"
	)
	got := failuresOf(t, log, junit, cassette)
	want := got[log]
	if len(want) < 8 {
		t.Fatalf("the log gives only %d failure groups", len(want))
	}
	for _, other := range []string{junit, cassette} {
		if !reflect.DeepEqual(got[other], want) {
			t.Errorf("%s differs from the log:\n got %v\nwant %v", other, got[other], want)
		}
	}
	// Alone, the JUnit report still names the same operations.
	if alone := failuresOf(t, junit); !reflect.DeepEqual(alone[junit], want) {
		t.Errorf("JUnit alone differs from the log:\n got %v\nwant %v", alone[junit], want)
	}
}

// TestHARJoinsFailures checks that a HAR file given with a cassette of the same run attaches each
// failure's recorded exchange, found by X-Schemathesis-TestCaseId.
func TestHARJoinsFailures(t *testing.T) {
	code, out, stderr := run(t, "", nil, "summarize", "-o", "json",
		"../../testdata/cassettes/harbor-4x.yaml", "../../testdata/har/harbor-4x.har")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Inputs []struct {
			Runs []struct {
				Groups []struct {
					Samples []struct {
						TestCaseID string `json:"test_case_id"`
						Traffic    *struct {
							TestCaseID string `json:"test_case_id"`
							URI        string
						}
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	joined := 0
	for _, g := range doc.Inputs[0].Runs[0].Groups {
		for _, s := range g.Samples {
			if s.Traffic == nil {
				t.Errorf("sample %s has no traffic", s.TestCaseID)
				continue
			}
			if s.Traffic.TestCaseID != s.TestCaseID {
				t.Errorf("sample %s joined to %s", s.TestCaseID, s.Traffic.TestCaseID)
			}
			joined++
		}
	}
	if joined == 0 {
		t.Error("nothing joined")
	}
}
