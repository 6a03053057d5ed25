package doctor

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// maxFile is the largest file doctor reads; a bigger one is reported as unreadable.
const maxFile = 4 << 20

// repo is the checkout doctor reads.
type repo struct {
	root     string
	cache    map[string][]byte
	missing  map[string]bool
	findings []Finding
	pins     map[string]pin // by file, as read
}

func newRepo(root string) *repo {
	return &repo{root: root, cache: map[string][]byte{}, missing: map[string]bool{}, pins: map[string]pin{}}
}

// read returns a file of the repository (rel is slash-separated, relative to the root); ok is
// false when it does not exist. Other read errors are findings.
func (r *repo) read(rel string) ([]byte, bool) {
	rel = path.Clean(rel)
	if src, ok := r.cache[rel]; ok {
		return src, true
	}
	if r.missing[rel] || !fs.ValidPath(rel) {
		return nil, false
	}
	p := filepath.Join(r.root, filepath.FromSlash(rel))
	fi, err := os.Stat(p)
	if err == nil && fi.IsDir() {
		r.missing[rel] = true
		return nil, false
	}
	if err == nil && fi.Size() > maxFile {
		err = fmt.Errorf("%d bytes, more than the %d doctor reads", fi.Size(), maxFile)
	}
	var src []byte
	if err == nil {
		src, err = os.ReadFile(p)
	}
	if err != nil {
		r.missing[rel] = true
		if !errors.Is(err, fs.ErrNotExist) {
			r.unreadable(Loc{File: rel}, err)
		}
		return nil, false
	}
	r.cache[rel] = src
	return src, true
}

// exists reports whether a file of the repository exists.
func (r *repo) exists(rel string) bool {
	_, ok := r.read(rel)
	return ok
}

// unreadable records a file doctor could not read or parse: it counts as a problem.
func (r *repo) unreadable(at Loc, err error) {
	r.findings = append(r.findings, Finding{ID: IDUnreadable, Severity: SevError, Loc: at,
		Message: fmt.Sprintf("could not read %s: %v; doctor cannot say what it does", at.File, err),
		Fix:     "make the file readable and valid, then run ctlog doctor again"})
}

// pinFrom reads the Schemathesis pin of a requirements file or lock.
func (r *repo) pinFrom(rel string) (pin, bool) {
	rel = path.Clean(rel)
	if p, ok := r.pins[rel]; ok {
		return p, p.Version != ""
	}
	src, ok := r.read(rel)
	if !ok {
		r.pins[rel] = pin{}
		return pin{}, false
	}
	p, ok := readPin(rel, src)
	r.pins[rel] = p
	return p, ok
}

// pinFiles are where a local environment gets Schemathesis from, most authoritative first.
var pinFiles = []string{"uv.lock", "poetry.lock", "pdm.lock", "requirements-dev.txt", "requirements/dev.txt",
	"dev-requirements.txt", "requirements-test.txt", "requirements/test.txt", "test-requirements.txt",
	"requirements.txt", "pyproject.toml"}

// localPin is the version a developer's environment installs: the first of pinFiles that pins it.
func (r *repo) localPin() Value {
	for _, f := range pinFiles {
		if p, ok := r.pinFrom(f); ok {
			return Value{Value: p.Version, Loc: p.Loc}
		}
	}
	return Value{}
}
