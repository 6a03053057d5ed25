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
