package parser

// interner shares one string among repeated labels, titles and reasons, saving an allocation per line.
type interner struct {
	m map[string]string
}

const (
	maxInterned    = 1 << 16
	maxInternedLen = 512
)

func (in *interner) get(b []byte) string {
	if s, ok := in.m[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(b) <= maxInternedLen {
		if in.m == nil {
			in.m = make(map[string]string)
		}
		if len(in.m) < maxInterned {
			in.m[s] = s
		}
	}
	return s
}

// checkOf returns the Check a `- Title` line names, without its message; titles repeat on
// every failing test case, so what they say is worked out once.
func (p *textParser) checkOf(title []byte) Check {
	if p.lastCheck.Title == string(title) && p.lastCheck.Title != "" {
		return p.lastCheck // most blocks repeat the last title: no hashing
	}
	if c, ok := p.checks[string(title)]; ok {
		p.lastCheck = c
		return c
	}
	t := p.strs.get(title)
	name, _ := CheckName(t)
	c := Check{Title: t, Name: name, Violations: violations(t)}
	if len(title) <= maxInternedLen && len(p.checks) < maxInterned {
		if p.checks == nil {
			p.checks = make(map[string]Check)
		}
		p.checks[t] = c
	}
	p.lastCheck = c
	return c
}
