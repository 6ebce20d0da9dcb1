package audit

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkJournalAppend measures durable appends from 20 concurrent
// callers (10 per core on 2 cores), as API requests make them: each
// returns only after its event is fsynced, commits being shared.
func BenchmarkJournalAppend(b *testing.B) {
	j, err := OpenJournal(b.TempDir() + "/events.db")
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	var n atomic.Int64
	now := time.Now()
	b.SetParallelism(10)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := int(n.Add(1))
			if err := j.Append(context.Background(), event(i, now, "GetQueryExecution", "u", "us-east-1")); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
