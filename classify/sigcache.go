package classify

import (
	"hash/maphash"
	"strings"
)

// sigCache remembers the signatures of recent failures: logs repeat the same message and body many
// times, and the extractors run regular expressions.
type sigCache struct {
	seed maphash.Seed
	m    map[sigKey]Signature
}

// sigKey is what a signature depends on. Short messages are kept whole (the usual case, and no
// collision is possible); a long message and the body are represented by 64-bit hashes.
type sigKey struct {
	check   string
	status  int
	message string
	msgHash uint64 // when the message is longer than sigKeyMessage
	body    uint64 // hash of the body; 0 when the signature does not read it
}

const (
	sigCacheSize  = 4096
	sigKeyMessage = 512
	sigBodyHead   = 8 << 10 // what of a body decides its signature: exception pages name it at the top
	sigBodyTail   = 2 << 10 // and tracebacks at the bottom
)

// of returns SignatureOf for a failure, from the cache when an identical failure was seen.
func (c *sigCache) of(check string, status int, message, body string) Signature {
	if c.m == nil {
		c.seed, c.m = maphash.MakeSeed(), make(map[sigKey]Signature, sigCacheSize)
	}
	k := sigKey{check: check, status: status, message: message}
	if len(message) > sigKeyMessage {
		k.message, k.msgHash = "", maphash.String(c.seed, message)
	}
	if !readsBody(check, status) {
		body = "" // not part of the signature: the key leaves it out, and hits far more often
	} else {
		if len(body) > sigBodyHead+sigBodyTail {
			body = body[:sigBodyHead] + "\n" + body[len(body)-sigBodyTail:]
		}
		k.body = maphash.String(c.seed, body) | 1
	}
	if s, ok := c.m[k]; ok {
		return s
	}
	s := SignatureOf(check, status, message, body)
	if len(c.m) >= sigCacheSize {
		clear(c.m)
	}
	// Neither key nor signature may keep the failure's text alive: it shares a slab with others.
	k.message, s.Text = strings.Clone(k.message), strings.Clone(s.Text)
	c.m[k] = s
	return s
}
