package loggen

import (
	"sort"
	"strconv"
)

// errorsSection writes the ERRORS section for errored operations.
func (g *gen) errorsSection() {
	var errored []int
	for i := range g.ops {
		if g.ops[i].status == stErr {
			errored = append(errored, i)
		}
	}
	if len(errored) == 0 {
		return
	}
	if g.cfg.Workers > 1 { // results arrive out of order and are sorted for display
		sort.SliceStable(errored, func(a, b int) bool { return g.ops[errored[a]].label < g.ops[errored[b]].label })
	}
	e := g.e
	e.rule("ERRORS", '=')
	hint := false
	for _, oi := range errored {
		op := &g.ops[oi]
		e.rule(op.label, '_')
		n := 1
		if g.chance(100) {
			n = 2
		}
		for j := 0; j < n; j++ {
			if j > 0 {
				e.blank()
			}
			if g.writeError(op) {
				hint = true
			}
		}
	}
	if hint && !g.s.showTrace {
		e.blank()
		e.line("Add this option to your command line parameters to see full tracebacks: --show-trace")
	}
	e.blank()
	e.line("Need more help?")
	e.line("    Join our Discord server: https://discord.gg/R9ASRAmHnA")
}

// writeError writes one error block and reports whether it was an unexpected runtime error
// (those get the --show-trace hint when tracebacks are off).
func (g *gen) writeError(op *operation) bool {
	e := g.e
	switch u := g.r.IntN(100); {
	case u < 30:
		e.line("Network Error")
		e.blank()
		e.line("Connection failed")
		e.blank()
		e.line("    Failed to establish a new connection: [Errno 111] Connection refused")
		return false
	case u < 45:
		e.line("Network Error")
		e.blank()
		e.begin()
		e.buf = append(e.buf, "Read timed out after "...)
		e.buf = strconv.AppendInt(e.buf, int64(5+g.r.IntN(26)), 10)
		e.buf = append(e.buf, ".00 seconds"...)
		e.end()
		return false
	case u < 52:
		e.line("Network Error")
		e.blank()
		e.line("Connection aborted")
		e.blank()
		e.line("    Remote end closed connection without response")
		return false
	}
	exc := runtimeErrors[g.r.IntN(len(runtimeErrors))]
	e.line("Runtime Error")
	e.blank()
	e.line(exc.msg)
	if !g.s.showTrace {
		return true
	}
	site := g.pick(sitePackages)
	e.blank()
	e.line("    Traceback (most recent call last):")
	frame := func(file string, line int, fn, code string) {
		e.begin()
		e.buf = append(e.buf, "      File \""...)
		e.buf = append(e.buf, file...)
		e.buf = append(e.buf, "\", line "...)
		e.buf = strconv.AppendInt(e.buf, int64(line), 10)
		e.buf = append(e.buf, ", in "...)
		e.buf = append(e.buf, fn...)
		e.end()
		e.line2("        ", code)
	}
	frame(site+"/schemathesis/runner/impl/core.py", 700+g.r.IntN(200), "run_test", "test(ctx, result, *args, **kwargs)")
	frame(site+"/schemathesis/runner/impl/core.py", 1000+g.r.IntN(200), "network_test", "response = _network_test(case, ctx, *args)")
	switch exc.typ {
	case "ValueError":
		frame(site+"/schemathesis/models.py", 500+g.r.IntN(100), "call", "response = session.request(**data)")
		frame(site+"/requests/models.py", 511, "prepare_body", "body = complexjson.dumps(json, allow_nan=False)")
	case "ZeroDivisionError", "KeyError", "AttributeError":
		frame(site+"/schemathesis/runner/impl/core.py", 900+g.r.IntN(100), "run_checks", "skip_check = check(ctx, response, copied_case)")
		frame("/home/runner/work/app/app/tests/hooks.py", 10+g.r.IntN(80), "check_"+op.method, "value = payload.get(\"data\")")
	default:
		frame(site+"/schemathesis/models.py", 500+g.r.IntN(100), "as_transport_kwargs", "headers = self._get_headers(headers)")
	}
	e.line2("    ", exc.typ+": "+exc.msg)
	return true
}
