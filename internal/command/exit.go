package command

// Exit codes of ctlog, documented in `ctlog --help` and README.md.
const (
	ExitOK       = 0 // the inputs were parsed
	ExitFailures = 1 // --fail-on: the run has failures the policy does not accept
	ExitUsage    = 2 // bad flags or arguments
	ExitInput    = 3 // an input could not be read or holds no Schemathesis output
	ExitInternal = 4 // ctlog itself failed (a bug)
)

// exitError carries an exit code with an error message; its err is never nil.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// exitWith turns a run function's exit code and error into what a command's RunE returns: nil for
// success, else an *exitError. An error without a code is an internal error; a code without an
// error gets a silent one (the command has said what it had to).
func exitWith(code int, err error) error {
	switch {
	case err == nil && code == ExitOK:
		return nil
	case err == nil:
		err = silentError{code}
	case code == ExitOK:
		code = ExitInternal
	}
	return &exitError{code: code, err: err}
}

// silentError stands for an exit code that comes without a message.
type silentError struct{ code int }

func (e silentError) Error() string { return "" }

func usageError(err error) error { return exitWith(ExitUsage, err) }
