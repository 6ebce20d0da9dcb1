package gen

import (
	"testing"
	"time"
)

func TestPlanBusyDay(t *testing.T) {
	day := time.Date(2025, 1, 7, 0, 0, 0, 0, time.UTC).Unix() / 86400
	const bytes = 3e9
	files := planStreamDay(newRand(1), fileJob{day: day}, bytes, 3600, false)
	var total float64
	perStamp := map[int64]int{}
	var night, noon int
	for i, f := range files {
		total += float64(f.target)
		if f.target > maxFile || f.target < minFile {
			t.Fatalf("file %d: %d bytes", i, f.target)
		}
		if f.ws < day*86400 || f.we > (day+1)*86400 || f.ws >= f.we || f.stamp%60 != 0 {
			t.Fatalf("file %d: window [%d,%d) stamp %d outside the day", i, f.ws, f.we, f.stamp)
		}
		if i > 0 && f.stamp < files[i-1].stamp {
			t.Fatalf("files not in delivery order")
		}
		perStamp[f.stamp]++
		switch h := (f.stamp - day*86400) / 3600; {
		case h >= 1 && h < 4:
			night += f.target
		case h >= 10 && h < 13:
			noon += f.target
		}
	}
	if total < 0.95*bytes || total > 1.05*bytes {
		t.Errorf("planned %v bytes, want %v", total, bytes)
	}
	shared := 0
	for _, n := range perStamp {
		if n > 1 {
			shared++
		}
	}
	if shared == 0 {
		t.Error("a busy day should put several files on one stamp")
	}
	if noon < night*3/2 {
		t.Errorf("daily rhythm: %d bytes around noon, %d at night", noon, night)
	}
}

func TestPlanQuietDay(t *testing.T) {
	day := int64(20000)
	files := planStreamDay(newRand(2), fileJob{day: day}, 200_000, 0, true)
	if len(files) < 1 || len(files) > 4 {
		t.Errorf("quiet day: %d files for 200 KB", len(files))
	}
	files = planStreamDay(newRand(2), fileJob{day: day}, 3_000, 0, true)
	if len(files) != 1 || files[0].target != 3000 {
		t.Errorf("tiny day: %+v", files)
	}
}

func TestTimeFormatting(t *testing.T) {
	for _, ts := range []int64{0, 951782400, 1709164799, 1735689600, 4102444799} {
		want := time.Unix(ts, 0).UTC()
		if got := string(appendTime(nil, ts)); got != want.Format("2006-01-02T15:04:05Z") {
			t.Errorf("appendTime(%d) = %s, want %s", ts, got, want.Format(time.RFC3339))
		}
		if got := string(appendStamp(nil, ts, true)); got != want.Format("20060102T150405") {
			t.Errorf("appendStamp(%d) = %s", ts, got)
		}
		if got := string(appendDatePath(nil, ts/86400)); got != want.Format("2006/01/02") {
			t.Errorf("appendDatePath(%d) = %s", ts, got)
		}
		if got := string(appendSTSExpiration(nil, ts)); got != want.Format("Jan 2, 2006, 3:04:05 PM") {
			t.Errorf("appendSTSExpiration(%d) = %s", ts, got)
		}
	}
}

func TestEscaping(t *testing.T) {
	for in, want := range map[string]string{
		`plain`:         `plain`,
		"a\"b\\c":       `a\"b\\c`,
		"tab\tnl\n\x01": `tab\tnl\n\u0001`,
		"café 🚀":        "café 🚀",
	} {
		if got := string(appendEscaped(nil, in)); got != want {
			t.Errorf("appendEscaped(%q) = %s, want %s", in, got, want)
		}
	}
}
