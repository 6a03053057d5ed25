// Package loggen generates realistic Schemathesis 3.x CLI logs of any size, deterministically
// and in constant memory, together with the facts a correct parser must recover from them.
package loggen

import (
	"bufio"
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// Config says what log to generate.
type Config struct {
	Seed        int64 // random seed; the same Config always produces the same bytes
	Operations  int   // number of API operations (default 200)
	TargetBytes int64 // keep adding failing test cases until at least this many bytes were written (0 = one natural run)
	Workers     int   // 1 = one progress line per op with [ NN%]; >1 = one long symbol line (default 1)
	GitHub      bool  // GitHub Actions wrapping: BOM, timestamp prefix on every line, ##[group] step header, ##[error] tail
	CRLF        bool  // end every line with \r\n instead of \n
	Groups      int   // >0: exactly this many failing operations, each failing one way (one failure group each)
}

// Truth is what a correct parser must find in the generated log.
type Truth struct {
	Bytes            int64          `json:"bytes"`              // total bytes written, BOM included
	Lines            int64          `json:"lines"`              // number of line terminators ('\n'); a bare '\r' does not count
	Passed           int            `json:"passed"`             // final line: operations passed
	Failed           int            `json:"failed"`             // final line: operations failed
	Errored          int            `json:"errored"`            // final line: operations errored
	Skipped          int            `json:"skipped"`            // final line: operations skipped
	TestCases        int            `json:"test_cases"`         // numbered "N. Test Case ID" blocks
	Flaky            int            `json:"flaky"`              // [FLAKY] banners
	ByOperationTitle map[string]int `json:"by_operation_title"` // "GET /api/x/{id}/ :: Response violates schema" -> test-case count
	FailedChecks     []string       `json:"failed_checks"`      // check names with FAILED rows in Performed checks, in table order
}

// DefaultOperations is the number of operations when Config.Operations is 0.
const DefaultOperations = 200

// Generate writes one Schemathesis 3.x log described by cfg to w and returns its Truth.
// Output goes through a bufio.Writer, so memory use does not grow with the log size.
func Generate(w io.Writer, cfg Config) (Truth, error) {
	if cfg.Operations < 0 || cfg.Workers < 0 || cfg.TargetBytes < 0 || cfg.Groups < 0 {
		return Truth{}, errors.New("loggen: negative Operations, Workers, TargetBytes or Groups")
	}
	if cfg.Operations == 0 {
		cfg.Operations = DefaultOperations
		if cfg.Groups > 0 {
			cfg.Operations = cfg.Groups + cfg.Groups/4
		}
	}
	if cfg.Operations < cfg.Groups {
		return Truth{}, errors.New("loggen: fewer Operations than Groups")
	}
	if cfg.Workers == 0 {
		cfg.Workers = 1
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	g := newGen(bw, cfg)
	g.run()
	err := g.e.flush()
	g.truth.Bytes = g.e.n
	g.truth.Lines = g.e.lines
	return g.truth, err
}

// Operation outcome symbols, as printed in the progress output.
const (
	stPass = '.'
	stFail = 'F'
	stErr  = 'E'
	stSkip = 'S'
)

type operation struct {
	method, path, label string
	status              byte
	durCS               int64 // virtual run time in centiseconds
}

// settings are the per-run choices derived from the seed.
type settings struct {
	host, schemaLoc, spec string
	seedShown             bool
	hypSeed               string
	showTrace             bool
	deprecatedFlag        bool
	truncate              bool
	auth                  string // "" or the filtered header name
	links                 int
	experimental          bool
	maxExamples           int
	checks                []string // Performed checks table, in execution order
	kinds                 []kindInfo
	kindWeights           []int
}

type gen struct {
	cfg   Config
	r     *rand.Rand
	e     *emitter
	s     settings
	ops   []operation
	truth Truth

	checkFailures []int64 // per check, number of failing test-case results
	clockCS       int64   // virtual run time

	// scratch buffers reused across test cases
	body []byte
	tmp  []byte // dateTime
	dbuf []byte // request bodies
	cbuf []byte // multipart curl commands
	blk  block
	rec  record
}

func newGen(bw *bufio.Writer, cfg Config) *gen {
	g := &gen{
		cfg: cfg,
		r:   rand.New(rand.NewPCG(uint64(cfg.Seed), 0x9e37_79b9_7f4a_7c15)),
		e:   newEmitter(bw, cfg),
		truth: Truth{
			ByOperationTitle: map[string]int{},
			FailedChecks:     []string{},
		},
	}
	return g
}

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

// chance reports true with probability p/1000.
func (g *gen) chance(p int) bool { return g.r.IntN(1000) < p }

func (g *gen) run() {
	g.chooseSettings()
	g.makeOperations()
	g.assignStatuses()

	if g.cfg.GitHub {
		g.e.raw("\ufeff")
		g.githubPreamble()
	}
	g.preHeader()
	g.header()
	g.progress()
	g.e.blank()
	g.errorsSection()
	g.failuresSection()
	g.summary()
	if g.cfg.GitHub && (g.truth.Failed > 0 || g.truth.Errored > 0) {
		g.e.line("##[error]Process completed with exit code 1.")
	}
}

func (g *gen) chooseSettings() {
	s := &g.s
	s.host = g.pick(hosts)
	repo := g.pick(repoNames)
	switch g.r.IntN(3) {
	case 0:
		s.schemaLoc = "file:///home/runner/work/" + repo + "/" + repo + "/openapi.yaml"
	case 1:
		s.schemaLoc = s.host + "/api/schema/"
	default:
		s.schemaLoc = s.host + "/openapi.json"
	}
	s.spec = g.pick(specVersions)
	s.seedShown = g.chance(850)
	// Hypothesis seeds are 128-bit integers printed in decimal.
	s.hypSeed = strconv.FormatUint(g.r.Uint64()>>1, 10) + strconv.FormatUint(g.r.Uint64()%1e18, 10)
	s.showTrace = g.chance(600)
	s.deprecatedFlag = s.showTrace && g.chance(400)
	s.truncate = g.chance(850)
	switch g.r.IntN(5) {
	case 0:
		s.auth = ""
	case 1:
		s.auth = "X-API-Key"
	default:
		s.auth = "Authorization"
	}
	if g.chance(200) {
		s.links = 1 + g.r.IntN(30)
	}
	s.experimental = g.chance(100)
	s.maxExamples = []int{10, 25, 50, 100}[g.r.IntN(4)]

	s.checks = []string{"not_a_server_error", "status_code_conformance", "content_type_conformance",
		"response_headers_conformance", "response_schema_conformance", "negative_data_rejection", "ignored_auth"}
	// Failure kinds available in this run, with their check and weight.
	add := func(k kind, title, check string, w int) {
		ci := slices.Index(s.checks, check)
		if ci < 0 {
			s.checks = append(s.checks, check)
			ci = len(s.checks) - 1
		}
		s.kinds = append(s.kinds, kindInfo{k: k, title: title, check: ci})
		s.kindWeights = append(s.kindWeights, w)
	}
	add(kServerError, "Server error", "not_a_server_error", 22)
	add(kStatusCode, "Undocumented HTTP status code", "status_code_conformance", 30)
	add(kContentType, "Undocumented Content-Type", "content_type_conformance", 6)
	add(kHeaders, "Missing required headers", "response_headers_conformance", 4)
	add(kSchema, "Response violates schema", "response_schema_conformance", 22)
	add(kJSONDeser, "JSON deserialization error", "response_schema_conformance", 5)
	add(kNegative, "Accepted negative data", "negative_data_rejection", 8)
	nCustom := []int{0, 0, 1, 1, 2}[g.r.IntN(5)]
	perm := g.r.Perm(len(customChecks))
	for i := 0; i < nCustom; i++ {
		name := customChecks[perm[i]]
		add(kCustom, "Custom check failed: `"+name+"`", name, 5)
		s.kinds[len(s.kinds)-1].msg = customMessages[perm[i]%len(customMessages)]
	}
	if g.chance(300) {
		add(kResponseTime, "Response time limit exceeded", "max_response_time", 5)
	}
	g.checkFailures = make([]int64, len(s.checks))
}

// makeOperations builds unique operation labels, grouped by resource like a real schema.
func (g *gen) makeOperations() {
	n := g.cfg.Operations
	g.ops = make([]operation, 0, n)
	seen := make(map[string]struct{}, n)
	style := g.r.IntN(3) // 0 django, 1 fastapi, 2 mixed
	add := func(method, path string) {
		if len(g.ops) >= n {
			return
		}
		label := method + " " + path
		if _, dup := seen[label]; dup {
			return
		}
		seen[label] = struct{}{}
		g.ops = append(g.ops, operation{method: method, path: path, label: label})
	}
	for round := 0; len(g.ops) < n; round++ {
		mod := g.pick(modules)
		res := resources[g.r.IntN(len(resources))]
		ver := "v1"
		if round >= 400 { // vocabulary exhausted: spread over more API versions
			ver = "v" + strconv.Itoa(2+round/400)
		}
		st := style
		if style == 2 {
			st = g.r.IntN(2)
		}
		var list, detail string
		switch {
		case g.chance(30):
			pre := g.pick(nestPrefixes)
			list = pre + "/" + res.plural + "/"
			detail = list + "{" + res.singular + "_id}/"
		case st == 0:
			list = "/api/" + ver + "/" + mod + "/" + res.plural + "/"
			detail = list + "{id}/"
		default:
			list = "/api/" + ver + "/" + mod + "/" + res.plural
			detail = list + "/{" + res.singular + "_id}"
		}
		add("GET", list)
		add("POST", list)
		for a := g.r.IntN(3); a > 0; a-- {
			act := g.pick(listActions)
			m := "GET"
			if act == "bulk_update" || act == "validate" {
				m = "POST"
			}
			add(m, joinPath(list, act))
		}
		if g.chance(40) {
			add([]string{"HEAD", "OPTIONS", "TRACE"}[g.r.IntN(3)], list)
		}
		if g.chance(900) {
			add("DELETE", detail)
			add("PUT", detail)
			add("GET", detail)
			add("PATCH", detail)
			for a := g.r.IntN(2); a > 0; a-- {
				act := g.pick(detailActions)
				m := "GET"
				if act == "approve" || act == "archive" || act == "duplicate" || act == "restore" {
					m = "POST"
				}
				add(m, joinPath(detail, act))
			}
		}
	}
}

func joinPath(base, seg string) string {
	if strings.HasSuffix(base, "/") {
		return base + seg + "/"
	}
	return base + "/" + seg
}

func (g *gen) assignStatuses() {
	pFail := 40 + g.r.IntN(140) // per mille
	pErr := g.r.IntN(30)
	pSkip := g.r.IntN(15)
	nFail := 0
	for i := range g.ops {
		op := &g.ops[i]
		u := g.r.IntN(1000)
		switch {
		case u < pErr:
			op.status = stErr
		case u < pErr+pSkip:
			op.status = stSkip
		case u < pErr+pSkip+pFail:
			op.status = stFail
			nFail++
		default:
			op.status = stPass
		}
		op.durCS = int64(5 + g.r.IntN(120))
		if op.status == stFail {
			op.durCS += int64(g.r.IntN(600))
		}
	}
	if g.cfg.TargetBytes > 0 && nFail == 0 && len(g.ops) > 0 && g.cfg.Groups == 0 {
		g.ops[g.r.IntN(len(g.ops))].status = stFail
	}
	if g.cfg.Groups > 0 {
		exactFailures(g.ops, nFail, g.cfg.Groups)
	}
	for i := range g.ops {
		switch g.ops[i].status {
		case stPass:
			g.truth.Passed++
		case stFail:
			g.truth.Failed++
		case stErr:
			g.truth.Errored++
		case stSkip:
			g.truth.Skipped++
		}
	}
}

func (g *gen) githubPreamble() {
	e := g.e
	url := g.s.schemaLoc
	url = strings.TrimPrefix(url, "file://")
	e.line2("##[group]Run schemathesis run ", url+" \\")
	script := []string{
		"schemathesis run " + url + " \\",
		"  --base-url=" + g.s.host + " \\",
		"  --checks all \\",
		"  --hypothesis-max-examples=" + strconv.Itoa(g.s.maxExamples) + " \\",
		"  --workers=" + strconv.Itoa(g.cfg.Workers) + " \\",
	}
	if g.s.showTrace {
		if g.s.deprecatedFlag {
			script = append(script, "  --show-errors-tracebacks \\")
		} else {
			script = append(script, "  --show-trace \\")
		}
	}
	if g.s.auth != "" {
		script = append(script, "  -H \""+g.s.auth+": ${API_TOKEN}\"")
	} else {
		script = append(script, "  --junit-xml=schemathesis.xml")
	}
	for _, l := range script {
		e.line("\x1b[36;1m" + l + "\x1b[0m")
	}
	e.line("shell: /usr/bin/bash -e {0}")
	e.line("env:")
	e.line("  pythonLocation: /opt/hostedtoolcache/Python/3.11.9/x64")
	e.line("  LD_LIBRARY_PATH: /opt/hostedtoolcache/Python/3.11.9/x64/lib")
	if g.s.auth != "" {
		e.line("  API_TOKEN: ***")
	}
	e.line("##[endgroup]")
}

func (g *gen) preHeader() {
	if g.s.deprecatedFlag {
		g.e.line("Warning: Option `--show-errors-tracebacks` is deprecated and will be removed in Schemathesis 4.0. Use `--show-trace` instead")
	}
}

func (g *gen) header() {
	e := g.e
	e.rule("Schemathesis test session starts", '=')
	e.line2("Schema location: ", g.s.schemaLoc)
	e.line2("Base URL: ", g.s.host)
	e.line2("Specification version: ", g.s.spec)
	if g.s.seedShown {
		e.line2("Random seed: ", g.s.hypSeed)
	}
	e.line2("Workers: ", strconv.Itoa(g.cfg.Workers))
	e.line2("Collected API operations: ", strconv.Itoa(len(g.ops)))
	e.line2("Collected API links: ", strconv.Itoa(g.s.links))
	e.line("API probing: ...\rAPI probing: SUCCESS")
	e.line("Schema analysis: ...\rSchema analysis: SKIP")
	if len(g.ops) >= 1 {
		e.blank()
	}
}

const (
	termWidth     = 80
	maxLabelWidth = termWidth - len(" . [XXX%]") - len("[...]") // 66
)

func (g *gen) progress() {
	e := g.e
	total := int64(len(g.ops))
	if g.cfg.Workers > 1 {
		// The line is complete (and timestamped) only when the last operation finishes.
		for i := range g.ops {
			g.clockCS += g.ops[i].durCS
		}
		g.clockCS /= int64(g.cfg.Workers)
		e.slow = g.clockCS * 100_000
		e.begin()
		for i := range g.ops {
			e.buf = append(e.buf, g.ops[i].status)
		}
		e.end()
		return
	}
	for i := range g.ops {
		op := &g.ops[i]
		g.clockCS += op.durCS
		e.slow = op.durCS * 100_000
		e.begin()
		start := len(e.buf)
		if len(op.label) > maxLabelWidth {
			e.buf = append(e.buf, op.label[:maxLabelWidth]...)
			e.buf = append(e.buf, "[...]"...)
		} else {
			e.buf = append(e.buf, op.label...)
		}
		e.buf = append(e.buf, ' ', op.status)
		pct := int64(i+1) * 100 / total
		for pad := termWidth - (len(e.buf) - start) - 6; pad > 0; pad-- {
			e.buf = append(e.buf, ' ')
		}
		e.buf = append(e.buf, '[')
		switch {
		case pct < 10:
			e.buf = append(e.buf, ' ', ' ', byte('0'+pct))
		case pct < 100:
			e.buf = append(e.buf, ' ', byte('0'+pct/10), byte('0'+pct%10))
		default:
			e.buf = append(e.buf, "100"...)
		}
		e.buf = append(e.buf, '%', ']')
		e.end()
	}
}

func (g *gen) summary() {
	e := g.e
	e.rule("SUMMARY", '=')
	e.blank()
	if g.truth.Passed+g.truth.Failed == 0 {
		e.line("No checks were performed.")
	} else {
		g.checksTable()
	}
	e.blank()

	// Warnings about passing operations that only ever saw 4xx responses.
	var warn []string
	for i := range g.ops {
		op := &g.ops[i]
		if op.status == stPass && g.chance(40) && len(warn) < 60 {
			if g.chance(150) {
				warn = append(warn, "Most of the responses from `"+op.label+"` have a 401 status code. Did you specify proper API credentials?")
			} else {
				warn = append(warn, "`"+op.label+"` returned only 4xx responses during unit tests. Check base URL or adjust data generation settings")
			}
		}
	}
	switch len(warn) {
	case 0:
	case 1:
		e.line2("WARNING: ", warn[0])
		e.blank()
	default:
		e.line("WARNINGS:")
		for _, w := range warn {
			e.line2("  - ", w)
		}
		e.blank()
	}
	if g.s.experimental {
		e.line("Experimental Features:")
		e.line("  - Coverage phase: Generate covering test cases")
		e.line("    Feedback: https://github.com/schemathesis/schemathesis/discussions/2418")
		e.blank()
		e.line("Your feedback is crucial for experimental features. Please visit the provided URL(s) to share your thoughts.")
		e.blank()
	}
	if g.truth.Failed > 0 {
		e.line("Note: Use the 'X-Schemathesis-TestCaseId' header to correlate test case ids from failure messages with server logs for debugging.")
		e.blank()
		if g.s.seedShown {
			e.line("Note: To replicate these test failures, rerun with `--hypothesis-seed=" + g.s.hypSeed + "`")
			e.blank()
		}
	}
	g.finalLine()
}

func (g *gen) checksTable() {
	e := g.e
	// Every check runs on every response, so all share one total.
	var maxF int64
	for _, f := range g.checkFailures {
		maxF = max(maxF, f)
	}
	total := int64(len(g.ops))*int64(2+g.r.IntN(g.s.maxExamples)) + maxF + int64(g.r.IntN(50))
	col1 := 0
	for _, c := range g.s.checks {
		col1 = max(col1, len(c))
	}
	col1 += 20
	col2 := len(strconv.FormatInt(total, 10))*2 + 20
	e.line("Performed checks:")
	for i, c := range g.s.checks {
		f := g.checkFailures[i]
		e.begin()
		start := len(e.buf)
		e.buf = append(e.buf, "    "...)
		e.buf = append(e.buf, c...)
		for len(e.buf)-start < 4+col1 {
			e.buf = append(e.buf, ' ')
		}
		c2 := len(e.buf)
		e.buf = strconv.AppendInt(e.buf, total-f, 10)
		e.buf = append(e.buf, " / "...)
		e.buf = strconv.AppendInt(e.buf, total, 10)
		e.buf = append(e.buf, " passed"...)
		for len(e.buf)-c2 < col2 {
			e.buf = append(e.buf, ' ')
		}
		// The verdict is padded to 20 while still wrapped in 14 bytes of ANSI codes,
		// which leaves exactly one trailing space once the codes are stripped.
		if f > 0 {
			e.buf = append(e.buf, "FAILED "...)
			g.truth.FailedChecks = append(g.truth.FailedChecks, c)
		} else {
			e.buf = append(e.buf, "PASSED "...)
		}
		e.end()
	}
}

func (g *gen) finalLine() {
	t := &g.truth
	var parts []string
	if t.Passed > 0 {
		parts = append(parts, strconv.Itoa(t.Passed)+" passed")
	}
	if t.Failed > 0 {
		parts = append(parts, strconv.Itoa(t.Failed)+" failed")
	}
	if t.Errored > 0 {
		parts = append(parts, strconv.Itoa(t.Errored)+" errored")
	}
	if t.Skipped > 0 {
		parts = append(parts, strconv.Itoa(t.Skipped)+" skipped")
	}
	if len(parts) == 0 {
		g.e.rule("Empty test suite", '=')
		return
	}
	cs := g.clockCS + 150 + int64(g.r.IntN(300))
	secs := strconv.FormatInt(cs/100, 10) + "." + string([]byte{byte('0' + cs%100/10), byte('0' + cs%10)})
	g.e.rule(strings.Join(parts, ", ")+" in "+secs+"s", '=')
}

// exactFailures makes exactly want of ops fail: failing operations from the end pass, then
// operations from the start that did not fail fail.
func exactFailures(ops []operation, have, want int) {
	for i := len(ops) - 1; i >= 0 && have > want; i-- {
		if ops[i].status == stFail {
			ops[i].status = stPass
			have--
		}
	}
	for i := 0; i < len(ops) && have < want; i++ {
		if ops[i].status != stFail {
			ops[i].status = stFail
			ops[i].durCS += 300
			have++
		}
	}
}
