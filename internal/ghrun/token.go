package ghrun

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"time"
)

// Token is an API token and where it came from. Its String never shows the secret.
type Token struct {
	Value  string
	Source string // "GH_TOKEN", "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN", "gh auth token", or ""
}

// String names the token's source, never its value.
func (t Token) String() string {
	if t.Value == "" {
		return "no token"
	}
	return "the token from " + t.Source
}

// GoString keeps the secret out of %#v too.
func (t Token) GoString() string { return "ghrun.Token{Source: " + strings.TrimSpace(t.Source) + "}" }

// isDotCom reports whether host is github.com (or a GHE.com data-residency host, which gh treats
// alike).
func isDotCom(host string) bool {
	return host == "" || host == DefaultHost || strings.HasSuffix(host, ".ghe.com")
}

// FindToken returns the token to send to host: for github.com GH_TOKEN, else GITHUB_TOKEN; for a
// GitHub Enterprise host GH_ENTERPRISE_TOKEN, else GITHUB_ENTERPRISE_TOKEN (a github.com token is
// never sent to another host); then what ghAuth (`gh auth token --hostname HOST`) prints. No
// token is fine: public repositories are read anonymously.
func FindToken(ctx context.Context, host string, getenv func(string) string, ghAuth func(context.Context, string) string) Token {
	vars := []string{"GH_TOKEN", "GITHUB_TOKEN"}
	if !isDotCom(host) {
		vars = []string{"GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"}
	}
	if getenv != nil {
		for _, v := range vars {
			if t := strings.TrimSpace(getenv(v)); t != "" {
				return Token{Value: t, Source: v}
			}
		}
	}
	if ghAuth != nil {
		if t := strings.TrimSpace(ghAuth(ctx, host)); t != "" {
			return Token{Value: t, Source: "gh auth token"}
		}
	}
	return Token{}
}

// GHAuthToken runs `gh auth token --hostname HOST` when the gh CLI is installed and returns what it
// prints, or "" (gh missing, not logged in, or slower than five seconds).
func GHAuthToken(ctx context.Context, host string) string {
	gh, err := exec.LookPath("gh")
	if err != nil {
		return ""
	}
	if host == "" {
		host = DefaultHost
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, gh, "auth", "token", "--hostname", host)
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		return ""
	}
	return strings.TrimSpace(out.String())
}
