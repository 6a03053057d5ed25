package command

import (
	"strings"
	"testing"
	"unicode"
)

// actionsCommand is a workflow command as the GitHub Actions runner would act on it.
type actionsCommand struct {
	line int
	name string
	info string // the command's name and properties
	data string
}

// runnerCommands is the model of the Actions runner's command parsing ctlog's outputs are tested
// against (actions/runner, ActionCommandManager and ActionCommand): a line is a command when,
// after leading white space, it starts with `::NAME ...::` (the v2 form), or when it holds
// `##[NAME ...]` anywhere (the legacy form); NAME must be a command the runner knows. After
// `::stop-commands::TOKEN` no line is a command until one that is `::TOKEN::`.
func runnerCommands(out string) []actionsCommand {
	known := map[string]bool{"set-env": true, "set-output": true, "save-state": true, "add-path": true,
		"add-mask": true, "add-matcher": true, "remove-matcher": true, "warning": true, "error": true,
		"notice": true, "debug": true, "group": true, "endgroup": true, "echo": true, "stop-commands": true}
	var cmds []actionsCommand
	stopped, token := false, ""
	for i, line := range strings.Split(out, "\n") {
		if stopped {
			if strings.EqualFold(strings.TrimSpace(line), "::"+token+"::") {
				stopped = false
				cmds = append(cmds, actionsCommand{line: i + 1, name: "(resume)"})
			}
			continue
		}
		if t := strings.TrimLeftFunc(line, unicode.IsSpace); strings.HasPrefix(t, "::") {
			if end := strings.Index(t[2:], "::"); end >= 0 {
				info := t[2 : 2+end]
				name, _, _ := strings.Cut(info, " ")
				if known[strings.ToLower(name)] {
					c := actionsCommand{line: i + 1, name: strings.ToLower(name), info: info, data: t[2+end+2:]}
					cmds = append(cmds, c)
					if c.name == "stop-commands" {
						stopped, token = true, c.data
					}
					continue
				}
			}
		}
		if at := strings.Index(line, "##["); at >= 0 {
			if end := strings.IndexByte(line[at:], ']'); end >= 0 {
				info := line[at+3 : at+end]
				name, _, _ := strings.Cut(info, " ")
				if known[strings.ToLower(name)] {
					cmds = append(cmds, actionsCommand{line: i + 1, name: "##" + strings.ToLower(name), info: info, data: line[at+end+1:]})
				}
			}
		}
	}
	return cmds
}

// injectionLog is hostileLog with workflow commands in every place the log's text reaches an
// output: an indented `::` command in the Errors section, `##[` commands in a body's first line
// (the group's cause) and in a reproduce command, and an attempt to end stop-commands early.
var injectionLog = strings.NewReplacer(
	"`<script>", "`##[set-output name=leak;]1 ##[error]injected-v1 <script>",
	"    ::error::injected", "    ::error::injected\n      ::add-mask::injected-indented\n    ::stop-commands::x\n    ::x::\n\t::set-env name=X::injected-tab",
	"curl -X GET", "curl -X GET -H 'X-Note: ##[add-path]/tmp/injected'",
).Replace(hostileLog)

// TestRunnerSeesNoCommandFromTheLog replays the outputs that go to an Actions log through the
// model of the runner's parser: every command it finds must be one ctlog wrote.
func TestRunnerSeesNoCommandFromTheLog(t *testing.T) {
	if !strings.Contains(injectionLog, "::add-mask::") || !strings.Contains(injectionLog, "##[add-path]") {
		t.Fatal("the injections did not go into the log")
	}
	actions := map[string]string{"GITHUB_ACTIONS": "true"}
	outputs := []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"github", nil, []string{"summarize", "-o", "github", "-"}},
		{"default in Actions", actions, []string{"summarize", "-"}},
		{"text in Actions", actions, []string{"summarize", "--no-annotations", "-"}},
		{"text -o in Actions", actions, []string{"summarize", "-o", "text", "-"}},
	}
	for _, o := range outputs {
		code, out, stderr := run(t, injectionLog, o.env, o.args...)
		if code != ExitOK || !strings.Contains(out, "GET /api/a") {
			t.Fatalf("%s: exit %d\n%s\n%s", o.name, code, out, stderr)
		}
		stopped := 0
		for _, c := range runnerCommands(out) {
			switch c.name {
			case "error", "warning", "notice":
				if !strings.HasPrefix(c.info, c.name+" title=") {
					t.Errorf("%s: line %d: an annotation ctlog did not write: %q", o.name, c.line, c.info)
				}
			case "group", "endgroup", "(resume)":
			case "stop-commands":
				stopped++
			default:
				t.Errorf("%s: line %d: the runner would act on %s %q", o.name, c.line, c.name, c.info+"::"+c.data)
			}
			if strings.Contains(c.data, "injected") && !strings.Contains(c.data, `##\[`) && !strings.Contains(c.data, `\::`) {
				t.Errorf("%s: line %d: a command carries the log's payload live: %q", o.name, c.line, c.data)
			}
		}
		if stopped == 0 {
			t.Errorf("%s: the quoted text is not between stop-commands", o.name)
		}
		// Without stop-commands (a runner that ignores them), each line is still defused.
		bare := strings.ReplaceAll(out, "::stop-commands::", "::no-such-command::")
		for _, c := range runnerCommands(bare) {
			switch c.name {
			case "error", "warning", "notice":
				if strings.HasPrefix(c.info, c.name+" title=") {
					continue
				}
			case "group", "endgroup":
				continue
			}
			t.Errorf("%s without stop-commands: line %d: the runner would act on %s %q", o.name, c.line, c.name, c.info+"::"+c.data)
		}
	}
}

// TestRunnerModel checks the model itself on the forms the runner reads.
func TestRunnerModel(t *testing.T) {
	tests := []struct {
		out  string
		want []string
	}{
		{"::error title=x::msg", []string{"error"}},
		{"   \t::add-mask::secret", []string{"add-mask"}},
		{"text ##[set-output name=a;]b", []string{"##set-output"}},
		{"::unknown::x\n::Notice::y", []string{"notice"}},
		{"::stop-commands::tok\n::error::hidden\n::TOK::\n::warning::seen", []string{"stop-commands", "(resume)", "warning"}},
		{`\::error::x` + "\n" + `##\[error]x`, nil},
	}
	for _, tt := range tests {
		var got []string
		for _, c := range runnerCommands(tt.out) {
			got = append(got, c.name)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("runnerCommands(%q) = %v, want %v", tt.out, got, tt.want)
		}
	}
}
