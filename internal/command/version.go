package command

import (
	"runtime/debug"
	"sync"
)

// Version is the version a release build stamps:
//
//	go build -ldflags "-X github.com/ctlog-dev/ctlog/internal/command.Version=v1.2.3" ./cmd/ctlog
//
// When it is left at "dev", ctlog's version comes from the build information (see versionOf).
var Version = "dev"

// version is what `ctlog --version` prints and the document's tool field says after "ctlog ".
var version = sync.OnceValue(func() string {
	bi, _ := debug.ReadBuildInfo()
	return versionOf(Version, bi)
})

// versionOf is ctlog's version from the stamped Version and the binary's build information, the
// first that says something:
//
//  1. a version stamped with -ldflags -X (anything but "dev");
//  2. a local build (go build in a checkout): the VCS revision, its first 12 digits, "-dirty" when
//     the tree had changes, and the commit time — "0123456789ab-dirty (2025-03-01T12:00:00Z)";
//  3. a module build (go install …@v1.2.3): the module version;
//  4. "dev".
//
// The revision goes before the module version because Go 1.24+ also stamps a local build's
// module version (a pseudo-version), which names a commit less plainly.
func versionOf(stamped string, bi *debug.BuildInfo) string {
	if stamped != "" && stamped != "dev" {
		return stamped
	}
	if bi == nil {
		return "dev"
	}
	var rev, at string
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if dirty {
			rev += "-dirty"
		}
		if at != "" {
			rev += " (" + at + ")"
		}
		return rev
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	return "dev"
}
