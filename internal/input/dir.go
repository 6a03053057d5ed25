package input

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// walkDir walks the directory root as Walk reads a zip archive: its entries in lexical order (the
// order os.ReadDir gives, at every level), each regular file once as a member, with the limits of
// a zip. Every entry, directories included, counts against MaxMembers; a file's bytes count
// against MaxMemberBytes and MaxTotalBytes as a member's do; a file directly in root is one level
// deep and each subdirectory adds a level, so that a directory nested more than MaxDepth deep is
// refused as an archive nested too deep is, and an archive inside the directory opens only while
// its own depth allows. Symbolic links are never followed: one whose target lies inside root is
// skipped (its target is read under its own name), any other is handed to fn as a Source with
// Refused set, which cannot be opened. Sockets, pipes and devices are skipped.
func (w *walker) walkDir(root string) error {
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		return err
	}
	real, err = filepath.Abs(real)
	if err != nil {
		return err
	}
	d := &dirWalk{w: w, root: root, real: real}
	return d.visit(root, 0)
}

// dirWalk is the state of one directory's walk.
type dirWalk struct {
	w       *walker
	root    string // the directory as given, which names the sources
	real    string // its absolute path with symbolic links resolved
	members int
}

func (d *dirWalk) visit(dir string, depth int) error {
	ents, err := os.ReadDir(dir) // sorted by name
	if err != nil {
		return err
	}
	lim := d.w.lim
	for _, e := range ents {
		d.members++
		if d.members > lim.MaxMembers {
			return limitf("%s: more than %d members (--max-members)", d.root, lim.MaxMembers)
		}
		p := filepath.Join(dir, e.Name())
		switch t := e.Type(); {
		case t&fs.ModeSymlink != 0:
			if d.inside(p) {
				continue
			}
			src := Source{Name: p, Size: -1, Refused: "symbolic link to a path outside " + d.root + ": not followed"}
			msg := p + ": " + src.Refused
			src.Open = func() (io.ReadCloser, error) { return nil, fmt.Errorf("%s", msg) }
			if err := d.w.fn(src); err != nil {
				return err
			}
		case e.IsDir():
			if depth+1 > lim.MaxDepth {
				return limitf("%s: directories nested more than %d deep (--max-depth)", p, lim.MaxDepth)
			}
			if err := d.visit(p, depth+1); err != nil {
				return err
			}
		case t.IsRegular():
			if err := d.file(p, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// inside reports whether the symbolic link p leads to a path inside the directory walked.
func (d *dirWalk) inside(p string) bool {
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		return false // dangling or looping: nothing inside to read it as
	}
	target, err = filepath.Abs(target)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(d.real, target)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// file walks one regular file of the directory as a member at depth.
func (d *dirWalk) file(p string, depth int) error {
	fi, err := os.Lstat(p)
	if err != nil {
		return err
	}
	c := &stream{name: p, depth: depth, size: fi.Size(), kind: "member"}
	c.open = func() (io.ReadCloser, error) {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		return d.w.reader(c, f, f), nil
	}
	return d.w.walk(c)
}
