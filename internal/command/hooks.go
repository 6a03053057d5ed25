package command

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/ctlog-dev/ctlog/internal/hooks"
)

// HooksOptions are the inputs of `ctlog hooks lint` and `ctlog hooks rules`.
type HooksOptions struct {
	IO           IOStreams
	File         string // the Python hooks module
	Schemathesis string // major version to check against: 3, 4 or auto
	Output       string // text or json
}

const hooksExitHelp = `Exit codes:
  0  nothing in the file will fail to run (warnings may remain)
  1  something will not run: a hook that is never registered, a name or parameter list
     Schemathesis refuses, ... (lint only)
  2  usage error: unknown flag, bad argument
  3  the file could not be read`

func newHooksCmd(ios IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "hooks",
		Short: "Check a Schemathesis hooks module, and derive hook rules from it",
		Long: `The hooks commands read a Python Schemathesis hooks module (the one SCHEMATHESIS_HOOKS names) as
text, without running Python, and say what Schemathesis will and will not call.`,
	}
	cmd.AddCommand(newHooksLintCmd(ios), newHooksRulesCmd(ios))
	return cmd
}

func newHooksLintCmd(ios IOStreams) *cobra.Command {
	opts := &HooksOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "lint FILE.py",
		Short: "Say which hooks in a hooks module Schemathesis will call, and which it will not",
		Long: `Lint reads a Schemathesis hooks module and reports, one "FILE:LINE: severity: message [code]"
line each (the form GitHub Actions and editors link to the line):

  - the functions registered as hooks (@schemathesis.hook, @schemathesis.hook("name"),
    @schema.hook, @schemathesis.hooks.register, or a registration call) and the hook name each gets;
  - hook names the Schemathesis version does not know, with a "did you mean";
  - the wrong number of parameters for a hook, and hooks registered on a schema that only the
    global dispatcher accepts — Schemathesis refuses these when it imports the module, so none of
    the module's hooks load;
  - functions that look like hooks (a hook's name, or a (context, case, response) signature) but
    are never registered, which Schemathesis silently never calls;
  - prints and log lines at import, which show the module was imported, not that any hook runs.

The hook names, parameters and scopes are those of Schemathesis 3.x and 4.x's own hook
specifications. --schemathesis picks the version; by default it is guessed from the file's
imports and loaders, and is 3 when they do not tell.

` + hooksExitHelp,
		Example: `  ctlog hooks lint aquamind/utils/schemathesis_hooks.py
  ctlog hooks lint --schemathesis 4 -o json hooks.py`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.File = args[0]
			return exitWith(RunHooksLint(*opts))
		},
	}
	cmd.Flags().StringVar(&opts.Schemathesis, "schemathesis", "auto", "Schemathesis major `VERSION` to check against: 3, 4 or auto")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "text", "output `FORMAT`: text or json")
	return cmd
}

func newHooksRulesCmd(ios IOStreams) *cobra.Command {
	opts := &HooksOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "rules FILE.py",
		Short: "Derive draft hook rules (.ctlog.yaml) from what the hooks test and change",
		Long: `Rules reads a Schemathesis hooks module and prints a .ctlog.yaml "hooks:" block to review and save:
one rule per hook that changes responses or requests, named after the function, with

  operations  from what the hook tests: case.operation.path == "...", in {...}, .startswith,
              .endswith, "..." in path, any(...) over a list, and case.method
  checks      from what it changes: the body (response_schema_conformance), the status
              (status_code_conformance), Content-Type (content_type_conformance), other headers
              (response_headers_conformance)
  statuses    from its response.status_code tests
  prints      from a line it prints or logs each time it runs
  banner      from a line the module prints at import
  module      from FILE's path, when it is relative

What could not be derived is marked with comments; a hook without operations is left commented
out. The output always loads as a valid config (see docs/hook-rules.md).

` + hooksExitHelp,
		Example: `  ctlog hooks rules aquamind/utils/schemathesis_hooks.py > .ctlog.yaml`,
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.File = args[0]
			return exitWith(RunHooksRules(*opts))
		},
	}
	return cmd
}

func readHooksFile(path string) ([]byte, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("read %s: %w", path, pe.Err)
		}
		return nil, err
	}
	return src, nil
}

// RunHooksLint lints the hooks file and returns the exit code.
func RunHooksLint(opts HooksOptions) (int, error) {
	major := 0
	switch opts.Schemathesis {
	case "3", "3.x":
		major = 3
	case "4", "4.x":
		major = 4
	case "auto", "":
	default:
		return ExitUsage, fmt.Errorf("--schemathesis must be 3, 4 or auto, not %q", opts.Schemathesis)
	}
	if opts.Output != "text" && opts.Output != "json" && opts.Output != "" {
		return ExitUsage, fmt.Errorf("unknown output format %q (want text or json)", opts.Output)
	}
	src, err := readHooksFile(opts.File)
	if err != nil {
		return ExitInput, err
	}
	r := hooks.Lint(opts.File, src, major)
	w := opts.IO.Out
	if opts.Output == "json" {
		doc := struct {
			hooks.Report
			Silent bool `json:"silent"`
		}{r, r.Silent()}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return ExitInternal, err
		}
	} else {
		for _, l := range r.Lines() {
			fmt.Fprintln(w, l)
		}
		fmt.Fprintln(w, lintSummary(r))
	}
	if r.Silent() {
		fmt.Fprintf(opts.IO.ErrOut, "ctlog: failing because hooks lint found %s in %s: code that will not run\n", plural(r.Count(hooks.SevError), "error"), opts.File)
		return ExitFailures, nil
	}
	return ExitOK, nil
}

// lintSummary is the closing line of the text output.
func lintSummary(r hooks.Report) string {
	effective := 0
	for _, h := range r.Hooks {
		if h.Effective {
			effective++
		}
	}
	how := map[string]string{
		"given":   "",
		"file":    ", guessed from the file's imports and loaders",
		"default": ", the default: nothing in the file tells 3.x from 4.x; use --schemathesis",
	}[r.MajorSource]
	s := fmt.Sprintf("%s: Schemathesis %d.x%s: %d of %d hook functions will be called; %s, %s",
		r.Path, r.Major, how, effective, len(r.Hooks), plural(r.Count(hooks.SevError), "error"), plural(r.Count(hooks.SevWarning), "warning"))
	if r.Silent() {
		s += " — some hooks will not run"
	}
	return s
}

// RunHooksRules prints the derived hook rules as a .ctlog.yaml document.
func RunHooksRules(opts HooksOptions) (int, error) {
	src, err := readHooksFile(opts.File)
	if err != nil {
		return ExitInput, err
	}
	d := hooks.Derive(opts.File, src)
	if _, err := fmt.Fprint(opts.IO.Out, d.YAML()); err != nil {
		return ExitInternal, err
	}
	complete := 0
	for _, r := range d.Rules {
		if r.Complete() {
			complete++
		}
	}
	fmt.Fprintf(opts.IO.ErrOut, "ctlog: %s derived from %s; %s on what could not be derived\n", plural(complete, "rule"), opts.File, plural(len(d.Notes), "note"))
	return ExitOK, nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
