package command

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ctlog-dev/ctlog/internal/doctor"
	"github.com/ctlog-dev/ctlog/internal/redact"
	"github.com/ctlog-dev/ctlog/internal/sanitize"
)

// DoctorOptions are the inputs of `ctlog doctor`.
type DoctorOptions struct {
	IO     IOStreams
	Dir    string // the repository ("" = the root of the one holding the working directory)
	Output string // text, json or github
}

const doctorExitHelp = `Exit codes:
  0  nothing found that makes CI and local runs differ (warnings may remain)
  1  CI and local runs will differ: hooks CI never loads, a module that cannot load or
     registers nothing, another Schemathesis version or result-changing setting; or a
     file doctor could not read
  2  usage error: unknown flag, bad argument
  3  the directory could not be read`

func newDoctorCmd(ios IOStreams) *cobra.Command {
	opts := &DoctorOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "doctor [DIR]",
		Short: "Say why Schemathesis in CI and locally would differ, from the repository, before anything runs",
		Long: `Doctor reads the repository (default: the root of the one holding the working directory) without
running anything, and reports, one "FILE:LINE: severity: message [id]" line each with a fix:

  - every place Schemathesis is started: GitHub Actions workflow steps (run: scripts with st,
    schemathesis, uvx, python -m, docker run schemathesis/schemathesis, the schemathesis/action),
    .gitlab-ci.yml jobs, and the local Makefile targets, package.json scripts, tox.ini
    environments and shell scripts; with the version each gets (requirements, pyproject.toml,
    uv.lock / poetry.lock, uvx schemathesis==X, the image tag, the action's version input), its
    flags and the environment it sees (workflow, job and step env:, container:, docker run -e, .env);
  - the hooks as each side loads them: whether SCHEMATHESIS_HOOKS (or schemathesis.toml's hooks)
    reaches the process, whether its form is one the version imports, whether the module is in
    the checkout, and hooks lint on it;
  - the differences between the CI invocation and the local one that change results: hooks,
    version, checks, mode, phases, headers, base URL, max examples, seed, workers.

Finding ids, what they mean and their fixes: docs/doctor.md.

` + doctorExitHelp,
		Example: `  ctlog doctor
  ctlog doctor path/to/repo -o json
  ctlog doctor -o github      # annotations on the workflow lines, in a GitHub Actions step`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			return exitWith(RunDoctor(*opts))
		},
	}
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "text", "output `FORMAT`: text, json or github")
	return cmd
}

// RunDoctor reads the repository and prints what would make CI and local runs differ.
func RunDoctor(opts DoctorOptions) (int, error) {
	switch opts.Output {
	case "", "text", "json", "github":
	default:
		return ExitUsage, fmt.Errorf("unknown output format %q (want text, json or github)", opts.Output)
	}
	dir := opts.Dir
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return ExitInput, fmt.Errorf("doctor: %w", err)
		}
		dir = repositoryRoot(wd)
	}
	rep, err := doctor.Run(dir)
	if err != nil {
		return ExitInput, err
	}
	red, err := redact.New()
	if err != nil {
		return ExitInternal, err
	}
	rep.Redact(red.String)
	w := opts.IO.Out
	switch opts.Output {
	case "json":
		doc := struct {
			*doctor.Report
			Differs bool `json:"differs"`
		}{rep, rep.Differs()}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return ExitInternal, err
		}
	case "github":
		prefix := workspacePrefix(dir, opts.IO.Getenv)
		for _, f := range rep.Findings {
			fmt.Fprintln(w, githubCommand(f, prefix))
		}
	default:
		for _, l := range doctorLines(rep) {
			fmt.Fprintln(w, sanitize.Line(l))
		}
		fmt.Fprintln(w, sanitize.Line(doctorSummary(rep)))
	}
	if rep.Differs() {
		fmt.Fprintf(opts.IO.ErrOut, "ctlog: failing because doctor found %s in %s: CI and local runs will differ\n", plural(rep.Count(doctor.SevError), "error"), sanitize.Line(dir))
		return ExitFailures, nil
	}
	return ExitOK, nil
}

// repositoryRoot walks up from dir to the directory holding .git; dir itself when there is none.
func repositoryRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// doctorLines renders the invocations (info) and the findings as "FILE:LINE: severity: message [id]"
// lines, each finding's fix on the line after it.
func doctorLines(rep *doctor.Report) []string {
	var out []string
	for _, inv := range rep.Invocations {
		out = append(out, fmt.Sprintf("%s: info: %s: %s: %s [invocation]", inv.Loc, inv.Side, inv.Name, describe(inv)))
	}
	for _, f := range rep.Findings {
		out = append(out, fmt.Sprintf("%s: %s: %s [%s]", f.Loc, f.Severity, f.Message, f.ID))
		if f.Fix != "" {
			out = append(out, "    fix: "+f.Fix)
		}
	}
	return out
}

// describe says what an invocation gets: version, hooks and settings.
func describe(inv *doctor.Invocation) string {
	var parts []string
	switch v := inv.Version; {
	case v.Value == "":
		parts = append(parts, "Schemathesis (version not pinned)")
	case v.File == "":
		parts = append(parts, "Schemathesis "+v.Value)
	default:
		parts = append(parts, fmt.Sprintf("Schemathesis %s (%s)", v.Value, v.Loc))
	}
	if inv.Hooks != nil {
		parts = append(parts, fmt.Sprintf("hooks %s (%s)", inv.Hooks.Value, inv.Hooks.Loc))
	} else {
		parts = append(parts, "no hooks")
	}
	keys := make([]string, 0, len(inv.Settings))
	for k := range inv.Settings {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		parts = append(parts, k+" "+inv.Settings[k].Value)
	}
	return strings.Join(parts, ", ")
}

// doctorSummary is the closing line of the text output.
func doctorSummary(rep *doctor.Report) string {
	ci := 0
	for _, inv := range rep.Invocations {
		if inv.Side == doctor.SideCI {
			ci++
		}
	}
	s := fmt.Sprintf("%s: %d Schemathesis invocations (%d in CI, %d local); %s, %s", rep.Dir, len(rep.Invocations), ci, len(rep.Invocations)-ci,
		plural(rep.Count(doctor.SevError), "error"), plural(rep.Count(doctor.SevWarning), "warning"))
	if rep.Differs() {
		s += " — CI and local runs will differ"
	}
	return s
}

// workspacePrefix is the repository's path relative to $GITHUB_WORKSPACE (or the working
// directory), which annotations' file= needs; "" when it is the same directory or outside it.
func workspacePrefix(dir string, getenv func(string) string) string {
	base := ""
	if getenv != nil {
		base = getenv("GITHUB_WORKSPACE")
	}
	if base == "" {
		base, _ = os.Getwd()
	}
	abs, err := filepath.Abs(dir)
	if err != nil || base == "" {
		return ""
	}
	rel, err := filepath.Rel(base, abs)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return ""
	}
	return filepath.ToSlash(rel)
}

// githubCommand renders a finding as a workflow command: ::error, ::warning or ::notice on its line.
func githubCommand(f doctor.Finding, prefix string) string {
	kind := map[string]string{doctor.SevError: "error", doctor.SevWarning: "warning"}[f.Severity]
	if kind == "" {
		kind = "notice"
	}
	file := f.File
	if prefix != "" {
		file = prefix + "/" + file
	}
	props := "file=" + sanitize.WorkflowProperty(file)
	if f.Line > 0 {
		props += fmt.Sprintf(",line=%d", f.Line)
	}
	props += ",title=" + sanitize.WorkflowProperty("ctlog doctor: "+f.ID)
	msg := f.Message
	if f.Fix != "" {
		msg += "\nFix: " + f.Fix
	}
	return fmt.Sprintf("::%s %s::%s", kind, props, sanitize.WorkflowData(msg))
}
