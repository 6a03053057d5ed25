package doctor

// Sides of a comparison.
const (
	SideCI    = "ci"
	SideLocal = "local"
)

// Value is a setting or environment variable with the line that sets it.
type Value struct {
	Value string `json:"value"`
	Loc
}

// Invocation is one place the repository starts Schemathesis.
type Invocation struct {
	Side string `json:"side"` // ci or local
	Name string `json:"name"` // e.g. "job contract, step \"Schemathesis\"", "make contract"
	Kind string `json:"kind"` // command, action, docker
	Loc
	// Version is the Schemathesis version the invocation gets ("" when unknown, "latest" when unpinned).
	Version Value `json:"version"`
	// Env is the environment the Schemathesis process sees, as far as the repository says.
	Env map[string]Value `json:"env"`
	// Settings are the result-changing options: checks, mode, phases, max-examples, workers,
	// seed, headers, base-url (absent: Schemathesis's default).
	Settings map[string]Value `json:"settings"`
	// Hooks is the hooks module as Schemathesis gets it (SCHEMATHESIS_HOOKS, or the config file's hooks).
	Hooks *Value `json:"hooks,omitempty"`
	// ConfigFile is the schemathesis.toml it reads ("" when none).
	ConfigFile string `json:"config_file,omitempty"`
	Dir        string `json:"dir,omitempty"` // working directory, relative to the repository root

	envAt    Loc              // where to add an env entry (the step's env:, or the step itself)
	outerEnv map[string]Value // docker: the env of the shell that runs `docker run`
	passed   map[string]bool  // docker: the variables -e passes
	mounts   int              // docker: the volumes it mounts
	preRun   *Value           // 3.x --pre-run MODULE
}

// hooksEnv is the environment variable Schemathesis imports the hooks module from.
const hooksEnv = "SCHEMATHESIS_HOOKS"
