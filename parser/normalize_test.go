package parser

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct {
		name       string
		first      string // a first line deciding the wrapping (empty: the line itself)
		in         string
		want       string
		wantMarker string
	}{
		{name: "plain", in: "Workers: 1", want: "Workers: 1"},
		{name: "ansi sgr", in: "\x1b[1m\x1b[31m- Server error\x1b[0m", want: "- Server error"},
		{name: "ansi partial bold", in: "\x1b[1mReproduce with\x1b[0m: ", want: "Reproduce with: "},
		{name: "cursor movement", in: "\x1b[2K\x1b[1AGET /x", want: "GET /x"},
		{name: "osc title", in: "\x1b]0;title\x07text", want: "text"},
		{name: "carriage return overwrite", in: "API probing: ...\rAPI probing: SUCCESS", want: "API probing: SUCCESS"},
		{name: "shorter overwrite keeps the rest", in: "abcdef\rXY", want: "XYcdef"},
		{name: "trailing carriage return", in: "done\r", want: "done"},
		{name: "github timestamp", first: "2025-03-14T09:12:45.1234567Z start", in: "2025-03-14T09:12:46.0000001Z Workers: 1", want: "Workers: 1"},
		{name: "github empty line", first: "2025-03-14T09:12:45.1234567Z start", in: "2025-03-14T09:12:46.0000001Z ", want: ""},
		{name: "github group", first: "2025-03-14T09:12:45.1234567Z start", in: "2025-03-14T09:12:46.0000001Z ##[group]Run st run", wantMarker: "group"},
		{name: "github error", first: "2025-03-14T09:12:45.1234567Z start", in: "2025-03-14T09:12:46.0000001Z ##[error]Process completed with exit code 1.", wantMarker: "error"},
		{name: "timestamp kept without wrapping", first: "plain first line", in: "2025-03-14T09:12:46.0000001Z app log", want: "2025-03-14T09:12:46.0000001Z app log"},
		{name: "bom then timestamp", first: "\uFEFF2025-03-14T09:12:45.1234567Z start", in: "2025-03-14T09:12:46.0000001Z x", want: "x"},
		{name: "gh run view", first: "tests\tSet up job\t2025-03-14T09:12:45.1234567Z Current runner version", in: "tests\tRun schemathesis\t2025-03-14T09:12:46.0000001Z GET /x .  [100%]", want: "GET /x .  [100%]"},
		{name: "gh run view marker", first: "tests\tSet up job\t2025-03-14T09:12:45.1234567Z x", in: "tests\tRun st\t2025-03-14T09:12:46.0000001Z ##[endgroup]", wantMarker: "endgroup"},
		{name: "gh run view bom in job log", first: "tests\tSet up job\t\uFEFF2025-03-14T09:12:45.1234567Z x", in: "tests\tSet up job\t\uFEFF2025-03-14T09:12:45.1234567Z y", want: "y"},
		{name: "tabs in plain logs stay", in: "a\tb\tc", want: "a\tb\tc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n normalizer
			if tt.first != "" {
				n.normalize([]byte(tt.first))
			}
			got, marker, _ := n.normalize([]byte(tt.in))
			if marker != tt.wantMarker {
				t.Fatalf("marker = %q, want %q", marker, tt.wantMarker)
			}
			if marker == "" && string(got) != tt.want {
				t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
