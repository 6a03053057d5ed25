package parser

import (
	"maps"
	"strings"
)

// checkTitles maps the failure titles Schemathesis prints (3.x and 4.x) to check names.
var checkTitles = map[string]string{
	"Server error":                                                "not_a_server_error",
	"GraphQL server error":                                        "not_a_server_error",
	"GraphQL client error":                                        "not_a_server_error",
	"Unexpected GraphQL Response":                                 "not_a_server_error",
	"Undocumented HTTP status code":                               "status_code_conformance",
	"Undocumented Content-Type":                                   "content_type_conformance",
	"Missing Content-Type header":                                 "content_type_conformance",
	"Malformed media type":                                        "content_type_conformance",
	"Missing required headers":                                    "response_headers_conformance",
	"Response header does not conform to the schema":              "response_headers_conformance",
	"Response violates schema":                                    "response_schema_conformance",
	"JSON deserialization error":                                  "response_schema_conformance",
	"Content deserialization error":                               "response_schema_conformance",
	"SSE event violates schema":                                   "response_schema_conformance",
	"SSE event payload violates content schema":                   "response_schema_conformance",
	"Discriminator value not in schema mapping":                   "response_schema_conformance",
	"Accepted negative data":                                      "negative_data_rejection",
	"API accepted schema-violating request":                       "negative_data_rejection",
	"Rejected positive data":                                      "positive_data_acceptance",
	"API rejected schema-compliant request":                       "positive_data_acceptance",
	"Missing header not rejected":                                 "missing_required_header",
	"Unsupported methods":                                         "unsupported_method",
	"Invalid Allow header":                                        "allow_header_conformance",
	"Use after free":                                              "use_after_free",
	"Resource is not available after creation":                    "ensure_resource_availability",
	"Authentication declared but not enforced for this operation": "ignored_auth",
	"API accepts requests without authentication":                 "ignored_auth",
	"API accepts invalid authentication":                          "ignored_auth",
	"Response time limit exceeded":                                "max_response_time",
	"Response timeout":                                            "request_timeout",
}

// BuiltinChecks are the checks Schemathesis ships, in 3.x and 4.x; any other check name came from a
// hooks module.
var BuiltinChecks = []string{
	"not_a_server_error", "status_code_conformance", "content_type_conformance", "response_headers_conformance",
	"response_schema_conformance", "negative_data_rejection", "positive_data_acceptance", "missing_required_header",
	"unsupported_method", "allow_header_conformance", "use_after_free", "ensure_resource_availability",
	"ignored_auth", "max_response_time", "request_timeout",
}

// CheckTitles returns the table of failure titles (3.x and 4.x) and the checks behind them.
func CheckTitles() map[string]string { return maps.Clone(checkTitles) }

// CheckName returns the check name for a failure title as printed, and whether it is known.
// Custom checks (`Custom check failed: `name“) map to their own name.
func CheckName(title string) (string, bool) {
	t := strings.TrimSpace(title)
	if i := strings.LastIndex(t, " ("); i > 0 && strings.HasSuffix(t, ")") && strings.Contains(t[i:], "violation") {
		t = t[:i] // 4.x: "Response violates schema (3 violations)"
	}
	if name, ok := checkTitles[t]; ok {
		return name, true
	}
	if rest, ok := strings.CutPrefix(t, "Custom check failed: `"); ok {
		if name, ok := strings.CutSuffix(rest, "`"); ok && name != "" {
			return name, true
		}
	}
	return "", false
}

// legacyCheckName guesses the check behind a 3.0–3.20 failure message.
func legacyCheckName(msg string) string {
	m := strings.ToLower(msg)
	switch {
	case strings.Contains(m, "5xx status code") || strings.Contains(m, "server error"):
		return "not_a_server_error"
	case strings.Contains(m, "content-type") || strings.Contains(m, "media type"):
		return "content_type_conformance"
	case strings.Contains(m, "status code") && (strings.Contains(m, "not defined") || strings.Contains(m, "undocumented") || strings.Contains(m, "received a response with a status code")):
		return "status_code_conformance"
	case strings.Contains(m, "does not match") || strings.Contains(m, "schema"):
		return "response_schema_conformance"
	case strings.Contains(m, "missing") && strings.Contains(m, "header"):
		return "response_headers_conformance"
	case strings.Contains(m, "response time"):
		return "max_response_time"
	}
	return ""
}

// checkNames3 and checkNames4 give the title each major version prints for a check name.
var (
	checkNames3 = map[string]string{
		"not_a_server_error": "Server error", "status_code_conformance": "Undocumented HTTP status code",
		"content_type_conformance": "Undocumented Content-Type", "response_headers_conformance": "Missing required headers",
		"response_schema_conformance": "Response violates schema", "negative_data_rejection": "Accepted negative data",
		"positive_data_acceptance": "Rejected positive data", "use_after_free": "Use after free",
		"ensure_resource_availability": "Resource is not available after creation",
		"ignored_auth":                 "Authentication declared but not enforced for this operation",
		"max_response_time":            "Response time limit exceeded", "request_timeout": "Response timeout",
	}
	checkNames4 = map[string]string{
		"not_a_server_error": "Server error", "status_code_conformance": "Undocumented HTTP status code",
		"content_type_conformance": "Undocumented Content-Type", "response_headers_conformance": "Missing required headers",
		"response_schema_conformance": "Response violates schema", "negative_data_rejection": "API accepted schema-violating request",
		"positive_data_acceptance": "API rejected schema-compliant request", "missing_required_header": "Missing header not rejected",
		"unsupported_method": "Unsupported methods", "allow_header_conformance": "Invalid Allow header",
		"use_after_free": "Use after free", "ensure_resource_availability": "Resource is not available after creation",
		"ignored_auth": "API accepts requests without authentication", "max_response_time": "Response time limit exceeded",
		"request_timeout": "Response timeout",
	}
)

// CheckTitle returns the title Schemathesis of the given major version (3 or 4) prints for a check
// name; custom checks get "Custom check failed: `name`".
func CheckTitle(name string, major int) string {
	m := checkNames3
	if major >= 4 {
		m = checkNames4
	}
	if t, ok := m[name]; ok {
		return t
	}
	return "Custom check failed: `" + name + "`"
}
