package partition

import (
	"strings"
	"testing"
	"time"
)

func ms(y, mo, d, h, mi, s, milli int) int64 {
	return time.Date(y, time.Month(mo), d, h, mi, s, milli*1e6, time.UTC).UnixMilli()
}

func TestDateFormatRoundTrip(t *testing.T) {
	tests := []struct {
		pattern string
		t       int64
		want    string
	}{
		{"yyyy/MM/dd", ms(2025, 1, 7, 0, 0, 0, 0), "2025/01/07"},
		{"yyyy/MM/dd/HH", ms(2025, 1, 7, 9, 0, 0, 0), "2025/01/07/09"},
		{"yyyyMMdd", ms(2020, 12, 31, 0, 0, 0, 0), "20201231"},
		{"yyyyMM", ms(2017, 3, 1, 0, 0, 0, 0), "201703"},
		{"yyyyMMddHH", ms(2017, 3, 1, 23, 0, 0, 0), "2017030123"},
		{"dd-MM-yyyy", ms(2010, 1, 2, 0, 0, 0, 0), "02-01-2010"},
		{"MM-dd-yyyy", ms(2018, 12, 31, 0, 0, 0, 0), "12-31-2018"},
		{"dd-MM-yyyy-HH-mm-ss", ms(2020, 2, 29, 1, 2, 3, 0), "29-02-2020-01-02-03"},
		{"yyyy-MM-dd'T'HH:mm:ss.SSS", ms(2021, 6, 5, 4, 3, 2, 45), "2021-06-05T04:03:02.045"},
		{"'year='yyyy'/month='MM", ms(2021, 6, 1, 0, 0, 0, 0), "year=2021/month=06"},
		{"yy-M-d", ms(2009, 7, 4, 0, 0, 0, 0), "09-7-4"},
		{"M/d/yyyy H:m", ms(2020, 1, 5, 3, 7, 0, 0), "1/5/2020 3:7"},
		{"MMM yyyy", ms(2020, 9, 1, 0, 0, 0, 0), "Sep 2020"},
		{"MMMM-yyyy", ms(2020, 9, 1, 0, 0, 0, 0), "September-2020"},
		{"uuuu-LL", ms(2020, 9, 1, 0, 0, 0, 0), "2020-09"},
		{"yyyy''MM", ms(2020, 9, 1, 0, 0, 0, 0), "2020'09"},
		{"yyyy-MM-dd HH:mm:ss.SSSSSS", ms(2021, 6, 5, 4, 3, 2, 45), "2021-06-05 04:03:02.045000"},
		{"yyyy-MM-dd HH:mm:ss.S", ms(2021, 6, 5, 4, 3, 2, 945), "2021-06-05 04:03:02.9"},
	}
	for _, tc := range tests {
		f, err := compileDateFormat(tc.pattern)
		if err != nil {
			t.Fatalf("%q: %v", tc.pattern, err)
		}
		if got := f.format(tc.t); got != tc.want {
			t.Errorf("%q: format = %q, want %q", tc.pattern, got, tc.want)
		}
		back, err := f.parse(tc.want)
		if err != nil {
			t.Errorf("%q: parse(%q): %v", tc.pattern, tc.want, err)
			continue
		}
		// The .S pattern keeps only tenths of a second.
		want := tc.t
		if strings.HasSuffix(tc.pattern, ".S") {
			want = want / 100 * 100
		}
		if back != want {
			t.Errorf("%q: parse(%q) = %v, want %v", tc.pattern, tc.want, time.UnixMilli(back).UTC(), time.UnixMilli(want).UTC())
		}
	}
}

func TestDateFormatParseErrors(t *testing.T) {
	tests := []struct{ pattern, in, wantErr string }{
		{"yyyy-MM-dd", "2020-13-01", "month 13 is out of range"},
		{"yyyy-MM-dd", "2020-02-30", "day 30 is out of range"},
		{"yyyy-MM-dd", "2021-02-29", "day 29 is out of range"},
		{"yyyy-MM-dd", "2020-1-01", "expected 2 digits"},
		{"yyyy-MM-dd", "2020-01-01x", "unexpected text"},
		{"yyyy-MM-dd", "2020/01/01", `expected "-"`},
		{"yyyy/MM/dd/HH", "2020/01/01/24", "hour 24 is out of range"},
		{"HH:mm", "10:60", "minute 60 is out of range"},
		{"MMM yyyy", "sep 2020", "month name"},
		{"yyyy-MM-dd", "", "expected at least 4 digits"},
		{"yyyy-MM-dd", "9999999999-01-01", "year 9999999999 is out of range"},
	}
	for _, tc := range tests {
		f, err := compileDateFormat(tc.pattern)
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.parse(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%q parse %q: err = %v, want %q", tc.pattern, tc.in, err, tc.wantErr)
		}
	}
}

func TestDateFormatCompileErrors(t *testing.T) {
	tests := []struct{ pattern, wantErr string }{
		{"yyyy-MM-dd E", "unsupported pattern letter 'E'"},
		{"yyyy-MM-dd hh", "unsupported pattern letter 'h'"},
		{"yyyy-MM-dd'T", "unterminated quoted text"},
		{"yyyy-ddd", "too many pattern letters"},
		{"yyyy[-MM]", "unsupported character '['"},
		{"yyyy-MM-yyyy", "appears twice"},
		{"", "empty date format"},
	}
	for _, tc := range tests {
		_, err := compileDateFormat(tc.pattern)
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%q: err = %v, want %q", tc.pattern, err, tc.wantErr)
		}
	}
}

func TestDateFormatProperties(t *testing.T) {
	tests := []struct {
		pattern string
		order   bool
		prec    precision
	}{
		{"yyyy/MM/dd", true, precDay},
		{"yyyy/MM/dd/HH", true, precHour},
		{"yyyyMM", true, precMonth},
		{"yyyy", true, precYear},
		{"'dt='yyyy-MM-dd'-'HH-mm-ss", true, precSecond},
		{"yyyy-MM-dd HH:mm:ss.SSS", true, precMilli},
		{"dd-MM-yyyy", false, precDay},
		{"yyyy-M-d", false, precDay},
		{"yy-MM-dd", false, precDay},
		{"yyyy-dd", false, precDay},
		{"MMM yyyy", false, precMonth},
		{"yyyy-MM-mm", false, precMinute},
	}
	for _, tc := range tests {
		f, err := compileDateFormat(tc.pattern)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.orderPreserving(); got != tc.order {
			t.Errorf("%q: orderPreserving = %v, want %v", tc.pattern, got, tc.order)
		}
		if got := f.precision(); got != tc.prec {
			t.Errorf("%q: precision = %v, want %v", tc.pattern, got, tc.prec)
		}
	}
}

func TestAddMonthsClampsLikeJava(t *testing.T) {
	tests := []struct {
		from int64
		n    int64
		want int64
	}{
		{ms(2020, 1, 31, 0, 0, 0, 0), 1, ms(2020, 2, 29, 0, 0, 0, 0)},
		{ms(2021, 1, 31, 5, 0, 0, 0), 1, ms(2021, 2, 28, 5, 0, 0, 0)},
		{ms(2020, 2, 29, 0, 0, 0, 0), -12, ms(2019, 2, 28, 0, 0, 0, 0)},
		{ms(2020, 3, 15, 0, 0, 0, 0), -36, ms(2017, 3, 15, 0, 0, 0, 0)},
		{ms(2020, 11, 30, 0, 0, 0, 0), 3, ms(2021, 2, 28, 0, 0, 0, 0)},
	}
	for _, tc := range tests {
		if got := addMonths(tc.from, tc.n); got != tc.want {
			t.Errorf("addMonths(%v, %d) = %v, want %v", time.UnixMilli(tc.from).UTC(), tc.n, time.UnixMilli(got).UTC(), time.UnixMilli(tc.want).UTC())
		}
	}
}
