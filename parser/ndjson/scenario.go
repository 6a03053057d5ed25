package ndjson

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ctlog-dev/ctlog/parser"
)

// scenario reads a ScenarioFinished event: {"phase", "status", "recorder": {"label", "cases",
// "checks": {case_id: [{"name", "status", "failure_info"}]}, "interactions": {case_id: {"request",
// "response"}}}, ...}. Generated cases and recorded traffic are skipped unread unless a check failed.
func (p *reader) scenario(v []byte) {
	p.start()
	var phase, status, label string
	var checks, interactions []byte
	var recOK = true
	_, ok := eachKey(v, 0, func(k, val []byte) bool {
		switch string(k) {
		case "phase":
			phase = str(val)
		case "status":
			status = str(val)
		case "recorder":
			_, recOK = eachKey(val, 0, func(k, val []byte) bool {
				switch string(k) {
				case "label":
					label = str(val)
				case "checks":
					checks = val
				case "interactions":
					interactions = val
				}
				return true
			})
		}
		return true
	})
	if !ok || !recOK {
		p.diag("warning", "json", "ScenarioFinished is not well-formed JSON, not read")
		return
	}
	if p.phase != nil && phase == p.phase.Name {
		switch status {
		case "success":
			p.phase.Passed++
		case "failure":
			p.phase.Failed++
		case "error":
			p.phase.Errored++
		case "skip":
			p.phase.Skipped++
		}
	}
	if len(checks) == 0 {
		return
	}
	type caseFailures struct {
		id    string
		infos [][]byte
		names []string
	}
	var failing []caseFailures
	bad := false
	_, ok = eachKey(checks, 0, func(caseID, list []byte) bool {
		cf := caseFailures{id: key(caseID)}
		errored := false
		if _, ok := eachElem(list, 0, func(node []byte) {
			var name, st string
			var info []byte
			if _, ok := eachKey(node, 0, func(k, val []byte) bool {
				switch string(k) {
				case "name":
					name = str(val)
				case "status":
					st = str(val)
				case "failure_info":
					info = val
				}
				return true
			}); !ok {
				bad = true
				return
			}
			p.countCheck(name, st)
			if st == "error" {
				errored = true
			}
			if info != nil {
				cf.infos = append(cf.infos, info)
				cf.names = append(cf.names, name)
			}
		}); !ok {
			bad = true
		}
		if len(cf.infos) > 0 && !errored {
			failing = append(failing, cf)
		}
		return true
	})
	if !ok || bad {
		p.diag("warning", "json", "the checks of a ScenarioFinished are not well-formed JSON")
	}
	for _, cf := range failing {
		p.failure(label, cf.id, cf.infos, cf.names, interactions)
	}
}

func (p *reader) countCheck(name, status string) {
	if name == "" {
		return
	}
	c := p.checks[name]
	if c == nil {
		c = &parser.CheckTotal{Name: name}
		p.checks[name] = c
		p.order = append(p.order, name)
	}
	c.Total++
	if status == "success" {
		c.Passed++
	}
}

type failureInfo struct {
	CodeSample string `json:"code_sample"`
	Failure    struct {
		Type    string `json:"type"`
		Message string `json:"message"`
	} `json:"failure"`
}

// failure emits the Failure of one test case: its failures not seen before in the run (the CLI
// reports each unique failure once, at the first case that showed it), titles repeated within the
// case merged as `Title (N violations)`. The case's traffic is read only when it has one.
func (p *reader) failure(label, caseID string, infos [][]byte, names []string, interactions []byte) {
	type item struct {
		fi   failureInfo
		name string
		key  string
	}
	var items []item
	var status int
	var resp []byte
	haveResp := false
	for i, raw := range infos {
		var it item
		if !readFailureInfo(raw, &it.fi) {
			p.diag("warning", "json", fmt.Sprintf("a failure of case %s is not an object with a failure", caseID))
			continue
		}
		it.name = names[i]
		k := it.fi.Failure.Message
		if it.fi.Failure.Type == "ServerError" {
			// A server error is one failure per status code.
			if !haveResp {
				resp, status = response(interactions, caseID)
				haveResp = true
			}
			k = strconv.Itoa(status)
		}
		it.key = label + "\x00" + it.fi.Failure.Type + "\x00" + it.name + "\x00" + k
		if !p.seen[it.key] {
			items = append(items, it)
		}
	}
	if len(items) == 0 {
		return
	}
	if !haveResp {
		resp, status = response(interactions, caseID)
	}
	f := &parser.Failure{Span: p.sp, Operation: label, TestCaseID: caseID}
	if resp != nil {
		f.Status, f.Reason = status, reason(status)
		var content []byte
		eachKey(resp, 0, func(k, val []byte) bool {
			if string(k) == "content" {
				content = val
				return false
			}
			return true
		})
		decodeBody(content, f, p.opts.MaxText)
	}
	code := ""
	for _, it := range items {
		if p.seen[it.key] {
			continue // twice in one case
		}
		p.seen[it.key] = true
		title, msg, _ := strings.Cut(it.fi.Failure.Message, "\n\n")
		code = it.fi.CodeSample
		merged := false
		for j := range f.Checks {
			if c := &f.Checks[j]; c.Name == it.name && strings.HasPrefix(c.Title, title) && (c.Title == title || strings.HasSuffix(c.Title, " violations)")) {
				c.Violations = max(c.Violations, 1) + 1
				c.Title = fmt.Sprintf("%s (%d violations)", title, c.Violations)
				c.Message = capText(c.Message+"\n\n"+msg, p.opts.MaxText)
				merged = true
				break
			}
		}
		if !merged {
			f.Checks = append(f.Checks, parser.Check{Title: title, Name: it.name, Message: capText(msg, p.opts.MaxText)})
		}
		p.unique++
		if p.byTitle[title] == 0 {
			p.titles = append(p.titles, title)
		}
		p.byTitle[title]++
	}
	if code != "" {
		f.Reproduce = []string{code}
	}
	p.opIndex[label]++
	f.Index = p.opIndex[label]
	p.h.Handle(f)
}

// readFailureInfo reads {"code_sample": ..., "failure": {"type": ..., "message": ...}}.
func readFailureInfo(raw []byte, fi *failureInfo) bool {
	found := false
	_, ok := eachKey(raw, 0, func(k, v []byte) bool {
		switch string(k) {
		case "code_sample":
			fi.CodeSample = str(v)
		case "failure":
			found = true
			eachKey(v, 0, func(k, v []byte) bool {
				switch string(k) {
				case "type":
					fi.Failure.Type = str(v)
				case "message":
					fi.Failure.Message = str(v)
				}
				return true
			})
		}
		return true
	})
	return ok && found
}

// response finds the recorded response of a case: its raw object and status code; nil when the
// request got none.
func response(interactions []byte, caseID string) ([]byte, int) {
	var resp []byte
	eachKey(interactions, 0, func(k, val []byte) bool {
		if key(k) != caseID {
			return true
		}
		eachKey(val, 0, func(k, v []byte) bool {
			if string(k) == "response" && len(v) > 0 && v[0] == '{' {
				resp = v
				return false
			}
			return true
		})
		return false
	})
	if resp == nil {
		return nil, 0
	}
	status := 0
	eachKey(resp, 0, func(k, v []byte) bool {
		if string(k) == "status_code" {
			status, _ = strconv.Atoi(string(v))
			return false
		}
		return true
	})
	return resp, status
}
