package classify

import "slices"

// lineBudget bounds the member line numbers one run keeps over all its groups, so that memory
// stays flat however big the log and however many its groups: a run of n groups keeps the first
// lineCap(n) line numbers of each (every group all 2,000 up to 262 groups, 52 with 10,000 groups).
// Groups cut short say so (Group.LinesCut, lines_truncated in JSON). A variable for the tests.
var lineBudget = 1 << 19

// minLines is the fewest member line numbers a group keeps, however many groups its run has.
const minLines = 16

// lineCap is how many member line numbers each group of a run with n groups keeps. It never grows
// with n, so that what a group dropped under an earlier, larger cap is never wanted again: every
// group of a finished run keeps the first lineCap(n) of its members, whatever order they came in.
func lineCap(n int) int {
	return max(minLines, min(maxLines, lineBudget/max(n, 1)))
}

// lineKeeping follows the cap of a run's groups as the run gains groups.
//
// It counts the groups named by an operation apart from those with none (a split read's part
// files the failures before its first title under no operation, which the join names): each kind
// maps one to one onto the groups of the whole run, so the larger count is never more than the
// whole run's, and a part never keeps fewer lines than the whole run will.
type lineKeeping struct {
	cap       int // the cap for the next member; 0 until the first group: maxLines
	named     int // groups with an operation
	unnamed   int // groups without one
	trimmedAt int // the count at the last trim
	most      int // the largest count the run had: merging groups later does not raise the cap
}

// keep is the cap for the next member's line number.
func (k *lineKeeping) keep() int {
	if k.cap == 0 {
		return maxLines
	}
	return k.cap
}

// grew follows the new group g of gs, the run's groups: it lowers the cap and, each time the
// count has grown by a quarter since the last trim, cuts every group to it, so that the run holds
// at most about 1.25 times lineBudget line numbers at any time.
func (k *lineKeeping) grew(g *Group, gs []*Group) {
	if g.Operation == "" {
		k.unnamed++
	} else {
		k.named++
	}
	k.most = max(k.most, k.named, k.unnamed)
	k.cap = lineCap(k.most)
	if k.cap < maxLines && k.most >= k.trimmedAt+max(1, k.trimmedAt/4) {
		trimLines(gs, k.cap)
		k.trimmedAt = k.most
	}
}

// trimLines cuts the line numbers of every group in gs to the first keep, in a smaller array so
// that the rest is freed (a reader holding the old array sees it unchanged).
func trimLines(gs []*Group, keep int) {
	for _, g := range gs {
		if len(g.Lines) > keep {
			g.Lines, g.LinesCut = slices.Clone(g.Lines[:keep]), true
		}
	}
}

// finishLines cuts every group of r to the cap of the most groups it had: the same cap whether
// the log was read in one pass or in parts, so both keep the same line numbers.
func (r *Run) finishLines() {
	trimLines(r.Groups, lineCap(r.lines.most))
}

// appendLine appends line to lines, which holds fewer than keep: grown at most to keep, so that
// no group holds room for line numbers it will not keep.
func appendLine(lines []int, line, keep int) []int {
	if len(lines) == cap(lines) {
		lines = slices.Grow(lines, max(1, min(len(lines), keep-len(lines))))
	}
	return append(lines, line)
}
