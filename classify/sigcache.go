package classify

import (
	"hash/maphash"
	"strings"
)

// sigCache remembers the signatures of recent failures: logs repeat the same message and body many
// times, and the extractors run regular expressions.
type sigCache struct {
	seed maphash.Seed
	m    map[sigKey]*sigEntry
	// recent is a small direct-mapped cache in front of m: most failures repeat a message seen
	// moments ago, and comparing it is cheaper than hashing it.
	recent [1024]*sigEntry
	// held lists the entries that point at a group (hold), so that forgetGroups, called for each
	// part of a stream, visits those instead of the whole cache.
	held []*sigEntry
}

// sigKey is what a signature depends on. Short messages are kept whole (the usual case, and no
// collision is possible); a long message and the body are represented by 64-bit hashes.
type sigKey struct {
	check   string
	status  int
	message string // what of it the signature reads: a schema message's head, a response time's limit
	msgHash uint64 // when the message is longer than sigKeyMessage
	body    uint64 // hash of the body; 0 when the signature does not read it
	limit   bool   // message holds only the limit of a max_response_time message
}

type sigEntry struct {
	key sigKey
	sig Signature
	// group is the group of run the last failure with this entry went to, valid while the run's
	// groups are those of epoch: a failure of the same operation and title goes there too.
	group *Group
	run   *Run
	epoch int
}

// forgetGroups drops every entry's group, so that the cache keeps no run's groups alive.
func (c *sigCache) forgetGroups() {
	for _, e := range c.held {
		e.group, e.run = nil, nil
	}
	clear(c.held)
	c.held = c.held[:0]
}

// hold points e at group g of run r, the group a failure with this entry went to.
func (c *sigCache) hold(e *sigEntry, g *Group, r *Run) {
	if e.run == nil {
		c.held = append(c.held, e)
	}
	e.group, e.run, e.epoch = g, r, r.epoch
}

const (
	sigCacheSize  = 4096
	sigKeyMessage = 512
	sigBodyHead   = 8 << 10 // what of a body decides its signature: exception pages name it at the top
	sigBodyTail   = 2 << 10 // and tracebacks at the bottom
)

// of returns SignatureOf for a failure, from the cache when an identical failure was seen.
func (c *sigCache) of(check string, status int, message, body string) Signature {
	return c.entry(check, status, message, body).sig
}

// entry returns the cache entry of a failure, made when no identical failure was seen.
func (c *sigCache) entry(check string, status int, message, body string) *sigEntry {
	if c.m == nil {
		c.seed, c.m = maphash.MakeSeed(), make(map[sigKey]*sigEntry, sigCacheSize)
	}
	var msgHash, bodyHash uint64
	keyMessage, limitOnly := message, false
	if check == "max_response_time" {
		// The measured time varies with every case; the signature reads only the limit.
		keyMessage, limitOnly = responseTimeLimit(message)
		if !limitOnly {
			keyMessage = message
		}
	}
	if check == "response_schema_conformance" {
		keyMessage = schemaExtent(message) // the schema and value printed below do not matter
	}
	if len(keyMessage) > sigKeyMessage {
		msgHash = maphash.String(c.seed, keyMessage)
	}
	if !readsBody(check, status) {
		body = "" // not part of the signature: the key leaves it out, and hits far more often
	} else {
		if len(body) > sigBodyHead+sigBodyTail {
			body = body[:sigBodyHead] + "\n" + body[len(body)-sigBodyTail:]
		}
		bodyHash = maphash.String(c.seed, body) | 1
	}
	slot := (recentSlot(check, status, keyMessage) ^ int(bodyHash>>40)) % len(c.recent)
	if e := c.recent[slot]; e != nil && e.key.status == status && e.key.body == bodyHash && e.key.msgHash == msgHash &&
		e.key.limit == limitOnly && e.key.check == check && (msgHash != 0 || e.key.message == keyMessage) {
		return e
	}
	k := sigKey{check: check, status: status, message: keyMessage, msgHash: msgHash, body: bodyHash, limit: limitOnly}
	if msgHash != 0 {
		k.message = ""
	}
	e := c.m[k]
	if e == nil {
		s := SignatureOf(check, status, message, body)
		if len(c.m) >= sigCacheSize {
			c.forgetGroups()
			clear(c.m)
		}
		// Neither key nor signature may keep the failure's text alive: it shares a slab with others.
		k.message, s.Text = strings.Clone(k.message), strings.Clone(s.Text)
		e = &sigEntry{key: k, sig: s}
		c.m[k] = e
	}
	c.recent[slot] = e
	return e
}

// recentSlot picks the slot of sigCache.recent for a failure from a few of its bytes.
func recentSlot(check string, status int, message string) int {
	h := uint(len(message))*31 + uint(status)*7 + uint(len(check))
	if n := len(message); n > 0 {
		h = h*131 + uint(message[n/2])
		h = h*131 + uint(message[n-1])
		h = h*131 + uint(message[n/3])
	}
	return int(h ^ h>>6)
}
