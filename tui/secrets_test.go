package tui

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// The planted secrets of testdata/secrets (see internal/command/secrets_test.go).
var plantedRe = regexp.MustCompile(`(?i)s3cr3t[^\s"'\\]*|[^\s"'\\]*PLANTED[^\s"'\\]*|YWRtaW46czNjcjN0LVBMQU5URUQtYmFzaWM|eyJzdWIiOiJQTEFOVEVEIn0|czNjcjN0UExBTlRFRHNpZw|MIIE`)

var secretInputs = []string{"../testdata/secrets/v4-secrets.log", "../testdata/secrets/secrets.yaml"}

// TestViewsShowNoSecret renders the list and the detail of every cluster read from the secrets
// log and cassette: no planted value shows, the operations and masked keys do.
func TestViewsShowNoSecret(t *testing.T) {
	m := loadedModel(t, Plain, 200, 400, "", secretInputs...)
	do := func(k string) {
		_, cmd := m.Update(key(k))
		for cmd != nil {
			msg := cmd()
			if msg == nil {
				return
			}
			_, cmd = m.Update(msg)
		}
	}
	list := m.View()
	if s := plantedRe.FindAllString(list, -1); s != nil {
		t.Errorf("the list shows planted secrets %q:\n%s", s, list)
	}
	for _, w := range []string{"/api/v1/sessions/{session_id}/", "/api/v2/auth/token/", "postgres://harbor:[REDACTED]@db"} {
		if !strings.Contains(list, w) {
			t.Errorf("the list lost %q:\n%s", w, list)
		}
	}
	// The causes view and the list narrowed to a cause.
	do("C")
	for _, v := range []string{m.View(), func() string { do("enter"); return m.View() }()} {
		if s := plantedRe.FindAllString(v, -1); s != nil {
			t.Errorf("the causes show planted secrets %q:\n%s", s, v)
		}
		if !strings.Contains(v, "postgres://harbor:[REDACTED]@db") {
			t.Errorf("the cause is not shown:\n%s", v)
		}
	}
	do("esc")
	do("g")
	var details strings.Builder
	for i := 0; i < 6; i++ {
		do("enter")
		if m.top() != screenDetail {
			t.Fatalf("enter does not open cluster %d:\n%s", i+1, m.View())
		}
		v := m.View()
		details.WriteString(v)
		if s := plantedRe.FindAllString(v, -1); s != nil {
			t.Errorf("the detail of cluster %d shows planted secrets %q:\n%s", i+1, s, v)
		}
		do("esc")
		do("j")
	}
	for _, w := range []string{"X-Api-Token: [REDACTED]", `"password": "[REDACTED]"`, "Bearer [REDACTED]", "X-Request-Id: 7f3e", "Authorization: [Filtered]"} {
		if !strings.Contains(details.String(), w) {
			t.Errorf("the details lost %q", w)
		}
	}
}

// TestSnapshotsHoldNoSecret checks every streaming snapshot, causes and settings included.
func TestSnapshotsHoldNoSecret(t *testing.T) {
	for _, path := range secretInputs {
		n, groups := 0, 0
		_, err := stream(context.Background(), path, StreamOptions{Interval: time.Nanosecond, Send: askingAll(func(msg tea.Msg) {
			var b []byte
			switch m := msg.(type) {
			case ProgressMsg:
				b, _ = json.Marshal([]any{m.Runs, m.Rows})
				n++
			case GroupMsg:
				b, _ = json.Marshal(m.G)
				groups++
			}
			if s := plantedRe.FindAllString(string(b), -1); s != nil {
				t.Errorf("%s: a snapshot or a group sent holds planted secrets %q", path, s)
			}
		})})
		if err != nil {
			t.Fatal(err)
		}
		if n < 2 || groups == 0 {
			t.Errorf("%s: %d snapshots, %d groups sent", path, n, groups)
		}
	}
}
