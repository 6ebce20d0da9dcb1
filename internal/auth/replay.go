package auth

import (
	"sync"
	"time"
)

// replayCache remembers accepted signatures until the time after which they
// could no longer verify anyway, so that a captured request cannot be sent a
// second time while its timestamp is still inside the clock-skew window.
//
// Memory is bounded by the number of requests accepted within one window:
// every entry is dropped, at the latest, by the first insertion after it
// expires (expired entries are pruned, oldest first, on every insertion).
// The zero value is ready to use; it must not be copied after first use.
type replayCache struct {
	mu   sync.Mutex
	seen map[[32]byte]struct{}
	// byExpiry is a binary min-heap on until, holding exactly the keys of
	// seen, so that pruning touches only expired entries.
	byExpiry []replayEntry
}

type replayEntry struct {
	sig   [32]byte
	until time.Time
}

// record reports whether sig was not seen before and, if so, remembers it
// until the instant until. Entries that expired before now are forgotten
// first. The check and the insertion are one atomic step, so of two
// concurrent requests carrying the same signature exactly one is accepted.
func (c *replayCache) record(sig [32]byte, until, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pruneLocked(now)
	if _, dup := c.seen[sig]; dup {
		return false
	}
	if c.seen == nil {
		c.seen = make(map[[32]byte]struct{})
	}
	c.seen[sig] = struct{}{}
	c.push(replayEntry{sig: sig, until: until})
	return true
}

// len returns the number of remembered signatures.
func (c *replayCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.seen)
}

// pruneLocked forgets every signature whose until is before now.
func (c *replayCache) pruneLocked(now time.Time) {
	for len(c.byExpiry) > 0 && c.byExpiry[0].until.Before(now) {
		delete(c.seen, c.byExpiry[0].sig)
		c.pop()
	}
	if len(c.byExpiry) == 0 && cap(c.byExpiry) > 1024 {
		// Give back the backing array after a burst has drained.
		c.byExpiry = nil
	}
}

// push adds e to the heap.
func (c *replayCache) push(e replayEntry) {
	h := append(c.byExpiry, e)
	i := len(h) - 1
	for i > 0 {
		parent := (i - 1) / 2
		if !h[i].until.Before(h[parent].until) {
			break
		}
		h[i], h[parent] = h[parent], h[i]
		i = parent
	}
	c.byExpiry = h
}

// pop removes the heap's minimum.
func (c *replayCache) pop() {
	h := c.byExpiry
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	i := 0
	for {
		left, smallest := 2*i+1, i
		if left < n && h[left].until.Before(h[smallest].until) {
			smallest = left
		}
		if right := left + 1; right < n && h[right].until.Before(h[smallest].until) {
			smallest = right
		}
		if smallest == i {
			break
		}
		h[i], h[smallest] = h[smallest], h[i]
		i = smallest
	}
	c.byExpiry = h
}
