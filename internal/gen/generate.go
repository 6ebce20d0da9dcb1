package gen

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"
)

// Options configure Generate.
type Options struct {
	Out      string    // folder that plays the bucket root: files go to Out/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/...
	Accounts []string  // 12-digit account ids (default ["123456789012"])
	Regions  []string  // default ["us-east-1"]
	Start    time.Time // first day (UTC midnight); zero: the day of Now minus Days-1, or 2025-01-01 without Now
	Days     int       // number of days (default 1)
	SizeMB   float64   // approximate total uncompressed JSON volume of the log files in MB (10^6 bytes) (default 10)
	Seed     int64     // same seed + options => byte-identical output
	Workers  int       // parallelism; 0 = GOMAXPROCS. Output does not depend on it.
	Now      time.Time // optional clock: when set, nothing is written after it (the last day is cut at Now)
}

// Stats describe what Generate wrote. Files, Records and the byte counts
// cover the CloudTrail log files only; DigestFiles counts CloudTrail-Digest
// files; OddFiles counts the ConfigWritabilityCheckFile objects and the
// zero-byte object.
type Stats struct {
	Files, DigestFiles, OddFiles       int
	Records                            int64
	UncompressedBytes, CompressedBytes int64
}

// gzipLevel is the default level, as CloudTrail's own files; generation
// stays near 100 MB/s per core with it (BestSpeed would give ~140 MB/s).
const gzipLevel = gzip.DefaultCompression

var (
	accountRE = regexp.MustCompile(`^[0-9]{12}$`)
	regionRE  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
)

// runCtx is what every worker shares, read-only once built.
type runCtx struct {
	opts     Options
	ips      *ipPool
	worlds   []*world
	rkinds   [][2]*regionKinds // [account][global?]
	tables   map[uint64]*evTable
	bucket   string
	trail    string
	home     string // the trail's home region
	globalRg string // region that receives global service events
	start    int64  // first day, days since epoch
	now      int64  // unix seconds; 0 = no clock
}

func tableKey(mask uint32, global bool) uint64 {
	k := uint64(mask) << 1
	if global {
		k |= 1
	}
	return k
}

func (o *runCtx) table(mask uint32, global bool) *evTable { return o.tables[tableKey(mask, global)] }

// ensureTable builds the table while the context is being set up.
func (o *runCtx) ensureTable(mask uint32, global bool) *evTable {
	t := o.tables[tableKey(mask, global)]
	if t == nil {
		t = buildTable(mask, global)
		o.tables[tableKey(mask, global)] = t
	}
	return t
}

func normalize(opts Options) (Options, error) {
	if opts.Out == "" {
		return opts, errors.New("no output folder given")
	}
	if len(opts.Accounts) == 0 {
		opts.Accounts = []string{"123456789012"}
	}
	if len(opts.Regions) == 0 {
		opts.Regions = []string{"us-east-1"}
	}
	seen := map[string]bool{}
	for _, a := range opts.Accounts {
		if !accountRE.MatchString(a) {
			return opts, fmt.Errorf("invalid account id %q: must be 12 digits", a)
		}
		if seen[a] {
			return opts, fmt.Errorf("account id %q given twice", a)
		}
		seen[a] = true
	}
	for _, r := range opts.Regions {
		if !regionRE.MatchString(r) {
			return opts, fmt.Errorf("invalid region %q: expected a name like us-east-1", r)
		}
		if seen[r] {
			return opts, fmt.Errorf("region %q given twice", r)
		}
		seen[r] = true
	}
	if opts.Days < 0 {
		return opts, fmt.Errorf("invalid number of days %d: must not be negative", opts.Days)
	}
	if opts.Days == 0 {
		opts.Days = 1
	}
	if opts.SizeMB < 0 || opts.SizeMB != opts.SizeMB {
		return opts, fmt.Errorf("invalid size %v MB: must not be negative", opts.SizeMB)
	}
	if opts.SizeMB == 0 {
		opts.SizeMB = 10
	}
	if opts.Workers < 0 {
		return opts, fmt.Errorf("invalid number of workers %d: must not be negative", opts.Workers)
	}
	if opts.Workers == 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.Start.IsZero() {
		if !opts.Now.IsZero() {
			n := opts.Now.UTC()
			opts.Start = time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -(opts.Days - 1))
		} else {
			opts.Start = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		}
	}
	s := opts.Start.UTC()
	opts.Start = time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, time.UTC)
	return opts, nil
}

func newRunCtx(opts Options) *runCtx {
	o := &runCtx{opts: opts, tables: map[uint64]*evTable{}}
	o.start = opts.Start.Unix() / 86400
	if !opts.Now.IsZero() {
		o.now = opts.Now.Unix()
	}
	o.ips = newIPPool(opts.Seed)
	o.globalRg = opts.Regions[0]
	for _, r := range opts.Regions {
		if r == "us-east-1" {
			o.globalRg = r
		}
	}
	o.home = o.globalRg
	r := newRand(uint64(opts.Seed), domDigest)
	o.bucket = "aws-cloudtrail-logs-" + opts.Accounts[0] + "-" + randChars(r, "0123456789abcdef", 8)
	o.trail = pickStr(r, []string{"management-events", "cloudtrail-main", "security-trail", "org-audit-trail"})

	for _, acct := range opts.Accounts {
		w := newWorld(opts.Seed, acct, o.ips, opts.Regions)
		o.worlds = append(o.worlds, w)
		var rk [2]*regionKinds
		for gi, global := range []bool{false, true} {
			var kinds []actorKind
			var wts []float64
			for k := actorKind(0); k < numKinds; k++ {
				ok := false
				for _, a := range w.actors[k] {
					if len(o.ensureTable(a.mask, global).specs) > 0 {
						ok = true
					}
				}
				if ok && kindWeights[k] > 0 {
					kinds = append(kinds, k)
					wts = append(wts, kindWeights[k])
				}
			}
			rk[gi] = &regionKinds{ch: newChooser(wts), kinds: kinds}
		}
		o.rkinds = append(o.rkinds, rk)
	}
	return o
}

// Generate writes a deterministic CloudTrail trail under opts.Out.
func Generate(ctx context.Context, opts Options) (Stats, error) {
	opts, err := normalize(opts)
	if err != nil {
		return Stats{}, err
	}
	o := newRunCtx(opts)
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return Stats{}, fmt.Errorf("cannot create output folder %s: %w", opts.Out, err)
	}

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	run := newRunState(o)

	jobs := make(chan fileJob, 4*opts.Workers)
	var wg sync.WaitGroup
	for i := 0; i < opts.Workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wk := newWorker(o)
			for j := range jobs {
				if ctx.Err() != nil {
					continue
				}
				res, err := wk.do(j)
				if err == nil {
					err = run.done(j, res)
				}
				if err != nil {
					cancel(err)
				}
			}
		}()
	}

	// Plan day by day (day-major, so digests and memory advance together).
	nS := len(opts.Accounts) * len(opts.Regions)
	weights := make([]float64, 0, opts.Days*nS)
	total := 0.0
	for d := 0; d < opts.Days; d++ {
		dw := dayWeight(opts.Seed, o.start+int64(d))
		for ai, acct := range opts.Accounts {
			for _, region := range opts.Regions {
				x := dw * streamWeight(opts.Seed, ai, acct, region, region == o.globalRg)
				weights = append(weights, x)
				total += x
			}
		}
	}
	totalBytes := opts.SizeMB * 1e6
planning:
	for d := 0; d < opts.Days; d++ {
		day := o.start + int64(d)
		wd := (day + 4) % 7
		for ai, acct := range opts.Accounts {
			for ri, region := range opts.Regions {
				sd := d*nS + ai*len(opts.Regions) + ri
				r := newRand(uint64(opts.Seed), domPlan, hashString(acct), hashString(region), uint64(day))
				base := fileJob{acct: ai, reg: ri, dayIdx: d, day: day}
				files := planStreamDay(r, base, totalBytes*weights[sd]/total, o.worlds[ai].tzOffset, wd == 0 || wd == 6)
				if o.now != 0 {
					files = clipToNow(files, o.now)
				}
				run.expect(ai*len(opts.Regions)+ri, d, len(files))
				for _, f := range files {
					select {
					case jobs <- f:
					case <-ctx.Done():
						break planning
					}
				}
			}
		}
	}
	close(jobs)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return run.stats, err
	}
	if err := run.writeOdd(); err != nil {
		return run.stats, err
	}
	return run.stats, nil
}

// clipToNow drops the files delivered after now and keeps every event at
// or before it.
func clipToNow(files []fileJob, now int64) []fileJob {
	kept := files[:0]
	for _, f := range files {
		if f.stamp > now {
			continue
		}
		if f.we > now+1 {
			f.we = now + 1
		}
		if f.ws >= f.we {
			f.ws = f.we - 1
		}
		kept = append(kept, f)
	}
	return kept
}

// fileResult is what the digest of a log file needs.
type fileResult struct {
	key            string
	hash           [32]byte
	stamp          int64
	idx            int
	oldest, newest int64
	n, raw, gz     int64 // records, uncompressed and compressed bytes
}

type worker struct {
	o   *runCtx
	g   *gen
	zw  *gzip.Writer
	buf bytes.Buffer
}

func newWorker(o *runCtx) *worker {
	zw, _ := gzip.NewWriterLevel(nil, gzipLevel)
	return &worker{o: o, g: newGen(o), zw: zw}
}

// logKey returns the object key of a log file.
func logKey(acct, region string, day, stamp int64, id []byte) string {
	b := make([]byte, 0, 128)
	b = append(b, "AWSLogs/"...)
	b = append(b, acct...)
	b = append(b, "/CloudTrail/"...)
	b = append(b, region...)
	b = append(b, '/')
	b = appendDatePath(b, day)
	b = append(b, '/')
	b = append(b, acct...)
	b = append(b, "_CloudTrail_"...)
	b = append(b, region...)
	b = append(b, '_')
	b = appendStamp(b, stamp, false)
	b = append(b, "Z_"...)
	b = append(b, id...)
	b = append(b, ".json.gz"...)
	return string(b)
}

func (wk *worker) do(j fileJob) (fileResult, error) {
	o := wk.o
	acct, region := o.opts.Accounts[j.acct], o.opts.Regions[j.reg]
	g := wk.g
	g.r = newRand(uint64(o.opts.Seed), domFile, hashString(acct), hashString(region), uint64(j.day), uint64(j.idx))
	g.w = o.worlds[j.acct]
	g.global = region == o.globalRg
	gi := 0
	if g.global {
		gi = 1
	}
	g.rk = o.rkinds[j.acct][gi]
	g.region = region
	g.ws, g.we = j.ws, j.we
	g.datePrefix = appendTime(g.datePrefix[:0], j.day*86400)[:11]

	var id [16]byte
	for i := range id {
		id[i] = alnum[g.r.IntN(len(alnum))]
	}
	n, oldest, newest := g.fileRecords(j.target)
	key := logKey(acct, region, j.day, j.stamp, id[:])

	wk.buf.Reset()
	wk.zw.Reset(&wk.buf)
	if _, err := wk.zw.Write(g.b); err != nil {
		return fileResult{}, fmt.Errorf("cannot compress object %s: %w", key, err)
	}
	if err := wk.zw.Close(); err != nil {
		return fileResult{}, fmt.Errorf("cannot compress object %s: %w", key, err)
	}
	res := fileResult{key: key, hash: sha256.Sum256(g.b), stamp: j.stamp, idx: j.idx, oldest: oldest, newest: newest,
		n: int64(n), raw: int64(len(g.b)), gz: int64(wk.buf.Len())}
	if err := writeObject(o.opts.Out, key, wk.buf.Bytes()); err != nil {
		return fileResult{}, err
	}
	return res, nil
}

// writeObject writes data at Out/key, creating folders as needed.
func writeObject(out, key string, data []byte) error {
	p := filepath.Join(out, filepath.FromSlash(key))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("cannot create folder for object %s: %w", key, err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return fmt.Errorf("cannot write object %s: %w", key, err)
	}
	return nil
}
