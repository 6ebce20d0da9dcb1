package gen

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sync"

	"github.com/klauspost/compress/gzip"
)

// runState collects finished log files and writes the hourly digests of
// each account/region as soon as a day of that stream is complete.
type runState struct {
	o       *runCtx
	mu      sync.Mutex
	stats   Stats
	streams []*streamState
	zw      *gzip.Writer
	zbuf    bytes.Buffer
	js      []byte
	// pendingErr keeps a digest error hit on the planner goroutine.
	pendingErr error
}

type streamState struct {
	ai, ri      int
	acct        string
	region      string
	days        []dayState
	next        int // first day whose digests are not written yet
	pending     []fileResult
	prev        *prevDigest
	off         int64  // seconds past the hour at which digests end
	fingerprint string // digestPublicKeyFingerprint of the region
}

type dayState struct {
	expected, got int
	known         bool
	results       []fileResult
}

type prevDigest struct {
	key  string
	hash [32]byte
	sig  string
}

func newRunState(o *runCtx) *runState {
	rs := &runState{o: o}
	rs.zw, _ = gzip.NewWriterLevel(nil, gzipLevel)
	for ai, acct := range o.opts.Accounts {
		for ri, region := range o.opts.Regions {
			r := newRand(uint64(o.opts.Seed), domDigest, hashString(acct), hashString(region))
			rs.streams = append(rs.streams, &streamState{
				ai: ai, ri: ri, acct: acct, region: region,
				days:        make([]dayState, o.opts.Days),
				off:         int64(60 + r.IntN(3500)),
				fingerprint: string(appendHex(nil, newRand(uint64(o.opts.Seed), domDigest, hashString(region)), 32)),
			})
		}
	}
	return rs
}

// expect records how many files stream s has on day d; it is called before
// any of them is dispatched.
func (rs *runState) expect(s, d, n int) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	st := rs.streams[s]
	st.days[d].expected = n
	st.days[d].known = true
	if err := rs.advance(st); err != nil && rs.pendingErr == nil {
		rs.pendingErr = err
	}
}

// done records a finished log file.
func (rs *runState) done(j fileJob, res fileResult) error {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.stats.Files++
	rs.stats.Records += res.n
	rs.stats.UncompressedBytes += res.raw
	rs.stats.CompressedBytes += res.gz
	st := rs.streams[j.acct*len(rs.o.opts.Regions)+j.reg]
	ds := &st.days[j.dayIdx]
	ds.results = append(ds.results, res)
	ds.got++
	if rs.pendingErr != nil {
		return rs.pendingErr
	}
	return rs.advance(st)
}

// advance writes the digests of every complete day, in order.
func (rs *runState) advance(st *streamState) error {
	for st.next < len(st.days) {
		ds := &st.days[st.next]
		if !ds.known || ds.got < ds.expected {
			return nil
		}
		st.pending = append(st.pending, ds.results...)
		ds.results = nil
		if err := rs.digestDay(st, rs.o.start+int64(st.next)); err != nil {
			return err
		}
		st.next++
	}
	return nil
}

func (rs *runState) digestDay(st *streamState, day int64) error {
	slices.SortFunc(st.pending, func(a, b fileResult) int {
		if a.stamp != b.stamp {
			if a.stamp < b.stamp {
				return -1
			}
			return 1
		}
		return a.idx - b.idx
	})
	dayStart := day * 86400
	for h := int64(0); h < 24; h++ {
		end := dayStart + h*3600 + st.off
		if rs.o.now != 0 && end > rs.o.now {
			break
		}
		i := 0
		for i < len(st.pending) && st.pending[i].stamp <= end {
			i++
		}
		if err := rs.writeDigest(st, end-3600, end, st.pending[:i]); err != nil {
			return err
		}
		st.pending = append(st.pending[:0], st.pending[i:]...)
	}
	return nil
}

func (rs *runState) writeDigest(st *streamState, start, end int64, files []fileResult) error {
	o := rs.o
	key := make([]byte, 0, 160)
	key = append(key, "AWSLogs/"...)
	key = append(key, st.acct...)
	key = append(key, "/CloudTrail-Digest/"...)
	key = append(key, st.region...)
	key = append(key, '/')
	key = appendDatePath(key, end/86400)
	key = append(key, '/')
	key = append(key, st.acct...)
	key = append(key, "_CloudTrail-Digest_"...)
	key = append(key, st.region...)
	key = append(key, '_')
	key = append(key, o.trail...)
	key = append(key, '_')
	key = append(key, o.home...)
	key = append(key, '_')
	key = appendStamp(key, end, true)
	key = append(key, "Z.json.gz"...)

	b := rs.js[:0]
	b = append(b, `{"awsAccountId":"`...)
	b = append(b, st.acct...)
	b = append(b, `","digestStartTime":"`...)
	b = appendTime(b, start)
	b = append(b, `","digestEndTime":"`...)
	b = appendTime(b, end)
	b = append(b, `","digestS3Bucket":"`...)
	b = append(b, o.bucket...)
	b = append(b, `","digestS3Object":"`...)
	b = append(b, key...)
	b = append(b, `","digestPublicKeyFingerprint":"`...)
	b = append(b, st.fingerprint...)
	b = append(b, `","digestSignatureAlgorithm":"SHA256withRSA","newestEventTime":`...)
	var oldest, newest int64
	for i, f := range files {
		if i == 0 || f.oldest < oldest {
			oldest = f.oldest
		}
		if i == 0 || f.newest > newest {
			newest = f.newest
		}
	}
	if len(files) == 0 {
		b = append(b, `null,"oldestEventTime":null`...)
	} else {
		b = append(b, '"')
		b = appendTime(b, newest)
		b = append(b, `","oldestEventTime":"`...)
		b = appendTime(b, oldest)
		b = append(b, '"')
	}
	if st.prev == nil {
		b = append(b, `,"previousDigestS3Bucket":null,"previousDigestS3Object":null,"previousDigestHashValue":null,"previousDigestHashAlgorithm":null,"previousDigestSignature":null`...)
	} else {
		b = append(b, `,"previousDigestS3Bucket":"`...)
		b = append(b, o.bucket...)
		b = append(b, `","previousDigestS3Object":"`...)
		b = append(b, st.prev.key...)
		b = append(b, `","previousDigestHashValue":"`...)
		b = hex.AppendEncode(b, st.prev.hash[:])
		b = append(b, `","previousDigestHashAlgorithm":"SHA-256","previousDigestSignature":"`...)
		b = append(b, st.prev.sig...)
		b = append(b, '"')
	}
	b = append(b, `,"logFiles":[`...)
	for i, f := range files {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"s3Bucket":"`...)
		b = append(b, o.bucket...)
		b = append(b, `","s3Object":"`...)
		b = append(b, f.key...)
		b = append(b, `","hashValue":"`...)
		b = hex.AppendEncode(b, f.hash[:])
		b = append(b, `","hashAlgorithm":"SHA-256","newestEventTime":"`...)
		b = appendTime(b, f.newest)
		b = append(b, `","oldestEventTime":"`...)
		b = appendTime(b, f.oldest)
		b = append(b, `"}`...)
	}
	b = append(b, "]}"...)
	rs.js = b

	rs.zbuf.Reset()
	rs.zw.Reset(&rs.zbuf)
	if _, err := rs.zw.Write(b); err != nil {
		return fmt.Errorf("cannot compress object %s: %w", key, err)
	}
	if err := rs.zw.Close(); err != nil {
		return fmt.Errorf("cannot compress object %s: %w", key, err)
	}
	if err := writeObject(o.opts.Out, string(key), rs.zbuf.Bytes()); err != nil {
		return err
	}
	sig := appendHex(nil, newRand(uint64(o.opts.Seed), domDigest, hashString(st.acct), hashString(st.region), uint64(end)), 512)
	st.prev = &prevDigest{key: string(key), hash: sha256.Sum256(b), sig: string(sig)}
	rs.stats.DigestFiles++
	return nil
}

// writeOdd writes the objects real trail buckets hold beside the logs: AWS
// Config's zero-byte ConfigWritabilityCheckFile in each account, and one
// zero-byte object with a log file's name in the first day folder.
func (rs *runState) writeOdd() error {
	if rs.pendingErr != nil {
		return rs.pendingErr
	}
	o := rs.o
	for _, acct := range o.opts.Accounts {
		if err := writeObject(o.opts.Out, "AWSLogs/"+acct+"/Config/ConfigWritabilityCheckFile", nil); err != nil {
			return err
		}
		rs.stats.OddFiles++
	}
	r := newRand(uint64(o.opts.Seed), domOdd)
	id := appendRandChars(nil, r, alnum, 16)
	day := o.start
	stamp := day*86400 + 6*3600 + int64(r.IntN(12))*300
	key := logKey(o.opts.Accounts[0], o.opts.Regions[0], day, stamp, id)
	if err := writeObject(o.opts.Out, key, nil); err != nil {
		return err
	}
	rs.stats.OddFiles++
	return nil
}

// EmptyObjectKey returns the key of the zero-byte object Generate writes
// among the log files, so that tests can tell it from real log files.
func EmptyObjectKey(opts Options) (string, error) {
	opts, err := normalize(opts)
	if err != nil {
		return "", err
	}
	r := newRand(uint64(opts.Seed), domOdd)
	id := appendRandChars(nil, r, alnum, 16)
	day := opts.Start.Unix() / 86400
	stamp := day*86400 + 6*3600 + int64(r.IntN(12))*300
	return logKey(opts.Accounts[0], opts.Regions[0], day, stamp, id), nil
}
