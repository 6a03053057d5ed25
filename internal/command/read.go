package command

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/ctlog-dev/ctlog/internal/formats"
	"github.com/ctlog-dev/ctlog/internal/input"
	"github.com/ctlog-dev/ctlog/internal/pipeline"
	"github.com/ctlog-dev/ctlog/internal/redact"
)

// ReadOptions say how the commands that read inputs (summarize, gh, tui) read them and what they
// add to the runs; the pipeline does the reading.
type ReadOptions struct {
	Redact   []string     // extra patterns to mask
	Format   string       // auto (detect), text, junit, vcr or har
	Limits   input.Limits // bounds on what an archive may expand to
	Config   string       // hook rules file; "" finds .ctlog.yaml above the working directory
	NoConfig bool         // ignore hook rules files
	Baseline string       // baseline file to mark new failure groups against
}

// addReadFlags adds the flags of ReadOptions.
func addReadFlags(f *pflag.FlagSet, r *ReadOptions) {
	f.StringArrayVar(&r.Redact, "redact", nil, "also mask text matching `REGEX` (repeatable)")
	f.StringVar(&r.Format, "format", "auto", "input `FORMAT`: auto, text, junit, vcr, har or ndjson")
	f.StringVar(&r.Config, "config", "", "hook rules `FILE` (default: .ctlog.yaml in the working directory or above)")
	f.BoolVar(&r.NoConfig, "no-config", false, "ignore any .ctlog.yaml")
	f.StringVar(&r.Baseline, "baseline", "", "baseline `FILE` from 'ctlog baseline save': mark failure groups it does not know as new")
	r.Limits.MaxMemberBytes, r.Limits.MaxTotalBytes = input.DefaultMaxMemberBytes, input.DefaultMaxTotalBytes
	f.Var((*byteSize)(&r.Limits.MaxMemberBytes), "max-member-size", "largest decompressed size of one archive member or .gz stream")
	f.Var((*byteSize)(&r.Limits.MaxTotalBytes), "max-total-size", "largest decompressed size of all members of one archive")
	f.IntVar(&r.Limits.MaxMembers, "max-members", input.DefaultMaxMembers, "most members read from one zip")
	f.IntVar(&r.Limits.MaxDepth, "max-depth", input.DefaultMaxDepth, "deepest nesting of archives in archives")
}

// pipelineOptions turns the read options of a command with inputs into the pipeline's.
func pipelineOptions(ios IOStreams, inputs []string, r ReadOptions) (pipeline.Options, error) {
	red, err := redact.New(r.Redact...)
	if err != nil {
		return pipeline.Options{}, fmt.Errorf("--redact: %w", err)
	}
	forced, err := formats.ParseFormat(r.Format)
	if err != nil {
		return pipeline.Options{}, err
	}
	errOut := ios.ErrOut
	return pipeline.Options{
		Inputs: inputs, Stdin: ios.In, Format: forced, Limits: r.Limits,
		Config: r.Config, NoConfig: r.NoConfig, Baseline: r.Baseline,
		Redact: red, Tool: "ctlog " + version(),
		Warn: func(err error) { fmt.Fprintf(errOut, "ctlog: %v\n", err) },
	}, nil
}
