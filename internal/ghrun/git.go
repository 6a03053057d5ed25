package ghrun

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Checkout is what ctlog reads from the git checkout it runs in: the current branch and the
// repository its remote names. It reads .git/HEAD and .git/config itself; no git binary is needed.
type Checkout struct {
	Dir    string // the directory holding .git
	Branch string // "" when HEAD is detached
	Remote string // the remote's name ("origin")
	URL    string // the remote's URL
	Repo   Locator
	Commit string // the commit HEAD points to ("" when it cannot be read)
}

// ErrNoCheckout is returned by FindCheckout when no .git is found above the directory.
var ErrNoCheckout = errors.New("not in a git checkout")

// FindCheckout looks for .git in dir and its parents and reads the current branch and the remote
// of that branch (branch.NAME.remote, else origin). A remote whose URL names no OWNER/REPO is
// an error; so is a checkout without that remote.
func FindCheckout(dir string) (*Checkout, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for d := abs; ; d = filepath.Dir(d) {
		p := filepath.Join(d, ".git")
		if fi, err := os.Stat(p); err == nil {
			gitDir := p
			if !fi.IsDir() {
				if gitDir, err = readGitFile(p); err != nil {
					return nil, err
				}
			}
			return readCheckout(d, gitDir)
		}
		if filepath.Dir(d) == d {
			return nil, ErrNoCheckout
		}
	}
}

// readGitFile follows a .git file ("gitdir: PATH"), as worktrees and submodules have.
func readGitFile(p string) (string, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return "", err
	}
	line := strings.TrimSpace(string(b))
	dir, ok := strings.CutPrefix(line, "gitdir:")
	if !ok {
		return "", fmt.Errorf("%s: not a gitdir file", p)
	}
	dir = strings.TrimSpace(dir)
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(filepath.Dir(p), dir)
	}
	return dir, nil
}

func readCheckout(work, gitDir string) (*Checkout, error) {
	co := &Checkout{Dir: work}
	head, err := os.ReadFile(filepath.Join(gitDir, "HEAD"))
	if err != nil {
		return nil, fmt.Errorf("read the current branch: %w", err)
	}
	if ref, ok := strings.CutPrefix(strings.TrimSpace(string(head)), "ref:"); ok {
		co.Branch = strings.TrimPrefix(strings.TrimSpace(ref), "refs/heads/")
	}
	// A worktree keeps its HEAD in its own gitdir and the config in the common one.
	common := gitDir
	if b, err := os.ReadFile(filepath.Join(gitDir, "commondir")); err == nil {
		c := strings.TrimSpace(string(b))
		if !filepath.IsAbs(c) {
			c = filepath.Join(gitDir, c)
		}
		common = c
	}
	co.Commit = headCommit(strings.TrimSpace(string(head)), gitDir, common)
	cfg, err := os.ReadFile(filepath.Join(common, "config"))
	if err != nil {
		return nil, fmt.Errorf("read the git config: %w", err)
	}
	conf := parseGitConfig(cfg)
	co.Remote = "origin"
	if r := conf[`branch "`+co.Branch+`".remote`]; co.Branch != "" && r != "" && r != "." {
		co.Remote = r
	}
	co.URL = conf[`remote "`+co.Remote+`".url`]
	if co.URL == "" {
		return co, fmt.Errorf("the checkout in %s has no remote %q; pass --repo OWNER/REPO", work, co.Remote)
	}
	loc, err := parseRemoteURL(co.URL)
	if err != nil {
		return co, fmt.Errorf("remote %q (%s): %v; pass --repo OWNER/REPO", co.Remote, co.URL, err)
	}
	co.Repo = loc
	return co, nil
}

// headCommit resolves HEAD (a commit, or "ref: refs/heads/B") through the loose refs of the
// worktree and common git directories and packed-refs; "" when it cannot.
func headCommit(head, gitDir, common string) string {
	ref, ok := strings.CutPrefix(head, "ref:")
	if !ok {
		return head
	}
	ref = strings.TrimSpace(ref)
	for _, d := range []string{gitDir, common} {
		if b, err := os.ReadFile(filepath.Join(d, filepath.FromSlash(ref))); err == nil {
			return strings.TrimSpace(string(b))
		}
	}
	b, err := os.ReadFile(filepath.Join(common, "packed-refs"))
	if err != nil {
		return ""
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if sha, name, ok := strings.Cut(strings.TrimSpace(line), " "); ok && name == ref {
			return sha
		}
	}
	return ""
}

// parseGitConfig reads the keys of a git config file as `section "sub".key` (section and key
// lower-cased, the subsection as written) to their last value. It handles what remotes and
// branches need: sections, subsections, comments, quoted values.
func parseGitConfig(b []byte) map[string]string {
	out := map[string]string{}
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' {
			end := strings.LastIndexByte(line, ']')
			if end < 0 {
				continue
			}
			head := strings.TrimSpace(line[1:end])
			name, sub, ok := strings.Cut(head, " ")
			section = strings.ToLower(name)
			if ok {
				section += ` "` + strings.Trim(strings.TrimSpace(sub), `"`) + `"`
			} else if i := strings.IndexByte(name, '.'); i >= 0 { // [branch.main] (old form)
				section = strings.ToLower(name[:i]) + ` "` + name[i+1:] + `"`
			}
			continue
		}
		key, val, _ := strings.Cut(line, "=")
		val = strings.TrimSpace(val)
		if i := strings.IndexAny(val, "#;"); i >= 0 && !strings.HasPrefix(val, `"`) {
			val = strings.TrimSpace(val[:i])
		}
		val = strings.Trim(val, `"`)
		out[section+"."+strings.ToLower(strings.TrimSpace(key))] = val
	}
	return out
}

// parseRemoteURL reads the host, owner and repository from a git remote URL:
// https://github.com/o/r(.git), git@github.com:o/r.git, ssh://git@host[:port]/o/r.git.
func parseRemoteURL(s string) (Locator, error) {
	var host, path string
	switch {
	case strings.Contains(s, "://"):
		u, err := url.Parse(s)
		if err != nil {
			return Locator{}, err
		}
		host, path = u.Hostname(), u.Path
		if u.Scheme != "ssh" && u.Port() != "" && u.Port() != "443" {
			host = u.Host
		}
	case strings.Contains(s, ":"): // scp-like: [user@]host:path
		h, p, _ := strings.Cut(s, ":")
		if i := strings.LastIndexByte(h, '@'); i >= 0 {
			h = h[i+1:]
		}
		host, path = h, p
	default:
		return Locator{}, errors.New("not a URL of a GitHub repository")
	}
	if host == "ssh.github.com" { // SSH over port 443
		host = DefaultHost
	}
	path = strings.TrimSuffix(strings.Trim(path, "/"), ".git")
	parts := strings.Split(path, "/")
	if len(parts) != 2 {
		return Locator{}, errors.New("the URL does not end in OWNER/REPO")
	}
	return ParseRepo(parts[0]+"/"+parts[1], strings.ToLower(host))
}
