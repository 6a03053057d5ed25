// Package parser streams Schemathesis CLI logs into events that keep their position in the source.
//
// This comment maps the hot path: how a text log becomes events, which goroutine does what, and
// which tests hold each part to the others. The other formats — JUnit reports, cassettes, HAR
// files, NDJSON event streams, crash files and Allure results — have packages of their own
// (parser/junit, parser/cassette, parser/har, parser/ndjson, parser/crash, parser/allure) that emit
// the same events, and are not part of it.
//
// # Entry points and their goroutines
//
// Parse reads a text log from an io.Reader. It looks at the first 64 KiB (lineReader.sniff) to
// decide the encoding, drop a byte-order mark and recognise lines broken by bare carriage returns
// (read through crToLF, with an info Diagnostic). It then starts one goroutine, the reader: for
// UTF-8 input produceChunks, which owns the chunker and the normalizer and fills batches; for
// UTF-16, produce, which owns the lineReader, decodes line by line and copies each normalized line
// into a batch. Batches travel to the caller's goroutine over a channel of two, and come back
// through a free list of four. The grammar (textParser) runs on the caller's goroutine, which also
// calls the handler; Parse reads the normalizer's decided wrapping only after the reader has closed
// the channel. Its last event is InputInfo.
//
// internal/formats.Parse, above this package, detects the format from the head of the input and
// calls Parse for a text log, or the format package's parser; it starts no goroutine of its own.
//
// Async wraps a handler: it starts one goroutine that owns the wrapped handler and calls it with
// events handed over 256 at a time (asyncBatch) over a channel of four. When the wrapped handler is
// a Releaser, the same goroutine gives the failures it has handled back to the parser, at least 256
// at a time over a channel of two, dropping them when the parser has enough. The function Async
// returns hands over what is left and waits for the goroutine to end.
//
// ParseSplit reads a text log from an io.ReaderAt of known size in two parts, on two goroutines
// (see "The split read"). When it cannot split — part is nil, the log is smaller than SplitMin (64
// MiB), its head is not UTF-8 with line feeds and a decided wrapping, or no line after the middle
// starts a failure block or an operation's blocks within splitScan — it calls Parse with the
// handler behind Async: two goroutines, the reader and the handler's. When it splits, it starts one
// goroutine, which reads the second part and calls the part's handler; the caller's goroutine reads
// the first part, then the rest, and calls the main handler. Neither part has a reading goroutine:
// each splits its own lines (consumeInline), so that each core works on data in its own cache.
//
// ParseStream reads a text log from an io.Reader that can be read only once with the same join,
// repeated: a goroutine (window.fill) reads the stream ahead into a window of streamWindow segments
// of streamSegment bytes (1 MiB); a second goroutine reads, for every odd k, a part from the first
// boundary past k segments up to the first line past k+1 (readPart, whose grammar stops at the end
// of its stretch as at the end of a log), while the caller's goroutine reads the stretches between
// the parts and joins each part where it reaches its first line, under the conditions of the
// split read; the reader that follows the log (the caller's, stretch) lets go of the segments
// behind it and looks for the line its stretch ends at only one byte before the odd multiple of
// the segment, so that it never needs more than minStreamWindow segments; where no such line
// follows it takes the part off the channel and reads on. A read ahead of what the window can
// hold waits for the follower to let go of segments, and gives up (errWindowFull) while the
// follower waits for the part: the part then ends at its last boundary. So the window's size
// bounds the memory and can never stall the read (TestStreamAnyWindow). A stream shorter than two
// segments, whose head cannot be split, or read through a window under minStreamWindow, is read
// by Parse behind Async.
//
// FailureBlocks runs the failure grammar over the text of one operation's blocks (as JUnit reports
// carry them), on the caller's goroutine. BlockReader does it for one text after another with one
// parser (parser/junit, on the goroutine beside its scanner); its ReadBytesAt places the events at
// the element and hands failures to the handler itself, so that Async over a Releaser gives them
// back to be reused across texts.
//
// # Three kinds of lines
//
// Raw buffer lines are bytes of a read buffer that nobody has split yet. Only the inline path has
// them (chunker.raw, set by consumeInline): when a buffer starts with the wrapping decided as none
// or GitHub Actions and holds no escape sequence and no carriage return, the chunker only finds the
// buffer's last line feed and counts the line feeds before it (plainRegion), and marks
// batch.buf[:plain] as whole lines numbered from plainFirst. The grammar finds each line's end as
// it reads the line (consumePlain, skimPlain, lineEnd) and does itself the little normalize would
// do to such a line: plainText takes off a byte-order mark and, in a GitHub log, the timestamp;
// workflowMarker recognises `##[kind]` lines.
//
// Batch lines are the records of a batch: batchLine holds, in 16 bytes, where the normalized text
// lies in batch.buf and where the line's original bytes lie from batch.base. The chunker normalizes
// each line in place (emit) or, in an unwrapped buffer without escape sequences or carriage
// returns, records it as it is up to the first line that starts with '#' or a byte-order mark
// (plainLines). The few lines that need more — a workflow marker, a line cut at MaxLine, an offset
// past 4 GiB from base — also get a specialLine. The reading goroutine of Parse makes only batch
// lines; the inline path makes them for the buffers it cannot read raw (the head before the
// wrapping is decided, buffers with escapes or carriage returns, gh-run-view logs, long lines).
//
// Normalized lines are Line values: number, original offsets, text as the tool printed it, bytes
// cut. They are what the grammar's line and failureLine read. consumeBatch and consumePlain fill
// one Line field by field for each line they dispatch (a composite literal copied into it stalls
// store forwarding); the lineReader produces them, not yet normalized, for UTF-16 input. A Line's
// Text is valid only while the grammar reads it: what an event or the grammar's state keeps of it
// is copied.
//
// # Consumer loops
//
// There are two consumer loops: consumeBatch's loop over batch lines, which every path uses, and
// consumePlain's over raw buffer lines, which only the inline path uses (the parts of a split
// read). The second is kept because it pays. With it turned off (chunker.raw false: every line a
// batch line) the split read of a 96 MiB generated log costs 9.3 % more instructions under
// cachegrind for the parser alone (BenchmarkParseSplit: 1,467 M against 1,603 M, whole test
// process) and 7.5 % more for summarize (BenchmarkSummarizeFile: 1,965 M against 2,112 M), with
// 15 % and 24 % more first-level data-cache misses. Wall-clock benchmarks on the shared 2-core
// host (load 4–8) pointed the same way but could not tell the two apart: BenchmarkParseSplit
// median 226 against 264 ms ± 50 %, BenchmarkSummarizeFile (256 MiB) 807 against 915 ms ± 55 %,
// p = 0.72, 8 interleaved runs each (BENCHMARKS.md). Parse never reads raw lines, so
// BenchmarkParse does not measure the second loop. Both loops dispatch a line the same way: a
// line that can only concern the failure grammar goes to failureLine directly (failureOnly), any
// other to line.
//
// # The split read
//
// splitPoint looks from the middle of the log for the first whole line that is an operation title
// (`___ GET /x ___`) or starts a failure block (`1. Test Case ID: …`), as normalize would show it;
// boundaryAt checks again that the line follows a line break. The log is read in two parts:
//
//   - The second part starts at that line, on its own goroutine (readPart). Its grammar starts
//     inside FAILURES with the wrapping decided from the head (headNormalizer) and an operation not
//     known yet (the unexported partOperation), and stops at the first event other than a failure,
//     when it leaves FAILURES, at the input's end or when told to quit. A partRecorder holds the
//     failures of the blocks since the last boundary (a line that starts a failure block or an
//     operation's blocks, reported by onBoundary) and, at each boundary, hands them to the part's
//     handler, the unknown operation replaced by an empty Operation, and remembers the boundary
//     with the grammar's operation and [FLAKY] state there. So the part ends at the last boundary
//     before anything else than failures; what follows it is read again by the first.
//   - The first part is read from the start on the caller's goroutine up to the split line, the
//     wrapping decided line by line as Parse does. Then it waits for the second part.
//
// The part is joined when it reached a boundary past the split line and the first part's grammar is
// in the state the second assumed at the split line: inside the FAILURES section, no 4.x banner
// pending, no shell quote left open by a reproduce command, and either the split line is an
// operation title or an operation is open, not flaky and not the "Stateful tests" block (whose
// failures a handler files by their own last request, which it can only do knowing the block;
// TestSplitInStatefulBlockNotJoined). Then the first part closes its open block,
// calls the handler's Join (Joiner) with the part's handler and a Join value — the part's span in
// the whole log, the line delta to add to the part's line numbers, the operation open at the split,
// which names the part's failures that have an empty Operation — takes over the operation and
// [FLAKY] state the part had at its last boundary, and goes on from there. When it is not joined,
// Join is not called, the part's work is dropped and the first part reads on from the split line.
// Either way the handler sees the events Parse would have given it, its failures those of the part
// at the place of Join.
//
// # Batches
//
// The chunker reads into a buffer of 80 KiB (batchBytes and a quarter) until the buffer holds a
// line break and is more than half full, or is full; a line that does not end in the buffer is
// carried to the next one; produce (UTF-16) fills a batch up to batchBytes or batchLines (2,048); a
// line longer than MaxLine keeps its first MaxLine bytes and the rest is skipped, with a long-line
// Diagnostic. Batch lines store offsets as uint32 from the batch's base. consumeInline reuses one
// batch; Parse recycles them through the free list.
//
// # Skimming
//
// Most lines of a failure block need no decision: blank lines, and the indented lines of a check's
// message. skimMode says, once before a run of lines, what can be skimmed in the grammar's state:
// nothing with a shell quote open, outside FAILURES, with a banner pending or inside a body;
// messages (skimMessage) while the open block is reading its checks (csChecks, csLegacy) and has
// one; otherwise blank lines (skimBlank). Two loops skim: skim over batch lines (every path) and
// skimPlain over raw buffer lines (the inline path). They must share one rule: an empty line is
// skipped, and a non-empty one only when skimmable holds — in skimMessage mode, a line indented by
// four spaces, which failureLine would add to the check's message or, blank, drop. Each must keep
// what failureLine would have kept: the line's text after the indentation appended to the message
// (appendCapped0, capped at MaxText) unless the line is blank, the open failure's span extended to
// the last such line (end offset and line number), and the line count; skimPlain also applies
// plainText before asking. Either loop stops at the first line it cannot skim, which the grammar
// then reads.
//
// # Interning
//
// Labels, operation titles, status reasons and check titles repeat on millions of lines. An
// interner shares one string per distinct text (at most 65,536 of them, each at most 512 bytes);
// check titles are worked out once (checkOf: name and violation count) and the last title and
// reason are compared before any hashing. Events share these strings, which are never written.
//
// # Failures and their memory
//
// Failures come from slabs of 64 with room for two checks and one reproduce command; a block's
// texts are gathered in a scratch buffer and copied once when the block ends (casetext.go), into a
// shared string slab that is never written again. A handler that keeps nothing of a failure once
// Handle returns says so by being a Releaser; the parser then reuses the failure and keeps its
// texts in the failure's own buffer, which the next use overwrites. Failures come back three ways:
// from a Releaser called on the grammar's goroutine, as soon as Handle returns (the split read's
// main handler); from Async's goroutine in batches (Parse behind Async); and from a split read's
// part handler, as the recorder hands each failure over. Failures the recorder drops are not
// reused.
//
// # What the tests hold
//
//   - TestSplitEquivalence: ParseSplit split at every title line, at test-case lines and at a
//     spread of other lines of the test logs, generated logs and, when present, the corpus gives
//     the events, stats and error of Parse, a part's failures counted where Join is called; it
//     guards the join conditions, the fallback, and skim against skimPlain. FuzzParseSplit does the
//     same on arbitrary logs, its seeds the test logs.
//   - TestInlineEquivalence: the inline path (parse with inline set) gives the events, stats and,
//     through Async and classify.Collector, the runs of Parse on the same inputs, small ones also
//     repeated so that the raw buffers are reached; it guards consumePlain against consumeBatch,
//     skimPlain against skim, plainText against normalize and failure reuse on both paths.
//   - TestStreamEquivalence: ParseStream with segments of 64 KiB and more, from a reader that hands
//     over all it has or half of it, gives the events, stats and error of Parse on the split
//     inputs and generated logs (plain, GitHub Actions, CRLF), joining parts along the way;
//     TestStreamAnyWindow: windows of one to seven segments and a long stretch without a line to
//     split at give the same; TestStreamReadError: a stream that fails anywhere fails the parse;
//     FuzzParseStream does the same on arbitrary logs repeated past three segments.
//     internal/command.TestSummarizeStreamEqualsFile: a generated log gives the same JSON report
//     from a file, from standard input and gzipped.
//   - TestParseSplitSmall: a log below SplitMin is read as Parse reads it, no part asked for.
//   - classify.TestJoinEqualsSequential: a Collector joining a Part builds the runs it builds from
//     every failure in turn; internal/command.TestSummarizeBigFileSplit: the JSON report of a file
//     read in two parts equals that of the same bytes read in one pass.
//   - TestAsyncRecyclesFailures: no failure changes while its handler has it, and failures are
//     reused; classify.TestReusedFailuresGiveSameRuns: reuse does not change the runs.
//   - TestChunkerMatchesLineReader and TestChunkerCapsLongLines: the chunker's lines and offsets
//     are the lineReader's, across buffer boundaries and for lines longer than MaxLine.
//   - FuzzParse: no input panics, every event's span lies inside the input, all bytes are read.
package parser
