package exec

import (
	"context"
	"sort"
	"strings"
	"sync"

	"trawl/internal/storage"
)

// walkMinPartitions is the number of candidate partitions from which the
// scan finds the existing ones by walking folders instead of listing each
// candidate. Partition projection over 'projection.timestamp.range' =
// '2020/01/01,NOW' gives thousands of candidate days; a bucket holds
// some of them. Listing each is a request per day (thousands of requests
// on S3); walking costs one delimiter listing per existing folder on the
// way down (a few dozen).
const walkMinPartitions = 64

// walkParallel bounds the folder listings of one walk in flight at once.
const walkParallel = 8

// existingPartitions returns the partitions among parts whose location
// exists, in the order given, when the store can list folders and there
// are enough candidates to be worth it; otherwise parts unchanged.
// Partitions outside every walked folder tree are kept (listed as before).
func (op *scanOp) existingPartitions(ctx context.Context, parts []Partition) ([]Partition, error) {
	if len(parts) < walkMinPartitions {
		return parts, nil
	}
	// Group the candidates by bucket.
	type group struct {
		loc      storage.Location // the bucket (Key empty)
		lister   storage.DirLister
		prefixes []string
		idx      map[string][]int
	}
	groups := map[string]*group{}
	keep := make([]bool, len(parts))
	for i, p := range parts {
		loc, err := storage.ParseLocation(p.Location)
		if err != nil {
			return nil, err
		}
		dl, ok := op.env.Store.DirLister(loc)
		if !ok {
			keep[i] = true
			continue
		}
		id := loc.Scheme + "://" + loc.Bucket
		g := groups[id]
		if g == nil {
			g = &group{loc: storage.Location{Scheme: loc.Scheme, Bucket: loc.Bucket}, lister: dl, idx: map[string][]int{}}
			groups[id] = g
		}
		pre := loc.DirPrefix()
		if _, seen := g.idx[pre]; !seen {
			g.prefixes = append(g.prefixes, pre)
		}
		g.idx[pre] = append(g.idx[pre], i)
	}
	for _, g := range groups {
		sort.Strings(g.prefixes)
		w := &folderWalk{ctx: ctx, lister: g.lister, bucket: g.loc.Bucket, stats: op.env.Stats, sem: make(chan struct{}, walkParallel)}
		root := commonFolder(g.prefixes)
		w.walk(root, g.prefixes)
		w.wg.Wait()
		if w.err != nil {
			return nil, storage.Describe("cannot list", g.loc.Child(root), w.err)
		}
		for _, pre := range w.found {
			for _, i := range g.idx[pre] {
				keep[i] = true
			}
		}
	}
	var out []Partition
	for i, p := range parts {
		if keep[i] {
			out = append(out, p)
		}
	}
	return out, nil
}

// commonFolder returns the longest folder prefix ("" or ending in "/")
// shared by sorted prefixes.
func commonFolder(sorted []string) string {
	first, last := sorted[0], sorted[len(sorted)-1]
	n := 0
	for n < len(first) && n < len(last) && first[n] == last[n] {
		n++
	}
	return first[:strings.LastIndexByte(first[:n], '/')+1]
}

// folderWalk descends from a folder to the candidate prefixes under it,
// listing a folder's sub-folders only where it has more than one
// candidate child, and only descending into those that exist.
type folderWalk struct {
	ctx    context.Context
	lister storage.DirLister
	bucket string
	stats  *Stats
	sem    chan struct{}
	wg     sync.WaitGroup

	mu    sync.Mutex
	found []string
	err   error
}

func (w *folderWalk) fail(err error) {
	w.mu.Lock()
	if w.err == nil {
		w.err = err
	}
	w.mu.Unlock()
}

// walk handles folder dir and the sorted candidate prefixes under it.
func (w *folderWalk) walk(dir string, cands []string) {
	if w.ctx.Err() != nil {
		w.fail(w.ctx.Err())
		return
	}
	if cands[0] == dir {
		// A candidate itself: its listing covers anything under it.
		w.mu.Lock()
		w.found = append(w.found, dir)
		w.mu.Unlock()
		return
	}
	// The candidates' next folders, each with its run of candidates.
	type child struct {
		dir   string
		cands []string
	}
	var children []child
	for i := 0; i < len(cands); {
		rest := cands[i][len(dir):]
		next := dir + rest[:strings.IndexByte(rest, '/')+1]
		j := i + 1
		for j < len(cands) && strings.HasPrefix(cands[j], next) {
			j++
		}
		children = append(children, child{next, cands[i:j]})
		i = j
	}
	if len(children) > 1 {
		exists := map[string]bool{}
		w.stats.FoldersListed.Add(1)
		err := w.lister.ListDirs(w.ctx, w.bucket, dir, func(d string) error {
			exists[d] = true
			return nil
		})
		if err != nil {
			w.fail(err)
			return
		}
		kept := children[:0]
		for _, c := range children {
			if exists[c.dir] {
				kept = append(kept, c)
			}
		}
		children = kept
	}
	for _, c := range children {
		select {
		case w.sem <- struct{}{}:
			w.wg.Add(1)
			go func() {
				defer w.wg.Done()
				w.walk(c.dir, c.cands)
				<-w.sem
			}()
		default:
			w.walk(c.dir, c.cands)
		}
	}
}
