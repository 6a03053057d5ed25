package doctor

import "testing"

// FuzzScanScript: any shell text scans to its end without a panic, every invocation on one of its lines.
func FuzzScanScript(f *testing.F) {
	for _, s := range []string{
		"export SCHEMATHESIS_HOOKS=\"${H:-a.b}\"\nst run u --checks all \\\n -n 5\n",
		"docker run -e X -eY=1 --env=Z schemathesis/schemathesis:v4.1.0 run u",
		"uvx --from 'schemathesis==4' st run u && make x || ./s.sh; echo '",
		"cd a && A=1 env B=2 python -m schemathesis --config-file c run -H 'A: b' u",
	} {
		f.Add(s)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src string) {
		r := newRepo(dir)
		invs, _ := r.scanScript(scope{Side: SideCI, File: "x.sh", Dir: "."}, src, 1)
		for _, inv := range invs {
			if inv.Line < 1 || inv.Line > 1+len(src) {
				t.Fatalf("invocation at line %d of a %d-byte script", inv.Line, len(src))
			}
		}
	})
}

// FuzzWorkflow: any workflow file reads without a panic.
func FuzzWorkflow(f *testing.F) {
	f.Add("jobs:\n  a:\n    env: {SCHEMATHESIS_HOOKS: h}\n    container: {image: schemathesis/schemathesis:v3.39.16}\n    steps:\n      - run: st run u\n      - uses: schemathesis/action@v1\n        with: {args: -n 5}\n")
	f.Add("contract:\n  image: {name: schemathesis/schemathesis}\n  script: [st run u]\n")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src string) {
		r := newRepo(dir)
		r.cache[".github/workflows/x.yml"] = []byte(src)
		r.cache[".gitlab-ci.yml"] = []byte(src)
		invs := append(r.workflow(".github/workflows/x.yml"), r.gitlab(".gitlab-ci.yml")...)
		for _, inv := range invs {
			r.resolveHooks(inv)
		}
		r.checkHooks(invs)
	})
}
