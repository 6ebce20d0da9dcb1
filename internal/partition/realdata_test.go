package partition

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// realDelivery is a real CloudTrail delivery (see shared/realdata/README.md).
var realDelivery = filepath.Join("..", "..", "..", "shared", "realdata", "invictus-ir_aws_dataset", "CloudTrail")

// TestRealCloudTrailDelivery projects the partitions of an organization
// trail table over the real delivery: every log file, named
// <account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<id>.json, must fall in the
// partition its name designates, and every record's eventTime must select
// that partition.
func TestRealCloudTrailDelivery(t *testing.T) {
	entries, err := os.ReadDir(realDelivery)
	if err != nil {
		t.Skipf("real data not available: %v", err)
	}
	p := mustParse(t, map[string]string{
		"projection.enabled":                 "true",
		"projection.account.type":            "injected",
		"projection.region.type":             "enum",
		"projection.region.values":           "us-east-1,us-east-2,us-west-1,us-west-2,eu-west-1,eu-central-1,ap-southeast-2",
		"projection.timestamp.type":          "date",
		"projection.timestamp.format":        "yyyy/MM/dd",
		"projection.timestamp.range":         "2023/01/01,NOW",
		"projection.timestamp.interval":      "1",
		"projection.timestamp.interval.unit": "DAYS",
		"storage.location.template":          "s3://trail-bucket/AWSLogs/${account}/CloudTrail/${region}/${timestamp}",
	}, []Column{{"account", varchar}, {"region", varchar}, {"timestamp", varchar}}, "s3://trail-bucket/AWSLogs/")

	files, records := 0, 0
	for _, e := range entries {
		name := e.Name()
		f := strings.Split(name, "_")
		if len(f) != 5 || f[1] != "CloudTrail" {
			continue
		}
		files++
		account, region, stamp := f[0], f[2], f[3]
		day := stamp[0:4] + "/" + stamp[4:6] + "/" + stamp[6:8]
		parts, err := p.Partitions([]Hint{{In: []any{account}}, {In: []any{region}}, {In: []any{day}}})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(parts) != 1 {
			t.Fatalf("%s: partitions %v, want one", name, parts)
		}
		want := "s3://trail-bucket/AWSLogs/" + account + "/CloudTrail/" + region + "/" + day
		if loc := p.Location(parts[0]); loc != want {
			t.Errorf("%s: Location = %q, want %q", name, loc, want)
		}
		if back, ok := ParseHivePath(p.Columns(), HivePath(p.Columns(), parts[0])); !ok || strings.Join(back, "|") != strings.Join(parts[0], "|") {
			t.Errorf("%s: Hive path round trip gave %q", name, back)
		}

		data, err := os.ReadFile(filepath.Join(realDelivery, name))
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Records []struct {
				EventTime string `json:"eventTime"`
				AWSRegion string `json:"awsRegion"`
			}
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, r := range doc.Records {
			records++
			et, err := time.Parse(time.RFC3339, r.EventTime)
			if err != nil {
				t.Fatalf("%s: eventTime %q: %v", name, r.EventTime, err)
			}
			// timestamp >= date_format(eventTime, '%Y/%m/%d') AND timestamp < the next day
			lo := et.UTC().Format("2006/01/02")
			hi := et.UTC().AddDate(0, 0, 1).Format("2006/01/02")
			vals := mustValues(t, p, 2, Hint{Lo: lo, LoInclusive: true, Hi: hi})
			if len(vals) != 1 || vals[0] != day {
				t.Fatalf("%s: record at %s selects %v, want [%s]", name, r.EventTime, vals, day)
			}
			if got := mustValues(t, p, 1, Hint{In: []any{r.AWSRegion}}); len(got) != 1 || got[0] != region {
				t.Fatalf("%s: record region %q selects %v", name, r.AWSRegion, got)
			}
		}
	}
	if files != 55 || records != 2900 {
		t.Errorf("read %d files and %d records, want 55 and 2900", files, records)
	}
}
