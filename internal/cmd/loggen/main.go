// Command loggen writes a synthetic Schemathesis 3.x CI log, JUnit XML report or VCR cassette and
// prints its Truth as JSON to standard error.
//
//	go run ./internal/cmd/loggen -size 1GiB -seed 1 -github -o /tmp/big.log
//	go run ./internal/cmd/loggen -format junit -major 4 -size 200MB -o /tmp/big.xml
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ctlog-dev/ctlog/internal/loggen"
)

func main() {
	var (
		size    = flag.String("size", "0", "target size, e.g. 500MB, 1GiB, 64k (0 = one natural run)")
		seed    = flag.Int64("seed", 1, "random seed")
		ops     = flag.Int("ops", 0, "number of API operations (0 = default 200)")
		groups  = flag.Int("groups", 0, "exactly this many failing operations, one failure group each (0 = as -ops gives)")
		workers = flag.Int("workers", 1, "Schemathesis --workers (1 = per-operation progress lines)")
		github  = flag.Bool("github", false, "wrap in GitHub Actions log format (BOM, timestamps, markers)")
		crlf    = flag.Bool("crlf", false, "end lines with CRLF")
		out     = flag.String("o", "-", "output file (- = standard output)")
		stats   = flag.Bool("stats", false, "also print generation speed to standard error")
		format  = flag.String("format", "text", "what to write: text (a CLI log), junit (a JUnit XML report) or cassette (a VCR cassette)")
		major   = flag.Int("major", 4, "junit, cassette: the Schemathesis major version whose layout is written (3 or 4)")
	)
	flag.Parse()
	target, err := parseSize(*size)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loggen:", err)
		os.Exit(2)
	}
	var w io.Writer = os.Stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "loggen:", err)
			os.Exit(1)
		}
		defer f.Close()
		w = f
	}
	start := time.Now()
	var truth any
	switch *format {
	case "text":
		truth, err = loggen.Generate(w, loggen.Config{
			Seed: *seed, Operations: *ops, TargetBytes: target, Workers: *workers, GitHub: *github, CRLF: *crlf,
			Groups: *groups,
		})
	case "junit":
		truth, err = loggen.GenerateJUnit(w, loggen.ReportConfig{Seed: *seed, Major: *major, TargetBytes: target})
	case "cassette":
		truth, err = loggen.GenerateCassette(w, loggen.ReportConfig{Seed: *seed, Major: *major, TargetBytes: target})
	default:
		fmt.Fprintln(os.Stderr, "loggen: -format must be text, junit or cassette, not", strconv.Quote(*format))
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loggen:", err)
		os.Exit(1)
	}
	if c, ok := w.(io.Closer); ok && *out != "-" {
		if err := c.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "loggen:", err)
			os.Exit(1)
		}
	}
	elapsed := time.Since(start)
	enc := json.NewEncoder(os.Stderr)
	enc.SetIndent("", "  ")
	if err := enc.Encode(truth); err != nil {
		fmt.Fprintln(os.Stderr, "loggen:", err)
		os.Exit(1)
	}
	if *stats {
		var n int64
		switch t := truth.(type) {
		case loggen.Truth:
			n = t.Bytes
		case loggen.ReportTruth:
			n = t.Bytes
		}
		fmt.Fprintf(os.Stderr, "%d bytes in %v (%.0f MB/s)\n", n, elapsed.Round(time.Millisecond), float64(n)/1e6/elapsed.Seconds())
	}
}

// parseSize accepts a byte count with an optional k/M/G (powers of 1000) or
// KiB/MiB/GiB (powers of 1024) suffix; a trailing "B" is optional.
func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   int64
	}{
		{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30},
		{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9},
		{"k", 1e3}, {"m", 1e6}, {"g", 1e9}, {"b", 1},
	}
	lower := strings.ToLower(s)
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(lower, u.suffix) {
			mult = u.mult
			s = strings.TrimSpace(s[:len(s)-len(u.suffix)])
			break
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 {
		return 0, errors.New("bad -size " + strconv.Quote(s))
	}
	return int64(v * float64(mult)), nil
}
