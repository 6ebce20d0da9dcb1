package gen

import (
	"math"
	"math/rand/v2"
)

const (
	slotSec   = 300 // CloudTrail delivers about every five minutes
	slotsDay  = 86400 / slotSec
	minFile   = 25_000    // smallest planned file (except tiny days)
	maxFile   = 1_900_000 // largest planned file
	lowTarget = 80_000    // mean file size when the day is quiet
	hiTarget  = 800_000   // mean file size when the day is busy
)

// fileJob is one log file to generate.
type fileJob struct {
	acct, reg int   // indexes into the options' lists
	dayIdx    int   // index of the day from Start
	day       int64 // days since 1970-01-01
	idx       int   // file index within the stream-day
	stamp     int64 // unix seconds of the file name's minute stamp
	ws, we    int64 // event window [ws, we)
	target    int   // uncompressed bytes to write
}

// humanCurve is office activity at a local hour (0..24): low at night,
// ramping up in the morning, a lunch dip, ramping down in the evening.
func humanCurve(h float64) float64 {
	switch {
	case h < 6:
		return 0.06
	case h < 9:
		return 0.06 + 0.94*(h-6)/3
	case h < 12:
		return 1
	case h < 13:
		return 0.8
	case h < 17.5:
		return 1
	case h < 21:
		return 1 - 0.9*(h-17.5)/3.5
	default:
		return 0.1
	}
}

// dayWeight is the relative volume of a day: weekends are quieter.
func dayWeight(seed int64, day int64) float64 {
	r := newRand(uint64(seed), domPlan, uint64(day), 0xd1)
	w := 1.0
	if wd := (day + 4) % 7; wd == 0 || wd == 6 { // 1970-01-01 was a Thursday
		w = 0.45
	}
	return w * (0.85 + 0.3*r.Float64())
}

// streamWeight is the relative volume of an account/region pair: the first
// account and the trail's global region are the busiest.
func streamWeight(seed int64, ai int, acct, region string, globalRegion bool) float64 {
	r := newRand(uint64(seed), domPlan, hashString(acct), hashString(region), 0x57)
	wa := 1.0
	if ai > 0 {
		wa = 0.35 + 0.65*r.Float64()
	}
	wr := 1.0
	if !globalRegion {
		wr = 0.25 + 0.35*r.Float64()
	}
	return wa * wr
}

// planStreamDay splits a stream-day's volume into files following the
// daily rhythm. Files are returned in delivery order.
func planStreamDay(r *rand.Rand, j fileJob, bytes float64, tzOffset int64, weekend bool) []fileJob {
	if bytes < 1 {
		return nil
	}
	dayStart := j.day * 86400
	var w [slotsDay]float64
	var sw [slotsDay]float64
	totalSW := 0.0
	for k := 0; k < slotsDay; k++ {
		local := math.Mod(float64(int64(k*slotSec)+tzOffset)/3600+48, 24)
		hc := humanCurve(local)
		if weekend {
			hc *= 0.3
		}
		x := (0.45 + 0.55*hc) * (0.7 + 0.6*r.Float64())
		if r.IntN(100) == 0 {
			x *= 2 + 4*r.Float64() // a burst: a deployment, a scan, a batch job
		}
		w[k] = x
		sw[k] = math.Sqrt(x)
		totalSW += sw[k]
	}
	mean := bytes / slotsDay
	mean = math.Max(lowTarget, math.Min(hiTarget, mean))
	nf := int(math.Round(bytes / mean))
	if nf < 1 {
		nf = 1
	}
	// Systematic sampling over sqrt weights: file count and file size both
	// follow the square root, so bytes per slot follow the weight.
	slot := make([]int, nf)
	u := r.Float64()
	k, cum := 0, sw[0]
	for i := 0; i < nf; i++ {
		pos := (float64(i) + u) / float64(nf) * totalSW
		for cum < pos && k < slotsDay-1 {
			k++
			cum += sw[k]
		}
		slot[i] = k
	}
	sum := 0.0
	for _, k := range slot {
		sum += sw[k]
	}
	out := make([]fileJob, 0, nf)
	for i, k := range slot {
		size := bytes * sw[k] / sum
		size = math.Min(size, maxFile)
		if size < minFile && bytes >= minFile {
			size = minFile
		}
		f := j
		f.idx = i
		slotStart := dayStart + int64(k*slotSec)
		f.we = slotStart + slotSec
		f.ws = slotStart - int64(r.IntN(600))
		if f.ws < dayStart {
			f.ws = dayStart
		}
		f.stamp = min(slotStart+slotSec, dayStart+86400-slotSec)
		f.target = int(size)
		out = append(out, f)
	}
	return out
}
