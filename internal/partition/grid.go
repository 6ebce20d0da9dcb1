package partition

import (
	"fmt"
	"sort"
	"strconv"

	"trawl/internal/types"
)

// grid is the sequence of values of an integer or date projection: points
// k = 0..last(), each with its path string and its typed value.
type grid interface {
	last() uint64
	str(k uint64) string
	key(k uint64) any
	// monotone reports whether key(k) never decreases as k grows, so that
	// bounds can be found by binary search.
	monotone() bool
	// member reports whether s is the string of some point (string
	// columns).
	member(s string) bool
	// overflow reports a calendar grid too long to enumerate.
	overflow() bool
}

type intGrid struct {
	col      Column
	lo       int64
	interval uint64
	lastK    uint64
	digits   int
	mono     bool
}

func (g *intGrid) value(k uint64) int64 { return int64(uint64(g.lo) + k*g.interval) }

func (g *intGrid) format(v int64) string {
	if g.digits > 0 {
		return fmt.Sprintf("%0*d", g.digits, v)
	}
	return strconv.FormatInt(v, 10)
}

func (g *intGrid) last() uint64        { return g.lastK }
func (g *intGrid) str(k uint64) string { return g.format(g.value(k)) }
func (g *intGrid) monotone() bool      { return g.mono }
func (g *intGrid) overflow() bool      { return false }

func (g *intGrid) key(k uint64) any {
	if g.col.Type.IsString() {
		return g.str(k)
	}
	return g.value(k)
}

func (g *intGrid) member(s string) bool {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < g.lo || g.format(v) != s {
		return false
	}
	d := uint64(v) - uint64(g.lo)
	return d%g.interval == 0 && d/g.interval <= g.lastK
}

type dateGrid struct {
	col         Column
	df          *dateFormat
	start, step int64   // fixed-length steps (milliseconds)
	list        []int64 // calendar steps: every point
	lastK       uint64
	mono        bool
	tooMany     bool
}

func (g *dateGrid) at(k uint64) int64 {
	if g.list != nil {
		return g.list[k]
	}
	return g.start + int64(k)*g.step
}

func (g *dateGrid) last() uint64        { return g.lastK }
func (g *dateGrid) str(k uint64) string { return g.df.format(g.at(k)) }
func (g *dateGrid) monotone() bool      { return g.mono }
func (g *dateGrid) overflow() bool      { return g.tooMany }

func (g *dateGrid) key(k uint64) any {
	if g.col.Type.IsString() {
		return g.str(k)
	}
	return dateKey(g.col.Type, g.at(k))
}

// member finds the first point at or after the time s denotes and checks
// that it prints as s.
func (g *dateGrid) member(s string) bool {
	ms, err := g.df.parse(s)
	if err != nil {
		return false
	}
	var k uint64
	if g.list != nil {
		i := sort.Search(len(g.list), func(i int) bool { return g.list[i] >= ms })
		if i == len(g.list) {
			return false
		}
		k = uint64(i)
	} else if ms > g.start {
		k = uint64((ms - g.start + g.step - 1) / g.step)
		if k > g.lastK {
			return false
		}
	}
	return g.str(k) == s
}

// dateKey is the physical value of a projected date (milliseconds since the
// epoch) in a date or timestamp column.
func dateKey(t *types.Type, ms int64) any {
	if t.Kind == types.Date {
		return floorDiv(ms, msPerDay)
	}
	us := ms * 1000
	if p := t.Precision; p >= 0 && p < 6 {
		unit := int64(pow10(6 - p))
		us = floorDiv(us, unit) * unit
	}
	return us
}

// search returns the first k in [lo, hi] for which pred holds, pred being
// false and then true as k grows.
func search(lo, hi uint64, pred func(uint64) bool) (uint64, bool) {
	if !pred(hi) {
		return 0, false
	}
	for lo < hi {
		mid := lo + (hi-lo)/2
		if pred(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo, true
}

// keyRange returns the points [a, b] of a monotone grid whose keys satisfy
// the bounds of h.
func keyRange(g grid, h Hint) (a, b uint64, ok bool) {
	a, ok = search(0, g.last(), func(k uint64) bool { return aboveLo(g.key(k), h) })
	if !ok {
		return 0, 0, false
	}
	e, found := search(a, g.last(), func(k uint64) bool { return !belowHi(g.key(k), h) })
	if !found {
		return a, g.last(), true
	}
	if e == a {
		return 0, 0, false
	}
	return a, e - 1, true
}

func gridValues(c *colProj, h Hint) ([]string, error) {
	g := c.g
	limit := uint64(MaxPartitions)
	tooMany := func(n string) error { return tooManyErr(c.col.Name + ": " + n) }
	if g.overflow() {
		return nil, tooMany(fmt.Sprintf("more than %d", MaxPartitions))
	}
	if h.In != nil && !g.monotone() {
		var out []string
		for _, v := range h.In {
			s, ok := v.(string)
			if ok && g.member(s) && matches(s, h) {
				out = append(out, s)
			}
		}
		sort.Strings(out)
		return dedupe(out), nil
	}
	if h.In != nil {
		var ks []uint64
		for _, v := range h.In {
			if v == nil || !aboveLo(v, h) || !belowHi(v, h) {
				continue
			}
			a, b, ok := keyRange(g, Hint{Lo: v, Hi: v, LoInclusive: true, HiInclusive: true})
			if !ok {
				continue
			}
			if b-a >= limit-uint64(len(ks)) {
				return nil, tooMany(fmt.Sprintf("more than %d", MaxPartitions))
			}
			for k := a; ; k++ {
				ks = append(ks, k)
				if k == b {
					break
				}
			}
		}
		sort.Slice(ks, func(i, j int) bool { return ks[i] < ks[j] })
		out := make([]string, 0, len(ks))
		for i, k := range ks {
			if i > 0 && ks[i-1] == k {
				continue
			}
			out = append(out, g.str(k))
		}
		return dedupe(out), nil
	}
	if g.monotone() {
		a, b, ok := keyRange(g, h)
		if !ok {
			return []string{}, nil
		}
		if b-a >= limit {
			return nil, tooMany(countString(b-a, 1))
		}
		out := make([]string, 0, b-a+1)
		for k := a; ; k++ {
			out = append(out, g.str(k))
			if k == b {
				break
			}
		}
		return dedupe(out), nil
	}
	if g.last() >= limit {
		return nil, tooMany(countString(g.last(), 1))
	}
	var out []string
	for k := uint64(0); ; k++ {
		if matches(g.key(k), h) {
			out = append(out, g.str(k))
		}
		if k == g.last() {
			break
		}
	}
	sort.Strings(out)
	return dedupe(out), nil
}

// countString prints n+add without overflowing.
func countString(n, add uint64) string {
	if n > ^uint64(0)-add {
		return "more than " + strconv.FormatUint(n, 10)
	}
	return strconv.FormatUint(n+add, 10)
}
