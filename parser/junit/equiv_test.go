package junit

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ctlog-dev/ctlog/internal/loggen"
	"github.com/ctlog-dev/ctlog/parser"
	"github.com/ctlog-dev/ctlog/parser/internal/parsertest"
)

// readBoth parses data with the fast scanner and with the careful encoding/xml path and fails the
// test when their events, stats or errors differ in anything.
func readBoth(t testing.TB, name string, data []byte, opts parser.Options) {
	t.Helper()
	run := func(careful bool) ([]parser.Event, parser.Stats, error) {
		var evs []parser.Event
		st, err := parse(bytes.NewReader(data), opts, parser.HandlerFunc(func(e parser.Event) { evs = append(evs, e) }), careful)
		return evs, st, err
	}
	parsertest.SameRead(t, name, run)
}

// equivInputs are the JUnit reports of the tests, generated ones of both layouts and, when present, the corpus's.
func equivInputs(t *testing.T) map[string][]byte {
	return parsertest.EquivInputs(t, filepath.Join("..", "..", "testdata", "junit", "*.xml"), "*junit*.xml", loggen.GenerateJUnit)
}

// twists are changes to a report that reach every way out of the scanner and back into it.
var twists = []struct {
	name     string
	old, new string
}{
	{"crlf", "\n", "\r\n"},
	{"cr", "\n", "\r"},
	{"comment", "<testcase ", "<!-- a comment --><testcase "},
	{"doctype", "<testsuites", "<!DOCTYPE testsuites><testsuites"},
	{"pi", "<testsuite ", "<?php x?><testsuite "},
	{"namespace", "<testsuite ", `<testsuite xmlns="urn:x" `},
	{"prefixed", "<testcase ", "<j:testcase "},
	{"cdata", "<failure type=\"failure\">", "<failure type=\"failure\"><![CDATA[1. Test Case ID: cd\n\n- Server error\n\n]]>"},
	{"cdata-crlf", "<testcase ", "<testcase ><![CDATA[a\r\nb\r]]></testcase><testcase "},
	{"entities", "Server error", "Server&#32;&#x65;rror &#x1F600; &#xD800; &apos;&quot;"},
	{"bad-entity", "Server error", "Server &nbsp; error"},
	{"bad-char-ref", "Server error", "Server &#0; error"},
	{"control", "Server error", "Server \x01 error"},
	{"bad-utf8", "Server error", "Server \xff error"},
	{"nonchar", "Server error", "Server \uFFFE error"},
	{"cdata-end", "Server error", "Server ]]> error"},
	{"lt-in-attr", `name="`, `name="<`},
	{"unquoted", `time="`, `time=1 x="`},
	{"no-space", `" time=`, `"time=`},
	{"space-eq", `time="`, "time \n= \t'"},
	{"end-space", "</testcase>", "</testcase \n >"},
	{"mismatch", "</testcase>", "</testcas>"},
	{"unknown", "<testcase ", "<system-out>x<y a='1'/><![CDATA[z]]></system-out><odd>t</odd><testcase "},
	{"skipped-bad", "<testcase ", "<properties><property name='a' value='&bad;'/></properties><testcase "},
	{"stray", "<testsuite ", "stray text<testsuite "},
	{"utf16-decl", `encoding="utf-8"`, `encoding="utf-16"`},
	{"ascii-decl", `<?xml version="1.0" ?>`, `<?xml version="1.0" encoding="ascii"?>`},
	{"decl-late", "<testsuite ", "<?xml version=\"1.0\"?><testsuite "},
	{"unicode-name", "<testcase ", "<tést/><testcase "},
	{"self-closing", "></failure>", "/>"},
	{"bom", "", ""},
	{"nested-failure", "</testcase>", `<failure message="outer"><failure message="an inner message, longer than the outer"/></failure></testcase>`},
	{"failure-in-error", "</testcase>", `<error message="e"><failure message="in an error"/></error><failure message="after"/></testcase>`},
	{"dup-message", "<failure ", `<failure message="first" message="a second message, longer than the first" `},
}

// TestFastEqualsCareful holds the scanner to encoding/xml on every report, on each with every
// twist, cut short at a spread of places, and mutated at random.
func TestFastEqualsCareful(t *testing.T) {
	rng := rand.New(rand.NewSource(20))
	for name, data := range equivInputs(t) {
		opts := parser.Options{Name: name}
		readBoth(t, name, data, opts)
		readBoth(t, name+" small MaxText", data, parser.Options{Name: name, MaxText: 64})
		for _, tw := range twists {
			var v []byte
			switch {
			case tw.name == "bom":
				v = append([]byte("\xef\xbb\xbf"), data...)
			case rng.Intn(2) == 0:
				v = bytes.ReplaceAll(data, []byte(tw.old), []byte(tw.new))
			default:
				v = bytes.Replace(data, []byte(tw.old), []byte(tw.new), 1)
			}
			readBoth(t, name+" "+tw.name, v, opts)
		}
		step := max(1, len(data)/41)
		for cut := 0; cut < len(data); cut += step + rng.Intn(7) {
			readBoth(t, fmt.Sprintf("%s cut at %d", name, cut), data[:cut], opts)
		}
		for i := range 25 {
			v := bytes.Clone(data)
			for range 1 + rng.Intn(6) {
				const special = "<>&\"'/=\n \x00;#]![-?:\r\xc3"
				v[rng.Intn(len(v))] = special[rng.Intn(len(special))]
			}
			readBoth(t, fmt.Sprintf("%s mutation %d", name, i), v, opts)
		}
	}
}

// TestFastEqualsCarefulManyBatches holds the scanner to encoding/xml on reports big enough that the
// batches beside fill on items and on text, come back and are waited for, many times over.
func TestFastEqualsCarefulManyBatches(t *testing.T) {
	for _, major := range []int{3, 4} {
		var buf bytes.Buffer
		if _, err := loggen.GenerateJUnit(&buf, loggen.ReportConfig{Seed: 7, Major: major, TargetBytes: 640 << 10}); err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(buf.Bytes(), []byte("<testcase ")); n < 4*batchItems || buf.Len() < 8*batchText {
			t.Fatalf("v%d: %d test cases in %d bytes: too few to fill the batches", major, n, buf.Len())
		}
		readBoth(t, fmt.Sprintf("generated-v%d, 640 KiB", major), buf.Bytes(), parser.Options{Name: "big"})
	}
}

// TestFastReadsLongTokens reads tokens longer than the scanner's first buffer, and one longer than
// it reads at all, which it hands over.
func TestFastReadsLongTokens(t *testing.T) {
	block := "1. Test Case ID: x\n\n- Server error\n\n[500] Internal Server Error:\n\n    `" + strings.Repeat("A&amp;", scanBuffer/3) + "`\n\nReproduce with:\n\n    curl -X GET http://h/a"
	doc := `<testsuites><testsuite><testcase name="GET /` + strings.Repeat("b", scanBuffer) + `"><failure message="` + strings.ReplaceAll(block, "\n", "&#10;") + `"/></testcase>` +
		`<testcase name="GET /a"><failure>` + block + `</failure></testcase></testsuite></testsuites>`
	readBoth(t, "long", []byte(doc), parser.Options{MaxText: 1 << 10})
}

// FuzzFastEqualsCareful holds the scanner to encoding/xml on arbitrary inputs.
func FuzzFastEqualsCareful(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "junit", "*.xml"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	for _, tw := range twists {
		f.Add([]byte(`<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="s" tests="1"><testcase name="GET /a" time="1"><failure type="failure">1. Test Case ID: x` + "\n\n- Server error</failure></testcase></testsuite></testsuites>\n" + tw.new))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		readBoth(t, "fuzz", data, parser.Options{Name: "fuzz", MaxText: 256})
	})
}
