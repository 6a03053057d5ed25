package parser

import "strings"

// FailureBlocks parses the failure blocks of one operation — the CLI grammar (`1. Test Case ID: …`,
// `- Title`, `[500] Reason:`, body, `Reproduce with:`), as JUnit reports carry it — and streams a
// Failure event for each test case. Every event and diagnostic is positioned at span, the place of
// the text in its file. Lines are used as they are: the text must already be decoded and free of
// escape sequences.
func FailureBlocks(op, text string, span Span, opts Options, h Handler) {
	if opts.MaxText <= 0 {
		opts.MaxText = DefaultMaxText
	}
	p := newTextParser(opts, h)
	p.st, p.sec, p.op = stSection, secFailures, op
	for line := range strings.SplitSeq(text, "\n") {
		if strings.HasPrefix(line, "[FLAKY]") {
			p.opFlaky = true
			continue
		}
		l := Line{Number: span.Line, Offset: span.Offset, End: span.End, Text: []byte(strings.TrimSuffix(line, "\r"))}
		p.failureLine(&l)
	}
	p.flushCase()
}
