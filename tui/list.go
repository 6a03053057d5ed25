package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/mattn/go-runewidth"
	"github.com/sahilm/fuzzy"
)

// sortKey is the column the cluster list is sorted by.
type sortKey int

const (
	sortSeverity sortKey = iota // the default: classify.CompareGroups, the order of every report
	sortCount
	sortOperation
	sortCheck
	sortStatus
	numSortKeys
)

var sortNames = [...]string{"severity", "count", "operation", "check", "status"}

// statusW is the width of the status column ("STATUS▲").
const statusW = 7

// openClusterMsg asks the root to open a cluster's detail.
type openClusterMsg struct{ c *Cluster }

// list is the cluster list with its fuzzy filter. It is not a bubbles/list or bubbles/table: its
// rows are columns that give way each in its own manner (the operation in its middle, the check
// between words), with badges and the matched characters highlighted inside cells, and its filter
// keeps the matches of the previous query to stay fast on thousands of clusters; bubbles/table
// draws plain cells, bubbles/list one item per delegate with a filter of its own.
type list struct {
	t       theme
	sorted  []*Cluster // every cluster, in sort order
	rows    []*Cluster // the ones the filter keeps
	hits    [][]int    // for each row, the bytes of its key the query matched
	sortBy  sortKey
	reverse bool

	filter    field
	filtering bool   // the filter has the keyboard
	query     string // the query rows were filtered with
	steps     []filterStep
	total     int          // clusters before filtering
	cause     *causeFilter // the shared cause the list is narrowed to (C, enter), or nil
	inScope   int          // clusters of the cause (all of them without one), before the text filter

	cursor, offset int
	moved          bool // the user moved the cursor: new data keeps it on the same cluster
	w, h           int
	opW, checkW    int
	countW         int
	empty          string // what to say when there is no cluster at all
}

func newList(t theme) list { return list{t: t, empty: "Reading… no failure found yet."}.setData(nil) }

// setData replaces the clusters, keeping the selected one selected once the user has moved.
func (l list) setData(cs []*Cluster) list {
	sel := l.selectedID()
	if !l.moved {
		sel, l.cursor, l.offset = ClusterID{}, 0, 0
	}
	l.sorted = slices.Clone(cs)
	l.total = len(cs)
	l.opW, l.checkW, l.countW = width("OPERATION▲"), width("CHECK▲"), width("COUNT▼")
	for _, c := range cs {
		l.opW = max(l.opW, width(c.Op))
		l.checkW = max(l.checkW, width(c.Check))
		l.countW = max(l.countW, len(strconv.Itoa(c.count())))
	}
	return l.sort().applyFilter(true).keep(sel)
}

func (l list) sort() list {
	by := l.sortBy
	slices.SortStableFunc(l.sorted, func(a, b *Cluster) int {
		c := 0
		switch by {
		case sortSeverity:
			c = compareClusters(a, b)
		case sortOperation:
			c = cmp.Compare(a.Op, b.Op)
		case sortCheck:
			c = cmp.Compare(a.Check, b.Check)
		case sortStatus:
			c = cmp.Compare(a.status(), b.status())
		}
		if c == 0 {
			c = cmp.Compare(b.count(), a.count())
		}
		if c == 0 {
			c = cmp.Compare(a.Input, b.Input)
		}
		if c == 0 {
			c = cmp.Compare(a.firstLine(), b.firstLine())
		}
		if l.reverse {
			c = -c
		}
		return c
	})
	return l
}

// keys is a fuzzy.Source over some clusters' search keys.
type keys []*Cluster

func (k keys) String(i int) string { return k[i].searchKey() }
func (k keys) Len() int            { return len(k) }

// maybe reports whether the lower-cased key could match the lower-cased ASCII query: its bytes
// appear in order. It is a cheap test that spares the fuzzy scorer most clusters.
func maybe(lkey, q string) bool {
	for i := 0; i < len(q); i++ {
		j := strings.IndexByte(lkey, q[i])
		if j < 0 {
			return false
		}
		lkey = lkey[j+1:]
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// maxScored is how many matches the fuzzy scorer ranks; past that (a query of a letter or two on
// thousands of clusters) the rows are: the ones that hold the query as it is typed, then the rest,
// each in the list's order, and the matched characters are found for the rows on screen only.
const maxScored = 2000

// match finds the clusters of from that match q: every character of q, in order, ignoring case
// (sahilm/fuzzy). hits holds the matched bytes of each row's key when they were computed.
func match(q string, from []*Cluster) ([]*Cluster, [][]int) {
	lq := strings.ToLower(q)
	if !isASCII(lq) {
		return scored(q, from)
	}
	cand := make([]*Cluster, 0, len(from))
	for _, c := range from {
		if maybe(c.lower(), lq) {
			cand = append(cand, c)
		}
	}
	if len(cand) <= maxScored {
		rows, hits := scored(q, cand)
		return literalFirst(lq, rows, hits)
	}
	rows := make([]*Cluster, 0, len(cand))
	for _, c := range cand {
		if strings.Contains(c.lower(), lq) {
			rows = append(rows, c)
		}
	}
	for _, c := range cand {
		if !strings.Contains(c.lower(), lq) {
			rows = append(rows, c)
		}
	}
	return rows, nil
}

// literalFirst moves the rows whose key holds the query as typed ahead of the scattered matches,
// keeping the scorer's order within each part: sahilm/fuzzy matches each character at its first
// occurrence, so "recent" scores `…/profile/ … conformance` above `…/weather/recent/`.
func literalFirst(lq string, rows []*Cluster, hits [][]int) ([]*Cluster, [][]int) {
	outRows := make([]*Cluster, 0, len(rows))
	outHits := make([][]int, 0, len(hits))
	for pass := 0; pass < 2; pass++ {
		for i, c := range rows {
			at := strings.Index(c.lower(), lq)
			if (at >= 0) != (pass == 0) {
				continue
			}
			h := hits[i]
			if at >= 0 && len(c.lower()) == len(c.searchKey()) { // highlight the run as typed
				h = make([]int, len(lq))
				for j := range h {
					h[j] = at + j
				}
			}
			outRows = append(outRows, c)
			outHits = append(outHits, h)
		}
	}
	return outRows, outHits
}

// scored ranks the matches of q in from by the fuzzy scorer, best first, the list's order
// breaking ties.
func scored(q string, from []*Cluster) ([]*Cluster, [][]int) {
	ms := fuzzy.FindFrom(q, keys(from))
	rows := make([]*Cluster, len(ms))
	hits := make([][]int, len(ms))
	for i, m := range ms {
		rows[i], hits[i] = from[m.Index], m.MatchedIndexes
	}
	return rows, hits
}

// hitsOf returns the matched bytes of row i's key.
func (l list) hitsOf(i int) []int {
	if l.query == "" {
		return nil
	}
	if l.hits != nil {
		return l.hits[i]
	}
	if ms := fuzzy.Find(l.query, []string{l.rows[i].searchKey()}); len(ms) == 1 {
		return ms[0].MatchedIndexes
	}
	return nil
}

// filterStep is the result of one query, kept so that erasing a character is instant.
type filterStep struct {
	query string
	rows  []*Cluster
	hits  [][]int
}

// setCause narrows the list to the failure groups of a shared cause, from the first one, or
// widens it again (nil) keeping the selected one; the text filter stays.
func (l list) setCause(f *causeFilter) list {
	id := l.selectedID()
	l.cause = f
	l.moved = true
	if f != nil {
		l.cursor, l.offset = 0, 0
		return l.applyFilter(true)
	}
	return l.applyFilter(true).keep(id)
}

// scope is the sorted clusters the cause keeps.
func (l list) scope() []*Cluster {
	if l.cause == nil {
		return l.sorted
	}
	var out []*Cluster
	for _, c := range l.sorted {
		if l.cause.has(c) {
			out = append(out, c)
		}
	}
	return out
}

// applyFilter filters the sorted clusters by the cause and the filter's text, best matches first.
// A query that only grew searches the previous matches alone: whatever matches it matched the
// shorter query too.
func (l list) applyFilter(fromScratch bool) list {
	q := strings.TrimSpace(l.filter.String())
	scope := l.scope()
	l.inScope = len(scope)
	if q == "" {
		l.rows, l.hits, l.query, l.steps = scope, nil, "", nil
		return l.clamp()
	}
	if fromScratch {
		l.steps = nil
	}
	// Erasing goes back to a query already answered.
	for i := len(l.steps) - 1; i >= 0; i-- {
		if st := l.steps[i]; st.query == q {
			l.steps = l.steps[:i+1]
			l.rows, l.hits, l.query = st.rows, st.hits, q
			return l.clamp()
		}
		if !strings.HasPrefix(q, l.steps[i].query) {
			l.steps = l.steps[:i]
		}
	}
	from := scope
	if n := len(l.steps); n > 0 {
		from = l.steps[n-1].rows // a longer query matches a subset
	}
	rows, hits := match(q, from)
	l.rows, l.hits, l.query = rows, hits, q
	l.steps = append(l.steps, filterStep{query: q, rows: rows, hits: hits})
	return l.clamp()
}

// keep moves the cursor to the cluster with the given identity, when it is shown.
func (l list) keep(id ClusterID) list {
	for i, r := range l.rows {
		if r.ID() == id {
			l.cursor = i
			break
		}
	}
	return l.clamp()
}

// selectedID is the identity of the selected cluster, or the zero ClusterID.
func (l list) selectedID() ClusterID {
	if c := l.selected(); c != nil {
		return c.ID()
	}
	return ClusterID{}
}

func (l list) selected() *Cluster {
	if l.cursor >= 0 && l.cursor < len(l.rows) {
		return l.rows[l.cursor]
	}
	return nil
}

// bodyH is the rows the list shows under its column header (and the cause's title line).
func (l list) bodyH() int { return max(1, l.h-1-l.titleH()) }

// titleH is the lines above the column header: the cause the list is narrowed to.
func (l list) titleH() int {
	if l.cause != nil {
		return 1
	}
	return 0
}

func (l list) clamp() list {
	l.cursor, l.offset = clampCursor(l.cursor, l.offset, len(l.rows), l.bodyH())
	return l
}

// textEntry reports whether the list's filter has the keyboard.
func (l list) textEntry() bool { return l.filtering }

func (l list) Update(msg tea.Msg) (list, tea.Cmd) {
	l.moved = true
	switch msg := msg.(type) {
	case tea.MouseMsg:
		if d := wheel(msg); d != 0 {
			l.cursor += d
			return l.clamp(), nil
		}
		if i, ok := l.rowAt(msg); ok {
			l.cursor = i
			return l.clamp(), nil
		}
	case tea.KeyMsg:
		if l.filtering {
			return l.filterKey(msg)
		}
		return l.key(msg)
	}
	return l, nil
}

// rowAt is the row a left click landed on; msg.Y counts from the list's first line (its column
// header).
func (l list) rowAt(msg tea.MouseMsg) (int, bool) {
	if msg.Button != tea.MouseButtonLeft || msg.Action != tea.MouseActionPress {
		return 0, false
	}
	y := msg.Y - 1 - l.titleH() // the column header
	if y < 0 || y >= l.bodyH() || l.offset+y >= len(l.rows) {
		return 0, false
	}
	return l.offset + y, true
}

func (l list) filterKey(k tea.KeyMsg) (list, tea.Cmd) {
	switch l.filter.key(k) {
	case editChanged:
		l.cursor, l.offset = 0, 0
		return l.applyFilter(false), nil
	case editDone:
		l.filtering = false
		return l, nil
	case editCancel:
		l.filtering = false
		l.filter.set("")
		id := l.selectedID()
		return l.applyFilter(true).keep(id), nil
	case editNone:
		// Keys that cannot be text still move in the list.
		return l.move(k), nil
	}
	return l, nil
}

func (l list) move(k tea.KeyMsg) list {
	switch {
	case isKey(k, "up"):
		l.cursor--
	case isKey(k, "down"):
		l.cursor++
	case isKey(k, "pgup"):
		l.cursor -= l.bodyH()
	case isKey(k, "pgdown"):
		l.cursor += l.bodyH()
	}
	return l.clamp()
}

func (l list) key(k tea.KeyMsg) (list, tea.Cmd) {
	switch {
	case isKey(k, "/"):
		l.filtering = true
		l.filter.set(l.filter.String())
	case isKey(k, "esc"):
		// The text filter first, then the cause.
		if l.query != "" || l.filter.String() != "" {
			id := l.selectedID()
			l.filter.set("")
			l = l.applyFilter(true).keep(id)
		} else if l.cause != nil {
			l = l.setCause(nil)
		}
	case isMove(k):
		l.cursor, _ = moveCursor(k, l.cursor, len(l.rows), l.bodyH())
	case isKey(k, "s"):
		id := l.selectedID()
		l.sortBy = (l.sortBy + 1) % numSortKeys
		l = l.sort().applyFilter(true).keep(id)
	case isKey(k, "S"):
		id := l.selectedID()
		l.reverse = !l.reverse
		l = l.sort().applyFilter(true).keep(id)
	case isKey(k, keyOpen...):
		if c := l.selected(); c != nil {
			return l, func() tea.Msg { return openClusterMsg{c} }
		}
	}
	return l.clamp(), nil
}

// columns decides the column widths for the current width.
func (l list) columns() (countW, opW, checkW int) {
	countW, opW, checkW = l.countW, min(l.opW, 44), min(l.checkW, 27)
	// marker 2, count, 2, op, 2, check, 2, status, 2, rest: the signature and badges get at least
	// 20 cells, or 12 on a narrow terminal, where the operation matters more.
	fixed := 2 + countW + 2 + 2 + 2 + statusW + 2
	rest := 20
	if l.w < 100 {
		rest = 12
	}
	room := l.w - fixed - rest
	if opW+checkW > room {
		// The check keeps two fifths: not_a_server_error (18 cells) stays whole at 80 columns, a
		// longer name is cut between words; the operation shrinks in its middle.
		checkW = min(checkW, max(10, room*2/5))
		opW = max(12, room-checkW)
	}
	return
}

func (l list) View() string {
	t := l.t
	countW, opW, checkW := l.columns()
	title := func(name string, k sortKey) string {
		if l.sortBy == k {
			if l.reverse != (k == sortCount) {
				return name + "▼"
			}
			return name + "▲"
		}
		return name
	}
	head := "  " + padLeft(title("COUNT", sortCount), countW) + "  " + pad(title("OPERATION", sortOperation), opW) + "  " +
		pad(title("CHECK", sortCheck), checkW) + "  " + padLeft(title("STATUS", sortStatus), statusW) + "  SIGNATURE"
	var lines []string
	if l.cause != nil {
		// What the list shows comes first: a long signature is cut at the end of the line.
		chip := fmt.Sprintf("Cause · %s · esc clears · %s", plural(l.inScope, "failure group"), l.cause.label)
		lines = append(lines, t.render(t.hl, clip(chip, l.w)))
	}
	lines = append(lines, t.render(t.head, clip(head, l.w)))
	if len(l.rows) == 0 {
		msg := l.empty
		if l.total > 0 {
			msg = "No failure group matches “" + clean(l.filter.String()) + "” (esc clears the filter)"
		}
		lines = append(lines, "", "  "+t.render(t.dim, clip(msg, l.w-2)))
		return fitLines(lines, l.h)
	}
	end := min(len(l.rows), l.offset+l.bodyH())
	for i := l.offset; i < end; i++ {
		lines = append(lines, l.row(l.rows[i], l.hitsOf(i), i == l.cursor, countW, opW, checkW))
	}
	return fitLines(lines, l.h)
}

// segment is a piece of a row with one style.
type segment struct {
	text  string
	match bool
	badge string // "new", "hook", "flaky": drawn with a badge style
}

func (l list) row(c *Cluster, hit []int, sel bool, countW, opW, checkW int) string {
	var segs []segment
	add := func(s string) { segs = append(segs, segment{text: s}) }
	field := func(i int, text string, w int, right bool) {
		shown, pos := clipMap(text, w, i == 0)
		if i == 1 {
			shown, pos = clipMapWords(text, w) // a check name is cut between its words
		}
		if right {
			add(strings.Repeat(" ", w-width(shown)))
		}
		segs = append(segs, highlight(shown, pos, hit, int(c.fieldAt[i]))...)
		if !right {
			add(strings.Repeat(" ", max(0, w-width(shown))))
		}
	}
	marker := "  "
	if sel {
		marker = "› "
	}
	if len(hit) > 0 {
		c.searchKey() // fieldAt
	}
	add(marker + padLeft(strconv.Itoa(c.count()), countW) + "  ")
	field(0, c.Op, opW, false)
	add("  ")
	field(1, c.Check, checkW, false)
	add("  ")
	field(2, c.Status, statusW, true)
	add("  ")
	used := 2 + countW + 2 + opW + 2 + checkW + 2 + statusW + 2
	rest := l.w - used
	for _, b := range c.badges() {
		if rest < len(b)+2 {
			break
		}
		segs = append(segs, segment{text: "[" + b + "]", badge: b})
		add(" ")
		rest -= len(b) + 3
	}
	if rest > 0 {
		shown, pos := clipMap(c.Sig, rest, false)
		segs = append(segs, highlight(shown, pos, hit, int(c.fieldAt[3]))...)
	}
	return l.t.segments(segs, sel, l.w)
}

// highlight splits shown (a field of a key starting at byte base, as clipMap showed it: pos maps
// each byte of shown to its byte in the field, -1 for the ellipsis) into matched and unmatched
// pieces.
func highlight(shown string, pos []int, hit []int, base int) []segment {
	if len(hit) == 0 {
		return []segment{{text: shown}}
	}
	var segs []segment
	var cur strings.Builder
	curMatch := false
	for i, r := range shown {
		m := i < len(pos) && pos[i] >= 0 && slices.Contains(hit, base+pos[i])
		if m != curMatch && cur.Len() > 0 {
			segs = append(segs, segment{text: cur.String(), match: curMatch})
			cur.Reset()
		}
		curMatch = m
		cur.WriteRune(r)
	}
	if cur.Len() > 0 {
		segs = append(segs, segment{text: cur.String(), match: curMatch})
	}
	return segs
}

// clipMap clips s to w cells, at the end or, with middle, in the middle (an operation keeps its
// method and the end of its path); pos maps each byte of the result to its byte in s, -1 for the
// ellipsis.
func clipMap(s string, w int, middle bool) (string, []int) {
	if width(s) <= w {
		pos := make([]int, len(s))
		for i := range pos {
			pos[i] = i
		}
		return s, pos
	}
	if w <= 0 {
		return "", nil
	}
	var b strings.Builder
	var pos []int
	put := func(r rune, at int) {
		n := b.Len()
		b.WriteRune(r)
		for range b.Len() - n {
			pos = append(pos, at)
		}
	}
	headW := w - 1
	if middle {
		// An operation keeps its method; the end of its path tells operations apart.
		headW = min((w-1)/3, strings.IndexByte(s, ' ')+1)
		if headW <= 0 {
			headW = (w - 1) / 3
		}
	}
	col := 0
	for i, r := range s {
		rw := runewidth.RuneWidth(r)
		if col+rw > headW {
			break
		}
		put(r, i)
		col += rw
	}
	put('…', -1)
	if middle {
		tailW := w - col - 1
		// The tail: the last runes of s that fit in tailW cells.
		start, tcol := len(s), 0
		for start > 0 {
			r, size := lastRune(s[:start])
			if tcol+runewidth.RuneWidth(r) > tailW {
				break
			}
			tcol += runewidth.RuneWidth(r)
			start -= size
		}
		for i, r := range s[start:] {
			put(r, start+i)
		}
	}
	return b.String(), pos
}

// clipMapWords is clipMap at the end of s, cut after a whole word (words end at _ - space) when one
// fits: status_code_conformance in 15 cells is "status_code…", not "status_code_co…".
func clipMapWords(s string, w int) (string, []int) {
	if width(s) <= w {
		return clipMap(s, w, false)
	}
	cut := -1
	for i, r := range s {
		if width(s[:i])+1 > w {
			break
		}
		if i > 0 && (r == '_' || r == '-' || r == ' ') {
			cut = i
		}
	}
	if cut <= 0 {
		return clipMap(s, w, false)
	}
	pos := make([]int, cut, cut+len("…"))
	for i := range pos {
		pos[i] = i
	}
	for range len("…") {
		pos = append(pos, -1)
	}
	return s[:cut] + "…", pos
}

// clipWords is clipMapWords without the map.
func clipWords(s string, w int) string {
	out, _ := clipMapWords(s, w)
	return out
}

func lastRune(s string) (rune, int) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] < 0x80 || s[i] >= 0xC0 {
			r := []rune(s[i:])
			if len(r) > 0 {
				return r[0], len(s) - i
			}
		}
	}
	return 0, 1
}

// segments draws a row: the selected row in reverse video, matches and badges in their styles;
// the row is padded to w cells so the selection spans the width.
func (t theme) segments(segs []segment, sel bool, w int) string {
	var b strings.Builder
	n := 0
	for _, s := range segs {
		n += width(s.text)
	}
	if n < w {
		segs = append(segs, segment{text: strings.Repeat(" ", w-n)})
	}
	if t.mode == Plain {
		for _, s := range segs {
			b.WriteString(s.text)
		}
		return strings.TrimRight(b.String(), " ")
	}
	for _, s := range segs {
		st := t.title.UnsetBold()
		switch {
		case s.match:
			st = t.match
		case s.badge == "new":
			st = t.newBadge
		case s.badge != "":
			st = t.badge
		}
		if sel {
			st = st.Reverse(true)
		}
		b.WriteString(st.Render(s.text))
	}
	return b.String()
}
