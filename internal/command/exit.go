package command

// Exit codes of ctlog, documented in `ctlog --help` and README.md.
const (
	ExitOK       = 0 // the inputs were parsed
	ExitFailures = 1 // --fail-on: the run has failures the policy does not accept
	ExitUsage    = 2 // bad flags or arguments
	ExitInput    = 3 // an input could not be read or holds no Schemathesis output
	ExitInternal = 4 // ctlog itself failed (a bug)
)

// exitError carries an exit code with an error message.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageError(err error) error { return &exitError{code: ExitUsage, err: err} }
