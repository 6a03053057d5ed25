package classify

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/corpus"
)

// v4Logs lists ctlog's own 4.x logs and, when the corpus is there, its 4.x logs.
func v4Logs(t *testing.T) []string {
	own, err := filepath.Glob(filepath.Join("..", "testdata", "logs", "v4-*.log"))
	if err != nil || len(own) == 0 {
		t.Fatalf("no 4.x logs under testdata/logs: %v", err)
	}
	own = append(own, filepath.Join("..", "testdata", "logs", "stateful-new-runner.log"))
	if dir, ok := corpus.Lookup(); ok {
		more, _ := filepath.Glob(filepath.Join(dir, "schemathesis", "v4", "*.txt"))
		own = append(own, more...)
	}
	return own
}

// hasCurl reports whether a reproduce chain names a request: the corpus replaces some with a placeholder.
func hasCurl(cmds []string) bool {
	return slices.ContainsFunc(cmds, func(c string) bool { return strings.HasPrefix(strings.TrimSpace(c), "curl ") })
}

// TestStatefulGroupsPlaced: no group is filed under the `Stateful tests` pseudo-operation when its
// chain names the failing request; stateful groups carry the badge and the whole chain, and the
// integrity checks still agree with Schemathesis's counts.
func TestStatefulGroupsPlaced(t *testing.T) {
	stateful := 0
	for _, path := range v4Logs(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			for _, r := range parseFile(t, path) {
				for _, c := range r.Integrity.Checks {
					if c.Result == CheckMismatch {
						t.Errorf("integrity %s: %s", c.Name, c.Detail)
					}
				}
				for _, g := range r.Groups {
					if g.Operation == StatefulLabel && (len(g.Samples) == 0 || hasCurl(g.Samples[0].Reproduce)) {
						t.Errorf("group %s/%s is under %q though its chain names the failing request", g.Operation, g.Check, StatefulLabel)
					}
					if !g.Stateful {
						continue
					}
					stateful++
					if !isOperationLabel(g.Operation) {
						t.Errorf("stateful group under %q, not an operation", g.Operation)
					}
					for _, s := range g.Samples {
						curls := 0
						for _, c := range s.Reproduce {
							if strings.HasPrefix(c, "curl ") {
								curls++
							}
						}
						if curls < 2 {
							t.Errorf("%s: sample at line %d keeps %d curl commands of its chain", g.Operation, s.Span.Line, curls)
						}
						method, _, _ := lastRequest(s.Reproduce)
						if !strings.HasPrefix(g.Operation, method+" ") {
							t.Errorf("%s: the chain's last request is a %s", g.Operation, method)
						}
					}
				}
			}
		})
	}
	if stateful == 0 {
		t.Fatal("no stateful group found: the test reads no stateful failure")
	}
}

// TestStatefulPlacedOnRunLabels: the failing request's concrete path is matched with the run's
// own operations, so a stateful failure joins the label of its operation.
func TestStatefulPlacedOnRunLabels(t *testing.T) {
	runs := parseFile(t, filepath.Join("..", "testdata", "logs", "stateful-new-runner.log"))
	want := map[string]string{
		"use_after_free":               "GET /api/v2/vessels/{vessel_id}/",
		"ensure_resource_availability": "GET /api/v2/cargo/manifests/{manifest_id}/",
		"not_a_server_error":           "PATCH /api/v2/vessels/{vessel_id}/",
	}
	for _, g := range runs[0].Groups {
		if w, ok := want[g.Check]; ok && (g.Operation != w || !g.Stateful) {
			t.Errorf("%s: under %q (stateful %v), want %q", g.Check, g.Operation, g.Stateful, w)
		}
	}
	if n := runs[0].Totals.FailedOperations; n != 1 {
		t.Errorf("failed operations = %d, want 1 (the Stateful tests block, as the final line counts it)", n)
	}
}

// TestStatefulPlacedByAnotherMethod: a stateful request whose method the run names on no
// operation of its path takes the template another method names for the path.
func TestStatefulPlacedByAnotherMethod(t *testing.T) {
	runs := parseFile(t, filepath.Join("..", "testdata", "logs", "v4-ci-failures.log"))
	for _, g := range runs[0].Groups {
		if g.Stateful && strings.HasPrefix(g.Operation, "DELETE ") {
			if g.Operation != "DELETE /api/v2/vessels/{vessel_id}/" {
				t.Errorf("stateful DELETE under %q, want the PATCH operation's template", g.Operation)
			}
			return
		}
	}
	t.Error("no stateful DELETE group")
}

const v4Head = "Schemathesis v4.25.0\n━━━━━━━━━━━━━━━━━━━━\n\n=================================== FAILURES ===================================\n"

// TestOneTestCaseOneProblem: the groups of one test case name each other, their counts unchanged;
// stateful failures of one cause are not split by the response status alone.
func TestOneTestCaseOneProblem(t *testing.T) {
	log := v4Head + `____________________________ POST /api/v2/vessels/ _____________________________
1. Test Case ID: Ab12Cd

- Server error

- Undocumented HTTP status code

    Received: 500
    Documented: 201, 400

[500] Internal Server Error:

    ` + "`" + `{"detail":"Traceback (most recent call last):\n  File \"app.py\", line 3\nKeyError: 'imo'"}` + "`" + `

Reproduce with:

    curl -X POST -d '{"name": "x"}' http://harbor-api:8000/api/v2/vessels/

________________________________ Stateful tests ________________________________
1. Test Case ID: Ef34Gh

- Use after free

    The API did not return a ` + "`HTTP 404 Not Found`" + ` response (got ` + "`HTTP 200 OK`" + `) for a resource that was previously deleted.

    The resource was deleted with ` + "`DELETE /api/v2/vessels/41/`" + `

[200] OK:

    ` + "`{}`" + `

Reproduce with:

    curl -X POST -d '{"name": "a"}' http://harbor-api:8000/api/v2/vessels/
    curl -X DELETE http://harbor-api:8000/api/v2/vessels/41/
    curl -X GET http://harbor-api:8000/api/v2/vessels/41/

2. Test Case ID: Ij56Kl

- Use after free

    The API did not return a ` + "`HTTP 404 Not Found`" + ` response (got ` + "`HTTP 204 No Content`" + `) for a resource that was previously deleted.

    The resource was deleted with ` + "`DELETE /api/v2/vessels/42/`" + `

[204] No Content:

    ` + "`<EMPTY>`" + `

Reproduce with:

    curl -X POST -d '{"name": "b"}' http://harbor-api:8000/api/v2/vessels/
    curl -X DELETE http://harbor-api:8000/api/v2/vessels/42/
    curl -X GET http://harbor-api:8000/api/v2/vessels/42/

`
	runs := parseReader(t, strings.NewReader(log), "inline.log")
	byCheck := map[string][]*Group{}
	for _, g := range runs[0].Groups {
		byCheck[g.Check] = append(byCheck[g.Check], g)
	}
	se, sc := byCheck["not_a_server_error"], byCheck["status_code_conformance"]
	if len(se) != 1 || len(sc) != 1 {
		t.Fatalf("groups: %v", byCheck)
	}
	if !slices.Equal(se[0].Related, []string{"status_code_conformance"}) || !slices.Equal(sc[0].Related, []string{"not_a_server_error"}) {
		t.Errorf("related: server error %v, status %v", se[0].Related, sc[0].Related)
	}
	if se[0].Count != 1 || sc[0].Count != 1 || runs[0].Totals.TestCases != 3 {
		t.Errorf("counts changed: %d, %d, %d test cases", se[0].Count, sc[0].Count, runs[0].Totals.TestCases)
	}
	uaf := byCheck["use_after_free"]
	if len(uaf) != 1 {
		t.Fatalf("use_after_free split into %d groups by the status", len(uaf))
	}
	if g := uaf[0]; g.Count != 2 || !g.Stateful || g.Operation != "GET /api/v2/vessels/{id}/" || g.Related != nil {
		t.Errorf("use_after_free group: %+v", g)
	}
}

// TestLinkedGroupsNeedOneTestCase: groups of different test cases are not linked.
func TestLinkedGroupsNeedOneTestCase(t *testing.T) {
	runs := parseFile(t, filepath.Join("..", "testdata", "logs", "v4-ci-failures.log"))
	for _, g := range runs[0].Groups {
		linked := g.Operation == "POST /api/v2/cargo/manifests/"
		if (len(g.Related) > 0) != linked {
			t.Errorf("%s %s: related %v", g.Operation, g.Check, g.Related)
		}
	}
}

// TestSpecificCauses: each check's cause is specific where its message or response is, and generic
// (marked so) where it is not. The messages are the shapes Schemathesis 4.x prints.
func TestSpecificCauses(t *testing.T) {
	for _, c := range []struct {
		name, check   string
		status        int
		message, body string
		want          string
		generic       bool
	}{
		{"negative data, body keyword", "negative_data_rejection", 201,
			"Invalid data should have been rejected\nExpected: 400, 401, 403, 404, 422, 428, 5xx\nInvalid component: in body `quantity` - value below minimum 1",
			"{}", "accepted invalid in body `quantity` - value below minimum <n>", false},
		{"negative data, query parameter", "negative_data_rejection", 200,
			"Invalid data should have been rejected\nExpected: 400, 401, 403, 404, 422, 428, 5xx\nInvalid component: parameter `limit` in query - incorrect type",
			"", "accepted invalid parameter `limit` in query - incorrect type", false},
		{"negative data, missing header", "negative_data_rejection", 406,
			"Invalid data should have been rejected\nExpected: 400, 401, 403, 404, 422, 428, 5xx\nInvalid component: Missing `Accept-Language` at header",
			"", "accepted invalid Missing `Accept-Language` at header", false},
		{"negative data without a component", "negative_data_rejection", 200,
			"Invalid data should have been rejected\nExpected: 400, 401, 403, 404, 422, 428, 5xx", "", "Invalid data should have been rejected", true},
		{"positive data rejected, DRF field error", "positive_data_acceptance", 400,
			"Valid data should have been accepted\nExpected: 2xx, 401, 403, 404", `{"page": ["Ensure this value is between 1 and 100."]}`,
			"rejected valid data: page: Ensure this value is between <n> and <n>.", false},
		{"positive data rejected, detail", "positive_data_acceptance", 422,
			"Valid data should have been accepted\nExpected: 2xx", `{"detail": "Voyage VOY-0412 is closed"}`,
			"rejected valid data: Voyage VOY-<n> is closed", false},
		{"positive data rejected, body says only the reason", "positive_data_acceptance", 404,
			"Valid data should have been accepted\nExpected: 405", "404: Not Found", "Valid data should have been accepted", true},
		{"missing required header", "missing_required_header", 200,
			"Got 200 when missing required 'X-Harbor-Tenant' header, expected 406", "", "request without required header X-Harbor-Tenant not rejected", false},
		{"missing response headers", "response_headers_conformance", 200,
			"The following required headers are missing from the response:\n- `X-Request-Id`\n- `ETag`", "", "missing response headers: X-Request-Id, ETag", false},
		{"use after free", "use_after_free", 200,
			"The API did not return a `HTTP 404 Not Found` response (got `HTTP 200 OK`) for a resource that was previously deleted.\n\nThe resource was deleted with `DELETE /api/v2/vessels/73/`",
			"", "resource deleted with DELETE /api/v2/vessels/{id}/ still served", false},
		{"resource not available", "ensure_resource_availability", 404,
			"The API returned `404 Not Found` for a resource that was just created.\n\nCreated with      : `POST /api/v2/cargo/manifests/`\nNot available with: `GET /api/v2/cargo/manifests/{manifest_id}/`",
			"", "created with POST /api/v2/cargo/manifests/, not available with GET /api/v2/cargo/manifests/{manifest_id}/", false},
		{"ignored auth, no credentials", "ignored_auth", 200, "Expected 401, got `200 OK` for `GET /api/v2/ports/`", "",
			"accepts requests without authentication: got 200 OK", false},
		{"ignored auth, invalid credentials", "ignored_auth", 200, "Expected 401, got `200 OK` for `GET /api/v2/ports/` with invalid authentication", "",
			"accepts requests with invalid authentication: got 200 OK", false},
		{"unsupported method", "unsupported_method", 404,
			"Unsupported method TRACE returned 404, expected 405 Method Not Allowed\n\nReturn 405 for methods not listed in the OpenAPI spec", "",
			"unsupported method TRACE returned 404", false},
		{"status with the 4xx body's message, not the documented list", "status_code_conformance", 400, "Received: 400\nDocumented: 200, 404",
			`{"sku":["Ensure this field has no more than 32 characters."]}`, "received 400: sku: Ensure this field has no more than <n> characters.", false},
		{"django generic 500 page", "not_a_server_error", 500, "",
			"<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>",
			"Server Error (500) (generic error page, no exception shown)", true},
		{"DRF generic detail", "not_a_server_error", 500, "", `{"detail":"A server error occurred."}`,
			"A server error occurred. (generic error page, no exception shown)", true},
		{"an exception is specific", "not_a_server_error", 500, "", "Traceback (most recent call last):\n  File \"x.py\", line 1\nKeyError: 'imo'",
			"KeyError: 'imo'", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := SignatureOf(c.check, c.status, c.message, c.body)
			if s.Text != c.want || s.Generic != c.generic {
				t.Errorf("got %q (generic %v), want %q (generic %v)", s.Text, s.Generic, c.want, c.generic)
			}
		})
	}
}

// TestCausesNeverJoinGeneric: two operations' generic 500 pages are not one cause; a specific
// status cause is one whatever each operation documents.
func TestCausesNeverJoinGeneric(t *testing.T) {
	page := "<html><head><title>Server Error (500)</title></head><body><h1>Server Error (500)</h1></body></html>"
	var gs []*Group
	for _, op := range []string{"POST /api/v2/vessels/", "PATCH /api/v2/ports/{code}/"} {
		gs = append(gs, &Group{Operation: op, Check: "not_a_server_error", Count: 1, Signature: SignatureOf("not_a_server_error", 500, "", page)})
	}
	for i, doc := range []string{"200, 404", "201, 401, 403"} {
		op := []string{"GET /api/v2/items/{sku}/", "PUT /api/v2/items/{sku}/"}[i]
		gs = append(gs, &Group{Operation: op, Check: "status_code_conformance", Count: 1,
			Signature: SignatureOf("status_code_conformance", 400, "Received: 400\nDocumented: "+doc, `{"sku":["Ensure this field has no more than 32 characters."]}`)})
	}
	cs := causes(gs)
	if len(cs) != 1 || cs[0].Check != "status_code_conformance" || len(cs[0].Operations) != 2 {
		t.Errorf("causes = %+v, want the 400 of both item operations only", cs)
	}
}

// TestGenericPageTrigger: a generic 500 page names the one request input every failing case shares.
func TestGenericPageTrigger(t *testing.T) {
	sig := SignatureOf("not_a_server_error", 500, "", `{"detail":"A server error occurred."}`)
	g := &Group{Operation: "PATCH /api/v2/vessels/{vessel_id}/", Check: "not_a_server_error", Signature: sig, Count: 2}
	for _, d := range []string{`{"gross_tonnage": -1, "name": "a"}`, `{"gross_tonnage": -1, "name": "b"}`} {
		g.Samples = append(g.Samples, Sample{Reproduce: []string{"curl -X PATCH -d '" + d + "' http://h/api/v2/vessels/3/"}})
	}
	r := &Run{Groups: []*Group{g}}
	r.genericTriggers()
	if want := "every failing case sends body field `gross_tonnage` = -1"; g.Signature.Trigger != want || !g.Signature.Generic || g.Signature.Text != sig.Text {
		t.Errorf("got %q (generic %v), want %q", g.Signature.Trigger, g.Signature.Generic, want)
	}
	g.Samples[1].Reproduce = []string{"curl -X PATCH -d '{\"gross_tonnage\": 7, \"name\": \"b\"}' http://h/api/v2/vessels/3/"}
	g.Signature = sig
	r.genericTriggers()
	if g.Signature.Trigger != "" {
		t.Errorf("no shared input, got %q", g.Signature.Trigger)
	}
}
