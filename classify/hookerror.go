package classify

import (
	"slices"
	"strconv"
	"strings"

	"github.com/ctlog-dev/ctlog/parser"
)

// HookFailure is a hook that raised an exception while Schemathesis ran it: the module was
// loaded, and the hook itself is failing.
type HookFailure struct {
	Hook       string   `json:"hook"`               // the hook function, such as after_call
	Exception  string   `json:"exception"`          // its exception, such as "KeyError: 'results'"
	File       string   `json:"file,omitempty"`     // where it was raised, when a traceback shows it
	Line       int      `json:"line"`               // the log line of the first error block
	Operations []string `json:"operations"`         // the operations it failed on
	Errors     int      `json:"errors"`             // error blocks
	Form       string   `json:"form,omitempty"`     // "Hook Error" (4.x) or "traceback" (a 3.x runtime error raised in a hook)
	Evidence   string   `json:"evidence,omitempty"` // the line that names the hook
}

// hookError recognises an error block raised by a hook function. Schemathesis 4.x titles it
// `Hook Error` and says "Error in `after_call` hook: KeyError: 'results'"; 3.x reports it as any
// runtime error, so the hook shows only in the traceback: its innermost frame outside
// Schemathesis is `in after_call` (a Schemathesis hook name) in a file outside site-packages.
func hookError(e *parser.ErrorBlock) (hook, exception, file, evidence, form string, ok bool) {
	msg := e.Message
	if e.Title == "Hook Error" {
		first, _, _ := strings.Cut(strings.TrimSpace(msg), "\n")
		first = strings.TrimSpace(first)
		if rest, found := strings.CutPrefix(first, "Error in `"); found {
			if name, exc, found := strings.Cut(rest, "` hook: "); found {
				hook, exception = name, exc
			}
		}
		if hook == "" && strings.Contains(msg, "filter_case") {
			hook, exception = "filter_case", first // Unsatisfiable: the filter rejected every case
		}
		_, file, _ = lastUserFrame(msg)
		return hook, exception, file, first, "Hook Error", true
	}
	fn, file, frame := lastUserFrame(msg)
	if !isHookName(fn) {
		return "", "", "", "", "", false
	}
	return fn, lastExceptionLine(msg), file, frame, "traceback", true
}

// lastUserFrame finds the innermost `File "…", line N, in FUNC` frame of a traceback that is not
// in an installed package, and returns FUNC, the file and the frame's line.
func lastUserFrame(msg string) (fn, file, frame string) {
	for _, l := range strings.Split(msg, "\n") {
		t := strings.TrimSpace(l)
		rest, ok := strings.CutPrefix(t, `File "`)
		if !ok {
			continue
		}
		path, rest, ok := strings.Cut(rest, `"`)
		if !ok || strings.Contains(path, "site-packages") || strings.Contains(path, "dist-packages") {
			continue
		}
		i := strings.LastIndex(rest, ", in ")
		if i < 0 {
			continue
		}
		fn, file, frame = strings.TrimSpace(rest[i+len(", in "):]), path, t
	}
	return fn, file, frame
}

// lastExceptionLine is the traceback's final `Type: message` line.
func lastExceptionLine(msg string) string {
	lines := strings.Split(strings.TrimRight(msg, "\n "), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		t := strings.TrimSpace(lines[i])
		if t == "" {
			continue
		}
		return t
	}
	return ""
}

// noteHookError records a hook's failure and the evidence it gives: the module was loaded.
func (r *Run) noteHookError(e *parser.ErrorBlock) {
	hook, exc, file, evidence, form, ok := hookError(e)
	if !ok {
		return
	}
	if hook == "" {
		hook = "(unnamed hook)"
	}
	i := slices.IndexFunc(r.HookErrors, func(h HookFailure) bool { return h.Hook == hook && h.Exception == exc })
	if i < 0 {
		r.HookErrors = append(r.HookErrors, HookFailure{Hook: hook, Exception: exc, File: file, Line: e.Line, Form: form,
			Evidence: evidence, Operations: []string{}})
		i = len(r.HookErrors) - 1
		r.Evidence = append(r.Evidence, Evidence{Kind: "hook-error", Line: e.Line, Text: "`" + hook + "` raised " + exc})
	}
	h := &r.HookErrors[i]
	h.Errors++
	if e.Operation != "" && !slices.Contains(h.Operations, e.Operation) {
		h.Operations = append(h.Operations, e.Operation)
	}
}

// failingParagraph says which hooks raised, with what, on which operations.
func failingParagraph(fs []HookFailure) string {
	var b strings.Builder
	b.WriteString("Hooks loaded but failing: ")
	for i, f := range fs {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString("`" + f.Hook + "` raised " + clipText(f.Exception, 140))
		if f.File != "" {
			b.WriteString(" in " + f.File)
		}
		b.WriteString(" on " + itoa(len(f.Operations)) + " " + plural(len(f.Operations), "operation", "operations") + " (" + strings.Join(clipList(f.Operations, 5), ", ") + "; first at line " + itoa(f.Line) + ")")
	}
	b.WriteString(". The module was imported, but a hook that raises does not do its job: the operations it fails on are reported as errors, not tested. Fix the hook first.")
	return b.String()
}

// diagnoseHookErrors gives a run whose hooks raised a hooks diagnosis even without hook rules:
// a failing hook is a problem whatever the rules say.
func (r *Run) diagnoseHookErrors() {
	if len(r.HookErrors) == 0 || r.Hooks != nil {
		return
	}
	r.Hooks = &HooksDiagnosis{Verdict: HooksFailing, Paragraph: failingParagraph(r.HookErrors), Rules: []RuleHits{}, OnHooked: []string{},
		Evidence: slices.Clone(r.Evidence), HookErrors: r.HookErrors}
	if v, ok := r.Env["SCHEMATHESIS_HOOKS"]; ok {
		r.Hooks.EnvHooks = &v
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// isHookName reports whether a function is named like a Schemathesis hook (after_call,
// before_generate_query, filter_body, map_case, process_call_kwargs, …). internal/hooks knows the
// exact lists, but its tests import classify.
func isHookName(fn string) bool {
	for _, p := range []string{"before_", "after_", "filter_", "map_", "flatmap_"} {
		if strings.HasPrefix(fn, p) && len(fn) > len(p) {
			return true
		}
	}
	return fn == "process_call_kwargs"
}
