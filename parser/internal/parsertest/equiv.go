package parsertest

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/ctlog-dev/ctlog/parser"
)

// SameRead fails the test when read's fast path (careful false) and careful path give different
// events, stats or errors, naming the first event that differs.
func SameRead(t testing.TB, name string, read func(careful bool) ([]parser.Event, parser.Stats, error)) {
	t.Helper()
	fe, fs, ferr := read(false)
	ce, cs, cerr := read(true)
	if fmt.Sprint(ferr) != fmt.Sprint(cerr) || fs != cs {
		t.Fatalf("%s: fast read gives %+v, %v; careful %+v, %v", name, fs, ferr, cs, cerr)
	}
	if reflect.DeepEqual(fe, ce) {
		return
	}
	for i := range max(len(fe), len(ce)) {
		var f, c parser.Event
		if i < len(fe) {
			f = fe[i]
		}
		if i < len(ce) {
			c = ce[i]
		}
		if !reflect.DeepEqual(f, c) {
			t.Fatalf("%s: event %d of %d/%d differs:\nfast    %T %+v\ncareful %T %+v", name, i, len(fe), len(ce), f, f, c, c)
		}
	}
}
