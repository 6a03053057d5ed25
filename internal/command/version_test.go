package command

import (
	"bytes"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionOf(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i+1 < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	const rev = "0123456789abcdef0123456789abcdef01234567"
	tests := []struct {
		name    string
		stamped string
		bi      *debug.BuildInfo
		want    string
	}{
		{"stamped wins", "v1.2.3", &debug.BuildInfo{Main: debug.Module{Version: "v1.0.0"},
			Settings: vcs("vcs.revision", rev, "vcs.modified", "true")}, "v1.2.3"},
		{"go install @version", "dev", &debug.BuildInfo{Main: debug.Module{Path: "github.com/ctlog-dev/ctlog", Version: "v1.4.0"}}, "v1.4.0"},
		{"local build, clean", "dev", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: vcs("vcs", "git", "vcs.revision", rev, "vcs.time", "2025-03-01T12:00:00Z", "vcs.modified", "false")},
			"0123456789ab (2025-03-01T12:00:00Z)"},
		{"local build, dirty", "dev", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20250301120000-0123456789ab+dirty"},
			Settings: vcs("vcs.revision", rev, "vcs.time", "2025-03-01T12:00:00Z", "vcs.modified", "true")},
			"0123456789ab-dirty (2025-03-01T12:00:00Z)"},
		{"local build, no time", "", &debug.BuildInfo{Settings: vcs("vcs.revision", "abc", "vcs.modified", "true")}, "abc-dirty"},
		{"devel, no vcs", "dev", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
		{"nothing", "dev", nil, "dev"},
		{"empty stamp, empty info", "", &debug.BuildInfo{}, "dev"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := versionOf(tt.stamped, tt.bi); got != tt.want {
				t.Errorf("versionOf(%q, …) = %q, want %q", tt.stamped, got, tt.want)
			}
		})
	}
}

// TestVersionFlagAndTool: --version and the document's tool field say the same version.
func TestVersionFlagAndTool(t *testing.T) {
	var out bytes.Buffer
	ios := IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &out, Getenv: func(string) string { return "" }}
	if code := Main([]string{"--version"}, ios); code != ExitOK {
		t.Fatalf("exit %d: %s", code, out.String())
	}
	if want := "ctlog version " + version() + "\n"; out.String() != want {
		t.Errorf("--version printed %q, want %q", out.String(), want)
	}
	out.Reset()
	if code := Main([]string{"summarize", "-o", "json", "../../testdata/logs/passing.log"}, ios); code != ExitOK {
		t.Fatalf("exit %d: %s", code, out.String())
	}
	if want := `"tool": "ctlog ` + version() + `"`; !strings.Contains(out.String(), want) {
		t.Errorf("the document has no %s", want)
	}
}
