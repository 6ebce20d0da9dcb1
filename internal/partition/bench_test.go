package partition

import (
	"testing"
)

func benchProjection(b *testing.B, kv ...string) *Projection {
	p, err := Parse(props(kv...), []Column{{"dt", varchar}}, "s3://b/t/", now)
	if err != nil || p == nil {
		b.Fatal(err)
	}
	return p
}

func benchValues(b *testing.B, p *Projection, h Hint, want int) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		v, err := p.Values(0, h)
		if err != nil || len(v) != want {
			b.Fatalf("%d values, %v; want %d", len(v), err, want)
		}
	}
}

// A week of the seed table's daily projection since 2020.
func BenchmarkValuesDailyWeek(b *testing.B) {
	p, err := Parse(seedProps(), []Column{{"timestamp", varchar}}, "", now)
	if err != nil {
		b.Fatal(err)
	}
	benchValues(b, p, Hint{Lo: "2025/01/01", Hi: "2025/01/07", HiInclusive: true}, 6)
}

// Every day of the seed table's projection.
func BenchmarkValuesDailyAll(b *testing.B) {
	p, err := Parse(seedProps(), []Column{{"timestamp", varchar}}, "", now)
	if err != nil {
		b.Fatal(err)
	}
	benchValues(b, p, Hint{}, 1901)
}

// A month of an hourly projection over three years.
func BenchmarkValuesHourlyMonth(b *testing.B) {
	p := benchProjection(b, "projection.dt.type", "date", "projection.dt.format", "yyyy/MM/dd/HH",
		"projection.dt.range", "NOW-3YEARS,NOW", "projection.dt.interval", "1", "projection.dt.interval.unit", "HOURS")
	benchValues(b, p, Hint{Lo: "2025/01", Hi: "2025/02"}, 744)
}

// An hour of a per-second projection over a year (31.5 million points).
func BenchmarkValuesSecondsHour(b *testing.B) {
	p := benchProjection(b, "projection.dt.type", "date", "projection.dt.format", "yyyy-MM-dd-HH-mm-ss",
		"projection.dt.range", "NOW-1YEARS,NOW", "projection.dt.interval", "1", "projection.dt.interval.unit", "SECONDS")
	benchValues(b, p, Hint{Lo: "2024-07-01-10", Hi: "2024-07-01-11"}, 3600)
}
