package history

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/ctlog-dev/ctlog/internal/sanitize"
)

// WriteJSON writes v (a *Report or an *Introduction) as indented JSON.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// shortCommit is the first 7 characters of a full commit hash, else the commit as given.
func shortCommit(c string) string {
	if len(c) == 40 {
		return c[:7]
	}
	return sanitize.Line(c)
}

func refText(r RunRef) string {
	s := r.Time.Format("2006-01-02 15:04")
	switch {
	case r.Commit != "":
		s = shortCommit(r.Commit) + " " + s
	case r.URL == "":
		// No commit and no link (a file recorded outside a checkout): its identity says which.
		id := r.Identity
		if d, ok := strings.CutPrefix(id, "sha256:"); ok && len(d) > 12 {
			id = "sha256:" + d[:12]
		}
		s = sanitize.Line(id) + " " + s
	}
	return s
}

func groupName(g GroupInfo) string {
	s := g.Operation + " · " + g.Title
	if g.Status != 0 && !strings.Contains(g.Title, strconv.Itoa(g.Status)) {
		s += fmt.Sprintf(" (%d)", g.Status)
	}
	return sanitize.Line(s)
}

// Timeline draws presence over the window: █ for a run with the group, · for one without.
func Timeline(t []bool) string {
	var b strings.Builder
	for _, in := range t {
		if in {
			b.WriteString("█")
		} else {
			b.WriteString("·")
		}
	}
	return b.String()
}

// shown are the groups the text and Markdown reports list: all but those gone before the window.
func shown(gs []GroupHistory) []GroupHistory {
	out := make([]GroupHistory, 0, len(gs))
	for _, g := range gs {
		if g.Seen > 0 || g.Verdict != Gone {
			out = append(out, g)
		}
	}
	return out
}

// WriteText writes the report for a terminal: the groups with their verdicts and timelines, then
// the runs with a bar of their group counts.
func WriteText(w io.Writer, rep *Report) error {
	fmt.Fprintf(w, "History: %d runs in %s\n", rep.RunsStored, sanitize.Line(rep.Store))
	if rep.Window == 0 {
		fmt.Fprintln(w, "No run with Schemathesis output is stored yet.")
		return nil
	}
	fmt.Fprintf(w, "\nFailure groups over the last %d runs (timeline: oldest first, █ = in the run)\n", rep.Window)
	if len(rep.Groups) == 0 {
		fmt.Fprintln(w, "  none: every run passed")
	} else {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  VERDICT\tSEEN\tSTREAK\tTIMELINE\tFIRST SEEN\tLAST SEEN\tKEY\tGROUP")
		for _, g := range shown(rep.Groups) {
			fmt.Fprintf(tw, "  %s\t%d/%d\t%d\t%s\t%s\t%s\t%s\t%s\n", g.Verdict, g.Seen, g.Window, g.LongestStreak, Timeline(g.Timeline),
				refText(g.FirstSeen), refText(g.LastSeen), g.Key, groupName(g.GroupInfo))
		}
		tw.Flush()
		if n := len(rep.Groups) - len(shown(rep.Groups)); n > 0 {
			fmt.Fprintf(w, "  and %d group(s) gone before these runs (-o json lists them)\n", n)
		}
	}
	fmt.Fprintln(w, "\nRuns (failure groups per run)")
	most := 1
	for _, r := range rep.Runs {
		most = max(most, r.Groups)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, r := range rep.Runs {
		bar := strings.Repeat("█", (r.Groups*30+most-1)/most)
		note := ""
		switch {
		case r.STRuns == 0:
			note = "no Schemathesis output"
		case !r.Complete:
			note = "not read whole"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%d\t%s %s\n", r.Time.Format("2006-01-02 15:04"), shortCommit(r.Commit), sanitize.Line(r.Branch),
			sanitize.Line(r.Conclusion), r.Groups, bar, note)
	}
	return tw.Flush()
}

// mdCell escapes a Markdown table cell.
func mdCell(s string) string {
	s = sanitize.Line(s)
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "`", "'").Replace(s)
}

func mdRef(r RunRef) string {
	s := mdCell(refText(r))
	if r.URL != "" {
		s = "[" + s + "](" + mdCell(r.URL) + ")"
	}
	return s
}

// WriteMarkdown writes the report as Markdown tables.
func WriteMarkdown(w io.Writer, rep *Report) error {
	fmt.Fprintf(w, "## History: %d runs\n\n", rep.RunsStored)
	if rep.Window == 0 {
		_, err := fmt.Fprintln(w, "No run with Schemathesis output is stored yet.")
		return err
	}
	fmt.Fprintf(w, "### Failure groups over the last %d runs\n\n", rep.Window)
	if len(rep.Groups) == 0 {
		fmt.Fprintln(w, "None: every run passed.")
	} else {
		fmt.Fprintln(w, "| Verdict | Seen | Streak | Timeline | First seen | Last seen | Group | Key |")
		fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
		for _, g := range shown(rep.Groups) {
			fmt.Fprintf(w, "| %s | %d of %d | %d | %s | %s | %s | %s | `%s` |\n", g.Verdict, g.Seen, g.Window, g.LongestStreak,
				Timeline(g.Timeline), mdRef(g.FirstSeen), mdRef(g.LastSeen), mdCell(groupName(g.GroupInfo)), g.Key)
		}
	}
	if n := len(rep.Groups) - len(shown(rep.Groups)); n > 0 {
		fmt.Fprintf(w, "\nAnd %d group(s) gone before these runs.\n", n)
	}
	fmt.Fprintln(w, "\n### Runs\n\n| Run | Commit | Branch | Conclusion | Groups | Failures | 5xx groups | Errors |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
	for _, r := range rep.Runs {
		when := r.Time.Format("2006-01-02 15:04")
		if r.URL != "" {
			when = "[" + when + "](" + mdCell(r.URL) + ")"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %d | %d | %d | %d |\n", when, mdCell(shortCommit(r.Commit)), mdCell(r.Branch),
			mdCell(r.Conclusion), r.Groups, r.Failures, r.ServerErrors, r.Errors)
	}
	return nil
}

// WriteIntroductionText says which run and commit range introduced a group.
func WriteIntroductionText(w io.Writer, in *Introduction, markdown bool) error {
	name := groupName(in.Group)
	ref := refText
	if markdown {
		name, ref = mdCell(name), mdRef
	}
	fmt.Fprintf(w, "%s [%s]\n", name, in.Group.Key)
	fmt.Fprintf(w, "  first run with it:    %s %s\n", ref(in.First), sanitize.Line(in.First.URL))
	if in.LastWithout == nil {
		fmt.Fprintln(w, "  last run without it:  none: it is in the oldest stored run (backfill more with 'ctlog gh history --last N')")
	} else {
		fmt.Fprintf(w, "  last run without it:  %s %s\n", ref(*in.LastWithout), sanitize.Line(in.LastWithout.URL))
	}
	if in.Range != "" {
		fmt.Fprintf(w, "  commit range:         %s (git log %s)\n", sanitize.Line(in.Range), sanitize.Line(in.Range))
	}
	if in.CompareURL != "" {
		fmt.Fprintf(w, "  compare:              %s\n", sanitize.Line(in.CompareURL))
	}
	if in.Returns > 0 {
		fmt.Fprintf(w, "  it went away and came back %d time(s) since\n", in.Returns)
	}
	return nil
}
