package catalog

import (
	"fmt"
	"testing"
)

// hundredK returns 100,000 CloudTrail-style partitions: 10 accounts × 10
// regions × 1,000 days.
func hundredK() []Partition {
	parts := make([]Partition, 0, 100_000)
	for a := 0; a < 10; a++ {
		for r := 0; r < 10; r++ {
			for d := 0; d < 1000; d++ {
				acct, region := fmt.Sprintf("1234567890%02d", a), fmt.Sprintf("region-%d", r)
				y, m, day := fmt.Sprint(2020+d/360), fmt.Sprintf("%02d", d/30%12+1), fmt.Sprintf("%02d", d%30+1)
				parts = append(parts, Partition{Values: []string{acct, region, y, m, day},
					Location: "s3://bucket/AWSLogs/" + acct + "/CloudTrail/" + region + "/" + y + "/" + m + "/" + day + "/"})
			}
		}
	}
	return parts
}

func BenchmarkAddPartitions100k(b *testing.B) {
	parts := hundredK()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		c, _ := openTemp(b)
		if err := c.CreateTable(ctx, cloudTrailTable("default", "ct"), false); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		n, err := c.AddPartitions(ctx, "default", "ct", parts, false)
		if err != nil || n != len(parts) {
			b.Fatalf("added %d, %v", n, err)
		}
	}
}

func BenchmarkAddPartitions100kIfNotExistsAllPresent(b *testing.B) {
	parts := hundredK()
	c, _ := openTemp(b)
	if err := c.CreateTable(ctx, cloudTrailTable("default", "ct"), false); err != nil {
		b.Fatal(err)
	}
	if _, err := c.AddPartitions(ctx, "default", "ct", parts, false); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n, err := c.AddPartitions(ctx, "default", "ct", parts, true)
		if err != nil || n != 0 {
			b.Fatalf("added %d, %v", n, err)
		}
	}
}

func BenchmarkPartitions100k(b *testing.B) {
	parts := hundredK()
	c, _ := openTemp(b)
	if err := c.CreateTable(ctx, cloudTrailTable("default", "ct"), false); err != nil {
		b.Fatal(err)
	}
	if _, err := c.AddPartitions(ctx, "default", "ct", parts, false); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ps, err := c.Partitions(ctx, "default", "ct")
		if err != nil || len(ps) != len(parts) {
			b.Fatalf("listed %d, %v", len(ps), err)
		}
	}
}

func BenchmarkDropTable100k(b *testing.B) {
	parts := hundredK()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		c, _ := openTemp(b)
		if err := c.CreateTable(ctx, cloudTrailTable("default", "ct"), false); err != nil {
			b.Fatal(err)
		}
		if _, err := c.AddPartitions(ctx, "default", "ct", parts, false); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := c.DropTable(ctx, "default", "ct", false); err != nil {
			b.Fatal(err)
		}
	}
}
