package tui

import (
	"io"
	"testing"

	"github.com/ctlog-dev/ctlog/classify"
)

func TestHistoryBadge(t *testing.T) {
	th := newTheme(io.Discard, Plain)
	tests := []struct {
		g    classify.Group
		want string
	}{
		{classify.Group{}, ""},
		{classify.Group{History: "intermittent (3 of 5)", Timeline: []bool{true, false, true, false, true}}, "[history] intermittent (3 of 5)  █▁█▁█"},
		{classify.Group{History: "new since abc1234", Timeline: []bool{false, false}}, "[history] new since abc1234  ▁▁"},
		{classify.Group{History: "new since \x1b[31mx"}, `[history] new since \x1b[31mx`},
	}
	for _, tt := range tests {
		if got := historyBadge(th, &tt.g); got != tt.want {
			t.Errorf("historyBadge(%q, %v) = %q, want %q", tt.g.History, tt.g.Timeline, got, tt.want)
		}
	}
}
