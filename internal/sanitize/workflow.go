package sanitize

import "strings"

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", "##[", `##\[`)
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C", "##[", `##\[`)
)

// WorkflowData makes text safe as the message of a GitHub Actions workflow command: Text, then
// escaped as the Actions toolkit does, with the legacy `##[command]` form defused (the runner looks
// for it anywhere in a line).
func WorkflowData(s string) string { return dataEscaper.Replace(Text(s)) }

// WorkflowProperty makes text safe as a property value (title, file) of a workflow command: Line,
// then escaped as the Actions toolkit does.
func WorkflowProperty(s string) string { return propertyEscaper.Replace(Line(s)) }
