// Package report renders the summary document: text for terminals, JSON for programs, Markdown for
// step summaries and workflow commands for GitHub Actions.
package report

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/summary"
)

// WriteJSON writes doc as indented JSON. The failure groups, which hold most of a big report, are
// encoded and written one at a time, so memory does not follow the report's size.
func WriteJSON(w io.Writer, doc *summary.Document) error {
	_, err := writeJSON(w, doc)
	return err
}

// writeJSON is WriteJSON; it reports whether it could write the groups one at a time.
func writeJSON(w io.Writer, doc *summary.Document) (streamed bool, err error) {
	// The document with every run's groups left empty is small: encode it, then write the groups
	// where each run's empty list is.
	shell := *doc
	shell.Inputs = make([]summary.Input, len(doc.Inputs))
	var groups [][]*classify.Group
	for i, in := range doc.Inputs {
		shell.Inputs[i] = in
		shell.Inputs[i].Runs = make([]*classify.Run, len(in.Runs))
		for j, r := range in.Runs {
			rc := *r
			rc.Groups = []*classify.Group{}
			shell.Inputs[i].Runs[j] = &rc
			groups = append(groups, r.Groups)
		}
	}
	var buf bytes.Buffer
	if err := encodeJSON(&buf, &shell, ""); err != nil {
		return false, err
	}
	out := buf.Bytes()
	// A run's members sit 10 spaces deep (document, inputs, input, runs, run); no string holds a
	// raw line break, so this finds the runs' own "groups" members, in order.
	const runIndent = "          "
	marker := []byte("\n" + runIndent + `"groups": []`)
	if bytes.Count(out, marker) != len(groups) {
		return false, encodeJSON(w, doc, "") // not the expected shape: encode it whole
	}
	for _, gs := range groups {
		i := bytes.Index(out, marker) + len(marker) - len("[]")
		if _, err := w.Write(out[:i]); err != nil {
			return true, err
		}
		out = out[i+len("[]"):]
		if err := writeJSONGroups(w, gs, runIndent); err != nil {
			return true, err
		}
	}
	_, err = w.Write(out)
	return true, err
}

// writeJSONGroups writes gs as an indented JSON list whose closing bracket is indented by indent.
func writeJSONGroups(w io.Writer, gs []*classify.Group, indent string) error {
	if len(gs) == 0 {
		_, err := io.WriteString(w, "[]")
		return err
	}
	if _, err := io.WriteString(w, "["); err != nil {
		return err
	}
	var buf bytes.Buffer
	for i, g := range gs {
		buf.Reset()
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString("\n" + indent + "  ")
		if err := encodeJSON(&buf, g, indent+"  "); err != nil {
			return err
		}
		buf.Truncate(buf.Len() - 1) // the encoder's line break
		if _, err := w.Write(buf.Bytes()); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "\n"+indent+"]")
	return err
}

// encodeJSON writes v as JSON indented by two spaces, each line after the first prefixed with prefix.
func encodeJSON(w io.Writer, v any, prefix string) error {
	enc := json.NewEncoder(w)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
