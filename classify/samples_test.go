package classify

import (
	"strings"
	"testing"
	"unsafe"

	"github.com/ctlog-dev/ctlog/parser"
)

// TestSamplesShareRepeatedText checks that a group's samples share the message and body of an
// earlier sample that is the same, keep a different one apart, and hold exactly what they saw.
func TestSamplesShareRepeatedText(t *testing.T) {
	body := strings.Repeat(`{"detail": "Not found"}`, 4)
	tests := []struct {
		name          string
		messages      []string
		bodies        []string
		shareMessage  []bool // sample i shares sample 0's message
		shareBody     []bool
		wantElidedAny bool
	}{
		{"repeated", []string{"Received: 404", "Received: 404", "Received: 404"}, []string{body, body, body},
			[]bool{false, true, true}, []bool{false, true, true}, false},
		{"different bodies", []string{"m", "m", "m"}, []string{body, body + " ", body},
			[]bool{false, true, true}, []bool{false, false, true}, false},
		{"too long to compare", []string{"m", "m"}, []string{strings.Repeat("x", maxSampleText+1), strings.Repeat("x", maxSampleText+1)},
			[]bool{false, true}, []bool{false, false}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := &Group{}
			for i := range tt.messages {
				// Fresh copies, as the parser gives: equal texts in different memory.
				f := &parser.Failure{Status: 404, Body: strings.Clone(tt.bodies[i]), TestCaseID: "id" + string(rune('a'+i))}
				g.add(f, parser.Check{Message: strings.Clone(tt.messages[i])}, 10)
			}
			if len(g.Samples) != len(tt.messages) || cap(g.Samples) != len(g.Samples) {
				t.Fatalf("%d samples, capacity %d", len(g.Samples), cap(g.Samples))
			}
			elided := g.Samples[0].Elided
			for i, s := range g.Samples {
				if i == 0 {
					continue
				}
				if want := tt.messages[i]; s.Message != want {
					t.Errorf("sample %d message %q, want %q", i, s.Message, want)
				}
				if want := tt.bodies[i]; !s.Elided && s.Body != want {
					t.Errorf("sample %d body differs", i)
				}
				elided = elided || s.Elided
				if got := unsafe.StringData(s.Message) == unsafe.StringData(g.Samples[0].Message); got != tt.shareMessage[i] {
					t.Errorf("sample %d shares the message: %v, want %v", i, got, tt.shareMessage[i])
				}
				if got := unsafe.StringData(s.Body) == unsafe.StringData(g.Samples[0].Body); got != tt.shareBody[i] {
					t.Errorf("sample %d shares the body: %v, want %v", i, got, tt.shareBody[i])
				}
			}
			if elided != tt.wantElidedAny {
				t.Errorf("elided %v, want %v", elided, tt.wantElidedAny)
			}
		})
	}
}
