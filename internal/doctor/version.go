package doctor

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
)

var (
	exactRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[.-]?[a-z]+\d*)?$`)
	})
	majorRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:\^|~=?|==)\s*v?(\d+)(?:\.(\d+))?`) })
)

// version is what doctor knows of a Schemathesis version or constraint.
type version struct {
	Major, Minor, Patch int  // 0 when unknown
	Exact               bool // one release
}

// parseVersion reads "3.39.16", "v4.1.0", "^3.19", "~=3.39", "latest", "stable" or "".
func parseVersion(s string) version {
	s = strings.TrimSpace(s)
	if m := exactRe().FindStringSubmatch(s); m != nil {
		v := version{Exact: m[2] != "" && m[3] != ""}
		v.Major, _ = strconv.Atoi(m[1])
		v.Minor, _ = strconv.Atoi(m[2])
		v.Patch, _ = strconv.Atoi(m[3])
		return v
	}
	if m := majorRe().FindStringSubmatch(s); m != nil {
		v := version{}
		v.Major, _ = strconv.Atoi(m[1])
		v.Minor, _ = strconv.Atoi(m[2])
		return v
	}
	if strings.Contains(s, "<4") && !strings.Contains(s, "<4.") {
		return version{Major: 3}
	}
	return version{}
}

// acceptsPath reports whether the version imports a SCHEMATHESIS_HOOKS value that is a file
// path: 3.x and 4.x up to 4.3 only import a dotted module (__import__); later 4.x load a value
// holding a path separator or ending in .py from the file. ok is false when the version is unknown.
func (v version) acceptsPath() (accepts, ok bool) {
	switch {
	case v.Major == 3 || v.Major > 0 && v.Major < 3:
		return false, true
	case v.Major == 4 && v.Exact || v.Major == 4 && v.Minor > 0:
		return v.Minor >= 4, v.Exact || v.Minor >= 4
	case v.Major > 4:
		return true, true
	}
	return false, false
}
