package ndjson

import "strings"

// errorTitle is the title the 4.x CLI prints over an error, from the exception's class name: the
// NDJSON writer keeps only the class name and str() of the exception (EngineErrorInfo.title in
// Schemathesis maps the exception itself).
func errorTitle(typ string) string {
	switch typ {
	case "InvalidTransition":
		return "Invalid Link Definition"
	case "UnhealthyAPIError":
		return "Unhealthy API"
	case "FailedHealthCheck":
		return "Failed Health Check"
	case "Unsatisfiable", "InvalidSchema", "InvalidRegexPattern", "UnsupportedRegexPattern", "InvalidRegex":
		return "Schema Error"
	case "NoLinksFound":
		return "Missing Open API links"
	case "InvalidStateMachine":
		return "Invalid OpenAPI Links Definition"
	case "UnknownScalar":
		return "Unknown GraphQL Scalar"
	case "UnboundPrefix":
		return "XML serialization error"
	case "SerializationNotPossible", "SerializationError":
		return "Serialization not possible"
	case "AuthenticationError":
		return "Authentication Error"
	case "ConfigError":
		return "Configuration Error"
	case "HookExecutionError":
		return "Hook Error"
	}
	if networkErrors[typ] {
		return "Network Error"
	}
	return "Runtime Error"
}

// networkErrors are the requests exceptions (requests.RequestException and its subclasses).
var networkErrors = map[string]bool{
	"RequestException": true, "ConnectionError": true, "SSLError": true, "ProxyError": true,
	"ConnectTimeout": true, "ReadTimeout": true, "Timeout": true, "TooManyRedirects": true,
	"ChunkedEncodingError": true, "ContentDecodingError": true, "InvalidURL": true, "InvalidHeader": true,
	"MissingSchema": true, "RetryError": true, "StreamConsumedError": true,
	"InvalidJSONError": true, "UnrewindableBodyError": true, "HTTPError": true,
}

// networkMessage is the message the CLI prints for a network error (get_request_error_message):
// a short phrase for the common kinds, the exception text otherwise.
func networkMessage(typ, msg string) string {
	switch typ {
	case "SSLError":
		return "SSL verification problem"
	case "ConnectionError":
		return "Connection failed"
	case "ReadTimeout", "ConnectTimeout", "Timeout":
		if strings.Contains(msg, "timed out") {
			return "Read timed out"
		}
	case "ChunkedEncodingError":
		return "Connection broken. The server declared chunked encoding but sent an invalid chunk"
	}
	return msg
}
