package command

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The planted secrets of testdata/secrets: every value holds PLANTED, except those that show only
// encoded (Basic credentials, a JWT's parts), listed here.
var (
	secretsLog      = filepath.Join("..", "..", "testdata", "secrets", "v4-secrets.log")
	secretsCassette = filepath.Join("..", "..", "testdata", "secrets", "secrets.yaml")
	plantedRe       = regexp.MustCompile(`(?i)s3cr3t[^\s"'\\]*|[^\s"'\\]*PLANTED[^\s"'\\]*|YWRtaW46czNjcjN0LVBMQU5URUQtYmFzaWM|eyJzdWIiOiJQTEFOVEVEIn0|czNjcjN0UExBTlRFRHNpZw|MIIE`)
)

// assertNoSecret fails when out holds a planted secret, naming each.
func assertNoSecret(t *testing.T, where, out string) {
	t.Helper()
	if out == "" {
		t.Errorf("%s: empty output", where)
		return
	}
	if m := plantedRe.FindAllString(out, -1); m != nil {
		t.Errorf("%s leaks %d planted secrets: %q", where, len(m), m)
	}
}

// assertTriage fails when masking ate what triage needs: keys, header names, operation paths, causes.
func assertTriage(t *testing.T, where, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("%s lost %q", where, w)
		}
	}
}

// TestNoSecretInAnyOutput runs every output of ctlog on a log and a cassette holding every kind of
// secret ctlog masks, in every place it can be (headers, queries, URL credentials, request and
// response bodies, a Value: block, a 500 body whose first line becomes the group's cause), and
// checks that no planted value survives while the keys and paths stay.
func TestNoSecretInAnyOutput(t *testing.T) {
	dir := t.TempDir()
	paths := []string{secretsLog, secretsCassette}
	// The triage that must survive, in the outputs that show samples in full.
	full := []string{
		"/api/v2/auth/token/", "/api/v1/sessions/{session_id}/", "/api/v2/oauth/clients/", "/api/v1/debug/headers/",
		"OperationalError: could not connect to postgres://harbor:[REDACTED]@db", "Bearer [REDACTED]",
		`"password": "[REDACTED]"`, "access_token=[REDACTED]", "X-Api-Token: [REDACTED]", "session=[REDACTED]",
		"client_secret=[REDACTED]", "refresh_token", "X-Auth-Token: [REDACTED]", "X-Request-Id: 7f3e", "Basic [REDACTED]",
		"Authorization: [Filtered]", `"author":"Ann Example"`, "redis://:[REDACTED]@cache",
	}
	for _, o := range []string{"text", "json", "markdown", "github"} {
		code, out, errOut := run(t, "", nil, append([]string{"summarize", "-o", o}, paths...)...)
		if code != ExitOK && code != ExitFailures {
			t.Fatalf("summarize -o %s: exit %d: %s", o, code, errOut)
		}
		assertNoSecret(t, "summarize -o "+o, out+errOut)
		switch o {
		case "json":
			assertTriage(t, "summarize -o json", strings.ReplaceAll(out, `\"`, `"`), full...)
		default:
			assertTriage(t, "summarize -o "+o, out, "/api/v2/auth/token/", "/api/v1/sessions/{session_id}/", "postgres://harbor:[REDACTED]@db")
		}
	}

	summaryFile := filepath.Join(dir, "step-summary.md")
	env := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summaryFile}
	code, out, errOut := run(t, "", env, append([]string{"summarize"}, paths...)...)
	if code != ExitOK && code != ExitFailures {
		t.Fatalf("summarize in GitHub Actions: exit %d: %s", code, errOut)
	}
	assertNoSecret(t, "summarize in GitHub Actions (stdout)", out+errOut)
	step, err := os.ReadFile(summaryFile)
	if err != nil {
		t.Fatalf("no step summary: %v", err)
	}
	assertNoSecret(t, "the step summary", string(step))
	assertTriage(t, "the step summary", string(step), "/api/v2/auth/token/", "postgres://harbor:[REDACTED]@db")

	baseline := filepath.Join(dir, "baseline.json")
	if code, _, errOut := run(t, "", nil, append([]string{"baseline", "save", "-o", baseline}, paths...)...); code != ExitOK {
		t.Fatalf("baseline save: exit %d: %s", code, errOut)
	}
	b, err := os.ReadFile(baseline)
	if err != nil {
		t.Fatal(err)
	}
	assertNoSecret(t, "the saved baseline", string(b))
	assertTriage(t, "the saved baseline", string(b), "/api/v1/sessions/{session_id}/", "postgres://harbor:[REDACTED]@db")
	// The redacted baseline knows the groups whose cause held a secret: none is new.
	code, out, errOut = run(t, "", nil, "summarize", "-o", "json", "--baseline", baseline, "--fail-on", "new", secretsLog)
	if code != ExitOK || strings.Contains(out, `"new": true`) {
		t.Errorf("summarize --baseline of the same run: exit %d, new groups: %v; %s", code, strings.Contains(out, `"new": true`), errOut)
	}

	// diff: the secrets log against a copy whose cause and settings differ, so every kind of
	// line (settings, new, gone, changed groups) is printed.
	other := filepath.Join(dir, "other.log")
	data, err := os.ReadFile(secretsLog)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.NewReplacer("s3cr3t-PLANTED-dbpass", "s3cr3t-PLANTED-dbpass2", "Seed: 42", "Seed: 43",
		"baseurlpw", "baseurlpw2", "GET /api/v1/debug/headers/", "GET /api/v1/debug/headerz/").Replace(string(data))
	if err := os.WriteFile(other, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, o := range []string{"text", "json"} {
		code, out, errOut := run(t, "", nil, "diff", "-o", o, secretsLog, other)
		if code != ExitOK && code != ExitFailures {
			t.Fatalf("diff -o %s: exit %d: %s", o, code, errOut)
		}
		assertNoSecret(t, "diff -o "+o, out+errOut)
		assertTriage(t, "diff -o "+o, out, "/api/v1/debug/headerz/")
	}
}
