package schemaloc

import (
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Finder finds the schema file of each run and the line of each failure in it, reading every
// file once.
type Finder struct {
	// Schema is the document every run's operations are looked up in (--schema); "" uses the
	// schema location each log names, when it is a file in Dir's checkout.
	Schema string
	// Dir is the root of the checkout: file names are relative to it, and a log's schema
	// location is looked for in it by suffix. "" is the working directory.
	Dir string

	cache map[string]*found // by --schema or schema location
}

type found struct {
	file string // relative to Dir, with forward slashes
	loc  *Locator
}

// Locate returns the file, relative to Dir, and the line an annotation of a failure of check with
// the response status of operation belongs on, in the run whose log names schemaLocation; "" and
// 0 when there is no schema file or it does not define the operation.
func (f *Finder) Locate(schemaLocation, operation, check string, status int) (string, int) {
	key := f.Schema
	if key == "" {
		key = schemaLocation
	}
	if key == "" {
		return "", 0
	}
	if f.cache == nil {
		f.cache = map[string]*found{}
	}
	fd, ok := f.cache[key]
	if !ok {
		fd = f.load(key)
		f.cache[key] = fd
	}
	if fd == nil {
		return "", 0
	}
	line := fd.loc.Place(operation, check, status)
	if line == 0 {
		return "", 0
	}
	return fd.file, line
}

func (f *Finder) load(key string) *found {
	dir := f.Dir
	if dir == "" {
		dir = "."
	}
	var file, rel string
	if f.Schema != "" {
		file = f.Schema
		rel = relTo(dir, file)
	} else {
		file, rel = f.inCheckout(dir, key)
	}
	if file == "" || rel == "" {
		return nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	loc, err := Parse(data)
	if err != nil {
		return nil
	}
	return &found{file: rel, loc: loc}
}

// inCheckout finds the file a log's schema location names in the checkout at dir: the path as
// given when it is inside dir, else the longest tail of it that is a file under dir —
// file:///home/runner/work/repo/repo/openapi/api.yaml is openapi/api.yaml. A URL other than
// file:// names no file here.
func (f *Finder) inCheckout(dir, location string) (file, rel string) {
	p := location
	if u, err := url.Parse(location); err == nil && u.Scheme != "" && len(u.Scheme) > 1 {
		if u.Scheme != "file" {
			return "", ""
		}
		p = u.Path
	}
	if p == "" {
		return "", ""
	}
	if isFile(p) && !filepath.IsAbs(p) {
		if r := relTo(dir, p); r != "" {
			return p, r
		}
	}
	parts := strings.Split(strings.Trim(filepath.ToSlash(p), "/"), "/")
	for i := range parts {
		tail := path.Join(parts[i:]...)
		if tail == "" || tail == "." || strings.HasPrefix(tail, "..") {
			continue
		}
		if c := filepath.Join(dir, filepath.FromSlash(tail)); isFile(c) {
			return c, tail
		}
	}
	return "", ""
}

// relTo is file relative to dir with forward slashes, or "" when it is outside dir.
func relTo(dir, file string) string {
	ad, err1 := filepath.Abs(dir)
	af, err2 := filepath.Abs(file)
	if err1 != nil || err2 != nil {
		return ""
	}
	r, err := filepath.Rel(ad, af)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(r)
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}
