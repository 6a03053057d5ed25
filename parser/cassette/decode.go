package cassette

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ctlog-dev/ctlog/parser"
)

// item is one interaction, in the fields of both layouts that ctlog uses.
type item struct {
	ID       string        `yaml:"id"`
	Status   string        `yaml:"status"`
	Seed     string        `yaml:"seed"`    // 3.x
	Elapsed  string        `yaml:"elapsed"` // 3.x
	DataGen  string        `yaml:"data_generation_method"`
	Phase    yaml.Node     `yaml:"phase"` // 3.x: a name; 4.x: {name, data}
	Checks   []itemCheck   `yaml:"checks"`
	Request  itemRequest   `yaml:"request"`
	Response *itemResponse `yaml:"response"`

	// Set by quickReader.toItem, which leaves Phase and Request.Headers empty: the phase and the
	// request headers as nodes of the reader, valid until its next read.
	quick    bool
	phase    *qnode
	headers  *qnode
	response itemResponse // what Response points to
}

type itemCheck struct {
	Name    string `yaml:"name"`
	Status  string `yaml:"status"`
	Message string `yaml:"message"`
}

type itemRequest struct {
	URI     string    `yaml:"uri"`
	Method  string    `yaml:"method"`
	Headers yaml.Node `yaml:"headers"`
	Body    *itemBody `yaml:"body"`
}

type itemResponse struct {
	Status struct {
		Code    string `yaml:"code"`
		Message string `yaml:"message"`
	} `yaml:"status"`
	Elapsed string    `yaml:"elapsed"` // 4.x
	Body    *itemBody `yaml:"body"`
}

type itemBody struct {
	Encoding string  `yaml:"encoding"`
	String   *string `yaml:"string"`
	Base64   *string `yaml:"base64_string"`
}

// decodeJob decodes a job's interaction into its events: with q, when no check failed and q can,
// without the YAML parser.
func decodeJob(opts parser.Options, j *job, q *quickReader) {
	c := j.chunk
	defer func() {
		if r := recover(); r != nil {
			j.evs = []parser.Event{&parser.Diagnostic{Span: c.span, Severity: "warning", Code: "internal",
				Message: fmt.Sprintf("interaction skipped: %v", r)}}
		}
	}()
	if c.over {
		j.evs = []parser.Event{&parser.Diagnostic{Span: c.span, Severity: "warning", Code: "too-large",
			Message: fmt.Sprintf("interaction is %d bytes, more than the %d kept; skipped", c.size, len(c.buf))}}
		return
	}
	var it *item
	var err error
	quick := false
	if q != nil {
		it, quick = q.quick(c.buf)
		if quick && onQuick != nil {
			onQuick(1)
		}
	}
	if !quick {
		it, err = decode(c.buf)
	}
	j.evs, j.seed = itemEvents(opts, j.major, it, err, c.span, c.bodyCut)
}

// itemEvents returns the events of a decoded interaction (or of the error decoding it) and its seed.
func itemEvents(opts parser.Options, major int, it *item, err error, span parser.Span, bodyCut bool) ([]parser.Event, string) {
	switch {
	case err != nil:
		return []parser.Event{&parser.Diagnostic{Span: span, Severity: "warning", Code: "yaml",
			Message: "interaction skipped: " + yamlError(err, span.Line)}}, ""
	case it == nil || it.Request.Method == "" && it.Request.URI == "":
		return []parser.Event{&parser.Diagnostic{Span: span, Severity: "warning", Code: "yaml",
			Message: "interaction skipped: it has no request"}}, ""
	}
	return interaction(opts, major, it, span, bodyCut), seedValue(it.Seed)
}

// decode parses one chunk; a panic inside the YAML library becomes an error.
func decode(b []byte) (it *item, err error) {
	defer func() {
		if r := recover(); r != nil {
			it, err = nil, fmt.Errorf("yaml: parser failure: %v", r)
		}
	}()
	var items []*item
	if err := yaml.Unmarshal(b, &items); err != nil {
		return nil, err
	}
	if len(items) != 1 {
		return nil, fmt.Errorf("yaml: expected one interaction, found %d", len(items))
	}
	return items[0], nil
}

var lineRef = regexp.MustCompile(`\bline (\d+)`)

// yamlError renders a YAML error on one line, with line numbers of the whole file.
func yamlError(err error, first int) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.ReplaceAll(strings.TrimSpace(msg), "\n", "; ")
	msg = strings.Join(strings.Fields(msg), " ")
	return lineRef.ReplaceAllStringFunc(msg, func(s string) string {
		n, err := strconv.Atoi(s[len("line "):])
		if err != nil {
			return s
		}
		return "line " + strconv.Itoa(first+n-1)
	})
}

// interaction returns the events of one decoded interaction: an Interaction, then a Failure
// when checks failed (its Index is set in order, later).
func interaction(opts parser.Options, major int, it *item, span parser.Span, bodyCut bool) []parser.Event {
	phaseScalar := it.Phase.Kind == yaml.ScalarNode
	if it.quick {
		phaseScalar = it.phase != nil && it.phase.kind == yaml.ScalarNode
	}
	if major == 0 {
		major = 4
		if it.DataGen != "" || it.Elapsed != "" || phaseScalar {
			major = 3
		}
	}
	req := &it.Request
	method := strings.ToUpper(strings.TrimSpace(req.Method))
	var id string
	switch {
	case major >= 4 && it.ID != "":
		id = it.ID
	case it.quick:
		id = caseID(it.headers)
	default:
		id = header(&req.Headers, "X-Schemathesis-TestCaseId")
	}
	elapsed := it.Elapsed
	var status int
	var reason string
	if rs := it.Response; rs != nil {
		status, _ = strconv.Atoi(strings.TrimSpace(rs.Status.Code))
		reason = rs.Status.Message
		if rs.Elapsed != "" {
			elapsed = rs.Elapsed
		}
	}
	secs, _ := strconv.ParseFloat(strings.TrimSpace(elapsed), 64)
	var phase string
	if it.quick {
		phase = quickPhase(it.phase)
	} else {
		phase = phaseName(&it.Phase)
	}
	evs := []parser.Event{&parser.Interaction{Span: span, TestCaseID: id, Method: method, URI: req.URI, Status: status,
		Outcome: strings.ToUpper(it.Status), Elapsed: secs, Phase: phase}}

	var checks []parser.Check
	for _, ch := range it.Checks {
		if !strings.EqualFold(ch.Status, "FAILURE") {
			continue
		}
		ck := parser.Check{Name: ch.Name}
		if major >= 4 {
			ck.Title = ch.Message
			if ck.Title == "" {
				ck.Title = parser.CheckTitle(ch.Name, 4)
			}
		} else {
			ck.Title = parser.CheckTitle(ch.Name, 3)
			if ch.Message != "" && ch.Message != ck.Title {
				ck.Message, _ = cutText(ch.Message, opts.MaxText)
			}
		}
		checks = append(checks, ck)
	}
	if len(checks) > 0 {
		f := &parser.Failure{Span: span, Operation: method + " " + uriPath(req.URI), TestCaseID: id, Checks: checks,
			Status: status, Reason: reason}
		if rs := it.Response; rs != nil {
			f.Body, f.BodyKind, f.BodyElided = responseBody(rs.Body, opts.MaxText)
			f.BodyElided = f.BodyElided || bodyCut
		}
		if cmd := curl(method, it, opts.MaxText); cmd != "" {
			f.Reproduce = []string{cmd}
		}
		evs = append(evs, f)
	}
	if len(checks) > 0 && it.Response == nil {
		// Checks failed on a response that is not there: the interaction was cut, most likely by the end of the file.
		evs = append(evs, &parser.Diagnostic{Span: span, Severity: "warning", Code: "cassette",
			Message: "interaction has failed checks but no response: the cassette may be cut short here"})
	}
	return evs
}

// phaseName returns the phase name: 3.x writes a scalar, 4.x a mapping with a name.
func phaseName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return ""
		}
		return n.Value
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "name" && n.Content[i+1].Kind == yaml.ScalarNode && n.Content[i+1].Tag != "!!null" {
				return n.Content[i+1].Value
			}
		}
	}
	return ""
}

// eachHeader calls fn for every request header value in file order.
func (it *item) eachHeader(fn func(name, value string)) {
	if it.quick {
		eachQuickHeader(it.headers, fn)
	} else {
		eachHeader(&it.Request.Headers, fn)
	}
}

// eachHeader calls fn for every header value in file order; a value may be a list or a scalar.
func eachHeader(n *yaml.Node, fn func(name, value string)) {
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			continue
		}
		switch v.Kind {
		case yaml.ScalarNode:
			if v.Tag != "!!null" {
				fn(k.Value, v.Value)
			}
		case yaml.SequenceNode:
			for _, e := range v.Content {
				if e.Kind == yaml.ScalarNode {
					fn(k.Value, e.Value)
				}
			}
		}
	}
}

func header(n *yaml.Node, name string) string {
	var val string
	found := false
	eachHeader(n, func(k, v string) {
		if !found && strings.EqualFold(k, name) {
			val, found = v, true
		}
	})
	return val
}

// uriPath returns the path of a URI: no scheme, host, query or fragment.
func uriPath(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		rest := u[i+3:]
		j := strings.IndexAny(rest, "/?#")
		if j < 0 || rest[j] != '/' {
			return "/"
		}
		u = rest[j:]
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	if u == "" {
		return "/"
	}
	return u
}
