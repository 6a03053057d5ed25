package pipeline

import (
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/formats"
	"github.com/ctlog-dev/ctlog/internal/input"
	"github.com/ctlog-dev/ctlog/internal/summary"
	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/parser/allure"
)

// Allure results are the one format whose run spans several files: Schemathesis writes one
// `<uuid>-result.json` per operation into the results directory, with the attachment files
// beside them. The walk hands them over one by one, so the reader of a path gathers them: the
// result files and attachments of each directory (a directory on disk, or a folder of a zip) are
// read into memory as they come, the first result file of a directory keeps its place among the
// path's inputs, and once the walk is done each directory's results are parsed together, in the
// walk's (sorted) order, into one input with one run, named after the directory. Attachments are
// never inputs of their own; a result reaches the attachments of its own directory only. A result
// file named as the path itself is one run of its own, named after the file.

// Bounds on what the results of one path may keep in memory.
const (
	maxAllureBytes     = 256 << 20 // all result files
	maxAttachmentBytes = 64 << 20  // all attachments kept
	maxAttachmentKept  = 1 << 20   // what is kept of one attachment
)

// allureGroup is the results of one directory.
type allureGroup struct {
	name  string // the input's name: the directory, or the path when it is a result file
	dir   string // the directory's name as the walk gives it
	slot  int    // the index of the group's input among the path's inputs
	files []allure.File
	warns []string
}

// allureResults gathers the Allure results and attachments of one path.
type allureResults struct {
	groups   []*allureGroup
	byDir    map[string]*allureGroup
	attach   map[string][]byte // "dir/source" → content
	bytes    int64
	attBytes int64
}

// dirOf is the directory part of a source name ("a.zip/allure/x-result.json" → "a.zip/allure").
func dirOf(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[:i]
	}
	return "."
}

// isAllure reports whether src is an Allure result to gather.
func (rd *reader) isAllure(src input.Source) bool {
	if src.Refused != "" {
		return false
	}
	if f := rd.opts.Format; f != "" {
		return f == parser.FormatAllure
	}
	return formats.Detect(src.Head) == parser.FormatAllure
}

// attachment keeps the start of an attachment file for the results of its directory.
func (a *allureResults) attachment(src input.Source) error {
	if a.attBytes >= maxAttachmentBytes {
		return nil
	}
	rc, err := src.Open()
	if err != nil {
		return nil // an attachment that cannot be read only leaves a failure without it
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxAttachmentKept))
	if err != nil {
		return nil
	}
	if a.attach == nil {
		a.attach = map[string][]byte{}
	}
	a.attach[dirOf(src.Name)+"/"+baseOf(src.Name)] = data
	a.attBytes += int64(len(data))
	return nil
}

func baseOf(name string) string {
	return name[strings.LastIndexAny(name, `/\`)+1:]
}

// result reads one result file into the group of its directory. It reports whether the file
// starts a new group, whose input takes the place slot; an error is the file's own, for an input
// of its own.
func (a *allureResults) result(src input.Source, path string, slot int) (bool, error) {
	rc, err := src.Open()
	if err != nil {
		return false, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, allure.MaxFile+1))
	if err != nil {
		return false, err
	}
	if a.bytes+int64(len(data)) > maxAllureBytes {
		return false, fmt.Errorf("%s: the Allure results of %s are larger than %d MiB together: not read", src.Name, input.DisplayName(path), maxAllureBytes>>20)
	}
	a.bytes += int64(len(data))
	dir, name := dirOf(src.Name), dirOf(src.Name)
	if src.Name == path || path == "-" {
		dir, name = src.Name, input.DisplayName(src.Name) // the path itself: a run of its own
	}
	g := a.byDir[dir]
	added := g == nil
	if added {
		g = &allureGroup{name: name, dir: dir, slot: slot}
		if a.byDir == nil {
			a.byDir = map[string]*allureGroup{}
		}
		a.byDir[dir] = g
		a.groups = append(a.groups, g)
	}
	g.files = append(g.files, allure.File{Name: input.DisplayName(src.Name), Data: data})
	g.warns = append(g.warns, src.Warnings...)
	return added, nil
}

// input parses the results of one group into its input.
func (rd *reader) allureInput(idx int, a *allureResults, g *allureGroup) summary.Input {
	in := summary.Input{Name: g.name, Format: parser.FormatAllure, Notes: g.warns}
	var size int64
	for _, f := range g.files {
		size += int64(len(f.Data))
	}
	col := &classify.Collector{}
	var h parser.Joiner[*classify.Part] = col
	var read atomic.Int64
	s := Source{Input: idx, Name: g.name, Size: size}
	obs := rd.opts.Observer
	if obs != nil {
		if after := obs.Begin(s, read.Load, col); after != nil {
			h = &tap{col: col, after: after}
		}
	}
	attach := func(source string) ([]byte, bool) {
		data, ok := a.attach[g.dir+"/"+source]
		return data, ok
	}
	ah, wait := parser.Async(h)
	st := allure.ParseRun(g.files, attach, parser.Options{Name: g.name}, ah)
	wait()
	read.Store(st.Bytes)
	if obs != nil {
		obs.End(s, st, nil)
	}
	in.Bytes, in.Lines, in.Encoding, in.BOM = st.Bytes, st.Lines, st.Encoding, st.BOM
	in.Runs = col.Finish()
	in.Diagnostics = col.Diagnostics
	if len(in.Runs) == 0 {
		in.Skipped = "no Schemathesis output"
	}
	return in
}
