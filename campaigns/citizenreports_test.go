package campaigns_test

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// TestCountReports: the counts of a period, table-driven.
func TestCountReports(t *testing.T) {
	loc := campaigns.Location
	d := func(day, hour int) time.Time { return time.Date(2026, 3, day, hour, 0, 0, 0, loc) }
	rs := []campaigns.CitizenReport{
		{CreatedAt: d(1, 10)},                       // open from before
		{CreatedAt: d(1, 10), ClosedAt: d(2, 9)},    // closed before the period
		{CreatedAt: d(2, 10), ClosedAt: d(5, 23)},   // closed in the period, on its first day's late hour
		{CreatedAt: d(5, 0)},                        // received on the first day at midnight
		{CreatedAt: d(9, 23), ClosedAt: d(11, 8)},   // received on the last day, closed after
		{CreatedAt: d(10, 0)},                       // after the period
		{CreatedAt: d(4, 23).Add(59 * time.Minute)}, // the day of since: before
	}
	tests := []struct {
		name         string
		since, until time.Time
		want         campaigns.ReportCounts
	}{
		{"since the 4th up to the 9th", d(4, 12), d(9, 12), campaigns.ReportCounts{Received: 2, Closed: 1, Open: 4}},
		{"from the first", time.Time{}, d(9, 12), campaigns.ReportCounts{Received: 6, Closed: 2, Open: 4}},
		{"everything", time.Time{}, d(31, 0), campaigns.ReportCounts{Received: 7, Closed: 3, Open: 4}},
		{"before all", time.Time{}, d(1, 0).AddDate(0, 0, -1), campaigns.ReportCounts{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := campaigns.CountReports(rs, tt.since, tt.until); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestCleanReport: what the form sends, as stored.
func TestCleanReport(t *testing.T) {
	tests := []struct {
		name     string
		in       campaigns.CitizenReport
		wantText string
		wantAddr string
		wantErr  string
	}{
		{"control characters dropped", campaigns.CitizenReport{Kind: campaigns.ReportOther, Address: " Weg\t1\n ", Text: "a\x00b\u200bc\r\nd\x1b[31m"}, "abc\nd[31m", "Weg 1", ""},
		{"invalid UTF-8 dropped", campaigns.CitizenReport{Kind: campaigns.ReportOther, Address: "Weg 1", Text: "gut\xff"}, "gut", "Weg 1", ""},
		{"missing address needs no text", campaigns.CitizenReport{Kind: campaigns.ReportMissingAddress, Address: "Am Hang 7"}, "", "Am Hang 7", ""},
		{"status needs a text", campaigns.CitizenReport{Kind: campaigns.ReportWrongStatus, Address: "Weg 1", Text: " \x00 "}, "", "", "Beschreibung: bitte"},
		{"position dropped without HasPosition", campaigns.CitizenReport{Kind: campaigns.ReportOther, Address: "Weg 1", Text: "x", Lon: 8, Lat: 48}, "x", "Weg 1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := campaigns.CleanReport(tt.in)
			if tt.wantErr != "" {
				if geo.ErrorCode(err) != geo.EINVALID || !strings.Contains(geo.ErrorMessage(err), tt.wantErr) {
					t.Fatalf("err %v, want EINVALID %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Text != tt.wantText || got.Address != tt.wantAddr || (!got.HasPosition && (got.Lon != 0 || got.Lat != 0)) {
				t.Errorf("got text %q address %q position %v/%v", got.Text, got.Address, got.Lon, got.Lat)
			}
		})
	}
}

// FuzzCleanReport: whatever comes in, a report CleanReport accepts is
// valid UTF-8 without control characters (but line breaks in the text),
// within the limits.
func FuzzCleanReport(f *testing.F) {
	f.Add("Hauptstraße 1", "Glasfaser liegt\r\nschon", "a@b.de")
	f.Add("\x00\xff", "\u2028\u202e", "")
	f.Fuzz(func(t *testing.T, addr, text, email string) {
		r, err := campaigns.CleanReport(campaigns.CitizenReport{Kind: campaigns.ReportOther, Address: addr, Text: text, Email: email})
		if err != nil {
			if geo.ErrorCode(err) != geo.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		for _, s := range []string{r.Address, r.Text} {
			if !utf8.ValidString(s) || s != strings.TrimSpace(s) {
				t.Fatalf("not clean: %q", s)
			}
			for _, c := range s {
				if unicode.IsControl(c) && !(c == '\n' && s == r.Text) {
					t.Fatalf("control character %U in %q", c, s)
				}
			}
		}
		if utf8.RuneCountInString(r.Text) > campaigns.MaxReportText || utf8.RuneCountInString(r.Address) > campaigns.MaxReportAddress || r.Address == "" {
			t.Fatalf("limits: %+v", r)
		}
	})
}
