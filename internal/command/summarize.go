package command

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ctlog-dev/ctlog/classify"
	"github.com/ctlog-dev/ctlog/internal/pipeline"
	"github.com/ctlog-dev/ctlog/internal/report"
	"github.com/ctlog-dev/ctlog/internal/sanitize"
	"github.com/ctlog-dev/ctlog/internal/schemaloc"
	"github.com/ctlog-dev/ctlog/internal/summary"
)

// SummarizeOptions are the inputs of `ctlog summarize`.
type SummarizeOptions struct {
	IO        IOStreams
	Inputs    []string // paths; "-" is standard input
	Outputs   []string // FORMAT or FORMAT=PATH; FORMAT is text, json, markdown, github or junit
	MaxGroups int
	Color     string // auto, always or never
	ReadOptions
	Hooks  string // the hooks module's file, linted next to the hooks diagnosis
	Schema string // the OpenAPI document cassette and HAR paths are mapped to
	FailOn string // exit policy: none, any, new or unexpected
	// GitHub Actions
	NoStepSummary  bool
	NoAnnotations  bool
	MaxAnnotations int
	// Open opens an input path; by default inputs are read from disk with archive handling.
	Open func(string) (io.ReadCloser, error)
	// RecordOptions: --record stores the run in the history store (historystore.go).
	RecordOptions
}

func newSummarizeCmd(ios IOStreams, runF func(*SummarizeOptions) error) *cobra.Command {
	opts := &SummarizeOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "summarize [FILE|-]...",
		Short: "Summarize Schemathesis logs: settings, totals, integrity and failure groups",
		Long: `Summarize reads Schemathesis output and prints the run's settings, its totals, whether
ctlog's counts agree with the ones Schemathesis printed (integrity), and the failures grouped by
operation, check and response status, the most severe first (server errors, then schema and
contract violations, then status and data findings), each with the line it first appears on.

Inputs may be plain logs, raw GitHub Actions job logs (timestamps, ##[group] markers, ANSI colour),
output of 'gh run view --log' / '--log-failed', UTF-8 or UTF-16 (Windows PowerShell redirects),
with LF, CRLF or bare-CR progress redraws. '-' reads standard input, and so does no argument
when standard input is not a terminal.

Archives are read member by member: a .gz, a zip of artifacts, or the run-log zip GitHub gives for
download (one job log per member; members without Schemathesis output are listed as skipped).
Formats are detected from the first bytes (--format forces one): Schemathesis 3.x and 4.x CLI
text (st run and st replay), JUnit XML, VCR cassettes, HAR files, the 4.x NDJSON event stream
(--report ndjson) and crash files; docs/formats.md says what each gives. Given with a log or JUnit
report of the same run, a cassette's concrete paths map to the run's operation labels (alone, to
templates inferred from the paths, or to the operations of --schema FILE), a HAR file's exchanges
join the failures with the same X-Schemathesis-TestCaseId, and crash files give each sample its
'st replay' command.

Outputs (-o, repeatable): 'text' (default) is the terminal report, coloured only on a terminal
and never when NO_COLOR is set; 'json' is the versioned document described in
docs/json-schema.json; 'markdown' is the report for $GITHUB_STEP_SUMMARY (kept under GitHub's
1 MiB limit: samples go first, then small groups are folded, and it says so); 'github' prints
workflow commands (an error annotation per failure group, the most severe first, warnings for
integrity and hooks problems) with the text report in a collapsed group; 'junit' is a JUnit XML
report for CI test-report views (a test suite per run, a failing test case per failure group,
'METHOD /path · check'; integrity problems in <system-err>). Write a format to a file
with FORMAT=PATH, e.g. -o json=summary.json.

In GitHub Actions (GITHUB_ACTIONS=true) summarize appends the Markdown report to
$GITHUB_STEP_SUMMARY by itself (--no-step-summary to stop it) and, unless -o says otherwise,
prints annotations (--no-annotations for the plain text report).

Exit policy (--fail-on): 'none' (default) exits 0 whatever the run found; 'any' exits 1 when the
run has a failure group, an error or a crash; 'new' exits 1 for failure groups not in --baseline;
'unexpected' exits 1 for failure groups no hook rule claims, so a team can ship while a hook fix is
in flight, and still see it (it needs hook rules: a .ctlog.yaml or --config). On exit 1 one line on
stderr says why.

Secrets are masked in every output: the values of headers, JSON and form fields and query
parameters named like a secret (token, secret, password, api_key, auth, credential, session,
private_key, cookie), Bearer/Token/Basic credentials, URL passwords, JWTs, private keys, AWS,
GitHub and Slack tokens; add your own patterns with --redact REGEX.

` + exitCodesHelp,
		Example: `  ctlog summarize schemathesis-output.txt
  gh run view 123456 --log-failed | ctlog summarize -
  ctlog summarize -o text -o json=summary.json job.log`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 && ios.InTTY {
				// Nothing to read but what the user would type: say how to give an input instead of waiting.
				return usageError(errors.New("summarize needs a FILE, or Schemathesis output piped to it (gh run view 123456 --log-failed | ctlog summarize -); run 'ctlog summarize --help' for usage"))
			}
			opts.Inputs = inputsOrStdin(args)
			if runF != nil {
				return runF(opts)
			}
			return exitWith(RunSummarize(*opts))
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&opts.Outputs, "output", "o", nil, "output `FORMAT[=PATH]`: text, json, markdown, github or junit (repeatable; default text)")
	f.IntVar(&opts.MaxGroups, "max-groups", 40, "failure groups listed per run in the text report (0 = all)")
	addColorFlag(f, &opts.Color)
	addReadFlags(f, &opts.ReadOptions)
	f.StringVar(&opts.Schema, "schema", "", "the API's OpenAPI document `FILE` (YAML or JSON): map cassette and HAR requests to its operations exactly")
	f.StringVar(&opts.Hooks, "hooks", "", "the hooks module `FILE.py`: show what 'ctlog hooks lint' says of it next to the hooks diagnosis (default: the file SCHEMATHESIS_HOOKS names in the log, when it exists here)")
	f.StringVar(&opts.FailOn, "fail-on", "none", "exit 1 when: any (any failure group), new (a group not in --baseline), unexpected (a group no hook rule claims), none")
	f.BoolVar(&opts.NoStepSummary, "no-step-summary", false, "in GitHub Actions, do not append the Markdown report to $GITHUB_STEP_SUMMARY")
	f.BoolVar(&opts.NoAnnotations, "no-annotations", false, "in GitHub Actions, print the text report instead of annotations")
	f.IntVar(&opts.MaxAnnotations, "max-annotations", 10, "error annotations in -o github, the most severe failure groups first")
	addRecordFlags(f, &opts.RecordOptions)
	return cmd
}

// addRecordFlags adds --record and --history.
func addRecordFlags(f *pflag.FlagSet, r *RecordOptions) {
	f.BoolVar(&r.Record, "record", false, "store the run's failure groups in the history store ('ctlog history' reads it)")
	f.StringVar(&r.History, "history", "", "history store `FILE` (default: one per repository in the cache directory)")
}

type output struct {
	format string
	path   string
	append bool // add to the file (the step summary) instead of replacing it
}

func parseOutputs(specs []string) ([]output, error) {
	if len(specs) == 0 {
		return []output{{format: "text"}}, nil
	}
	var outs []output
	toStdout := 0
	for _, spec := range specs {
		for one := range strings.SplitSeq(spec, ",") {
			format, path, _ := strings.Cut(one, "=")
			switch format {
			case "text", "json", "markdown", "github", "junit":
			case "md":
				format = "markdown"
			default:
				return nil, fmt.Errorf("unknown output format %q (want text, json, markdown, github or junit)", format)
			}
			if path == "" || path == "-" {
				path = ""
				toStdout++
			}
			outs = append(outs, output{format: format, path: path})
		}
	}
	if toStdout > 1 {
		return nil, errors.New("only one output can go to standard output; give the others a path (-o json=FILE)")
	}
	return outs, nil
}

// RunSummarize parses every input, renders the outputs and returns the exit code.
func RunSummarize(opts SummarizeOptions) (int, error) {
	inActions := opts.IO.Getenv != nil && opts.IO.Getenv("GITHUB_ACTIONS") == "true"
	specs := opts.Outputs
	if len(specs) == 0 && inActions && !opts.NoAnnotations {
		specs = []string{"github"} // annotations, with the text report in a collapsed group
	}
	outs, err := parseOutputs(specs)
	if err != nil {
		return ExitUsage, err
	}
	if inActions && !opts.NoStepSummary {
		if path := opts.IO.Getenv("GITHUB_STEP_SUMMARY"); path != "" {
			outs = append(outs, output{format: "markdown", path: path, append: true})
		}
	}
	color, err := useColor(opts.IO, opts.Color)
	if err != nil {
		return ExitUsage, err
	}
	// An input that cannot be read is an entry with its error in every report: when a report for
	// people is printed on the terminal, it is not said again on standard error.
	var stdinHash hash.Hash
	var digest func(hash.Hash) (string, error)
	if opts.Record && opts.As == nil {
		if slices.Contains(opts.Inputs, "-") && opts.IO.In != nil {
			stdinHash = sha256.New()
			opts.IO.In = io.TeeReader(opts.IO.In, stdinHash)
		}
		digest = startDigest(opts.Inputs)
	}
	reportsErrors := false
	for _, o := range outs {
		reportsErrors = reportsErrors || (opts.IO.OutTTY && o.path == "" && o.format != "json")
	}
	doc, code, err := summarizeDoc(opts, !reportsErrors)
	if err != nil {
		return code, err
	}
	var rec *pendingRecord
	if opts.Record {
		if rec, err = prepareRecord(opts, digest, stdinHash); err != nil {
			return ExitInput, err
		}
	}
	// A history store, when there is one, badges the groups; without --baseline it is what
	// --fail-on new compares with.
	failNewFrom := opts.Baseline
	if path := summarizeStore(opts, rec); path != "" {
		skip := ""
		if rec != nil {
			skip = rec.run.Identity
		}
		markNew := opts.FailOn == "new" && opts.Baseline == ""
		if err := applyHistory(path, doc, skip, markNew); err != nil {
			fmt.Fprintf(opts.IO.ErrOut, "ctlog: %v\n", err)
			if code == ExitOK {
				code = ExitInput
			}
		} else if markNew {
			failNewFrom = "the history store " + path
		}
	} else if opts.History != "" && rec == nil {
		fmt.Fprintf(opts.IO.ErrOut, "ctlog: no history store at %s: the groups get no history badges (record runs into it with --record)\n", sanitize.Line(opts.History))
		if opts.FailOn == "new" && opts.Baseline == "" {
			return ExitUsage, errors.New("--fail-on new needs --baseline FILE (save one with 'ctlog baseline save') or a history store (--history FILE, or runs recorded with --record)")
		}
	} else if opts.FailOn == "new" && opts.Baseline == "" {
		return ExitUsage, errors.New("--fail-on new needs --baseline FILE (save one with 'ctlog baseline save') or a history store (--history FILE, or runs recorded with --record)")
	}
	if opts.FailOn == "unexpected" && doc.Config == "" {
		// No rule claims anything: the policy would fail on every failure group, as any does.
		why := "no .ctlog.yaml was found above the working directory and no --config was given"
		if opts.NoConfig {
			why = "--no-config ignores them"
		}
		return ExitUsage, fmt.Errorf("--fail-on unexpected needs hook rules, and %s: without rules every failure group is unexpected "+
			"(use --fail-on any, or write rules with 'ctlog hooks rules')", why)
	}
	for _, o := range outs {
		w := opts.IO.Out
		var f *os.File
		if o.path != "" {
			flags := os.O_CREATE | os.O_WRONLY | os.O_TRUNC
			if o.append {
				flags = os.O_CREATE | os.O_WRONLY | os.O_APPEND
			}
			if f, err = os.OpenFile(o.path, flags, 0o644); err != nil {
				return ExitInput, fmt.Errorf("write %s: %w", o.path, err)
			}
			w = f
		}
		switch o.format {
		case "json":
			err = report.WriteJSON(w, doc)
		case "text":
			topts := report.TextOptions{Color: color && o.path == "", MaxGroups: opts.MaxGroups}
			if inActions && o.path == "" {
				// The runner reads standard output for workflow commands: the log's text must not be one.
				var b strings.Builder
				if err = report.WriteText(&b, doc, topts); err == nil {
					err = report.WriteQuoted(w, b.String())
				}
			} else {
				err = report.WriteText(w, doc, topts)
			}
		case "markdown":
			err = report.WriteMarkdown(w, doc, report.MarkdownOptions{})
		case "github":
			err = report.WriteGitHub(w, doc, report.GitHubOptions{MaxErrors: opts.MaxAnnotations, Locate: schemaPlaces(opts)})
		case "junit":
			err = report.WriteJUnit(w, doc, report.JUnitOptions{})
		}
		if f != nil {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			return ExitInternal, fmt.Errorf("write %s output: %w", o.format, err)
		}
	}
	if rec != nil {
		if err := rec.save(opts.IO, doc); err != nil {
			fmt.Fprintf(opts.IO.ErrOut, "ctlog: %v\n", err)
			if code == ExitOK {
				code = ExitInput
			}
		}
	}
	if fail, why := failPolicy(opts.FailOn, doc, failNewFrom); code == ExitOK && fail {
		fmt.Fprintf(opts.IO.ErrOut, "ctlog: failing because %s\n", why)
		code = ExitFailures
	}
	return code, nil
}

// schemaPlaces places each failure group's annotation on its operation's definition in the
// OpenAPI document: --schema, or else the file the log's schema location names in the checkout
// ($GITHUB_WORKSPACE, or the working directory), found by suffix.
func schemaPlaces(opts SummarizeOptions) func(*classify.Run, *classify.Group) (string, int) {
	f := &schemaloc.Finder{Schema: opts.Schema}
	if opts.IO.Getenv != nil {
		f.Dir = opts.IO.Getenv("GITHUB_WORKSPACE")
	}
	return func(r *classify.Run, g *classify.Group) (string, int) {
		return f.Locate(r.Settings.SchemaLocation, g.Operation, g.Check, g.Status)
	}
}

// summarizeDoc reads every input through the pipeline: the document all outputs render. The code is
// ExitInput when an input could not be read; an error comes with the code to exit with. Warnings go
// to standard error, and so do the errors of inputs that could not be read when warnUnread is set
// (the caller shows them otherwise).
func summarizeDoc(opts SummarizeOptions, warnUnread bool) (*summary.Document, int, error) {
	switch opts.FailOn {
	case "", "none", "any", "unexpected":
	case "new": // needs --baseline or a history store: RunSummarize checks
	default:
		return nil, ExitUsage, fmt.Errorf("--fail-on must be any, new, unexpected or none, not %q", opts.FailOn)
	}
	po, err := pipelineOptions(opts.IO, opts.Inputs, opts.ReadOptions)
	if err != nil {
		return nil, ExitUsage, err
	}
	po.Open, po.Hooks, po.Schema = opts.Open, opts.Hooks, opts.Schema
	if opts.IO.ErrTTY {
		po.Observer = &progressLine{w: opts.IO.ErrOut}
	}
	warn := po.Warn
	var warnings []error
	po.Warn = func(err error) { warnings = append(warnings, err) }
	res, err := pipeline.Summarize(context.Background(), po)
	if err != nil {
		return nil, ExitUsage, err
	}
	for _, w := range warnings {
		if warnUnread || !slices.ContainsFunc(res.Unread, func(u error) bool { return errors.Is(u, w) }) {
			warn(w)
		}
	}
	code := ExitOK
	if len(res.Unread) > 0 {
		code = ExitInput
	}
	return res.Doc, code, nil
}
