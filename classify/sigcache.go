package classify

import (
	"hash/maphash"
	"strconv"
)

// sigCache remembers the signatures of recent failures: logs repeat the same message and body many
// times, and the extractors run regular expressions.
type sigCache struct {
	seed maphash.Seed
	m    map[uint64]Signature
}

const (
	sigCacheSize = 4096
	sigBodyHead  = 8 << 10 // what of a body decides its signature: exception pages name it at the top
	sigBodyTail  = 2 << 10 // and tracebacks at the bottom
)

// of returns SignatureOf for a failure, from the cache when an identical failure was seen.
func (c *sigCache) of(check string, status int, message, body string) Signature {
	if !readsBody(check, status) {
		body = "" // not part of the signature: the cache key leaves it out, and hits far more often
	} else if len(body) > sigBodyHead+sigBodyTail {
		body = body[:sigBodyHead] + "\n" + body[len(body)-sigBodyTail:]
	}
	if c.m == nil {
		c.seed, c.m = maphash.MakeSeed(), make(map[uint64]Signature, sigCacheSize)
	}
	var h maphash.Hash
	h.SetSeed(c.seed)
	h.WriteString(check)
	h.WriteByte(0)
	h.WriteString(strconv.Itoa(status))
	h.WriteByte(0)
	h.WriteString(message)
	h.WriteByte(0)
	h.WriteString(body)
	k := h.Sum64()
	if s, ok := c.m[k]; ok {
		return s
	}
	s := SignatureOf(check, status, message, body)
	if len(c.m) >= sigCacheSize {
		clear(c.m)
	}
	c.m[k] = s
	return s
}
