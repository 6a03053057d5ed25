package summary

import (
	"testing"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/redact"
)

// TestRedactSamplesCopiesOnlyWhatChanges checks that samples with nothing to mask come back as
// they are, and that a masked sample gives a new slice while the original stays untouched.
func TestRedactSamplesCopiesOnlyWhatChanges(t *testing.T) {
	r, err := redact.New()
	if err != nil {
		t.Fatal(err)
	}
	clean := []classify.Sample{
		{Message: "Received: 404", Body: `{"detail": "Not found"}`, Reproduce: []string{"curl -X GET http://localhost/api/items/1"}},
		{Message: "Received: 404", Body: `{"detail": "Gone"}`},
	}
	secret := "curl -X GET -H 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345' http://localhost/api/items/1"
	tests := []struct {
		name     string
		samples  []classify.Sample
		wantSame bool
	}{
		{"nothing to mask", clean, true},
		{"none", nil, true},
		{"a token in a command", []classify.Sample{clean[0], {Message: "m", Reproduce: []string{"curl", secret}}}, false},
		{"a token in a body", []classify.Sample{{Body: `{"password": "hunter22"}`}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := make([]classify.Sample, len(tt.samples))
			copy(before, tt.samples)
			var cmds []string
			for _, s := range tt.samples {
				cmds = append(cmds, s.Reproduce...)
			}
			out := RedactSamples(tt.samples, r)
			same := len(out) == 0 || &out[0] == &tt.samples[0]
			if same != tt.wantSame {
				t.Fatalf("same slice %v, want %v", same, tt.wantSame)
			}
			var after []string
			for i, s := range tt.samples {
				if s.Message != before[i].Message || s.Body != before[i].Body {
					t.Errorf("sample %d written to", i)
				}
				after = append(after, s.Reproduce...)
			}
			for i := range cmds {
				if cmds[i] != after[i] {
					t.Errorf("command %d written to: %q", i, after[i])
				}
			}
			if !tt.wantSame {
				masked := false
				for i := range out {
					if out[i].Body != tt.samples[i].Body || len(out[i].Reproduce) > 0 && out[i].Reproduce[len(out[i].Reproduce)-1] != tt.samples[i].Reproduce[len(tt.samples[i].Reproduce)-1] {
						masked = true
					}
				}
				if !masked {
					t.Error("nothing was masked")
				}
			}
		})
	}
}
