package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// ReportStore is a store of citizens' reports that can be closed.
type ReportStore interface {
	campaigns.CitizenReportStore
	Close() error
}

// RunCitizenReports runs the citizens' reports part of the suite; each
// subtest gets its own store from open.
func RunCitizenReports(t *testing.T, open func(t *testing.T) ReportStore) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s ReportStore)
	}{
		{"AddAndRead", testReportAddAndRead},
		{"Invalid", testReportInvalid},
		{"Close", testReportClose},
		{"Filter", testReportFilter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tt.fn(t, s)
		})
	}
}

var reportT0 = time.Date(2026, 11, 30, 9, 15, 0, 123456000, time.UTC)

func mustReport(t *testing.T, s ReportStore, r campaigns.CitizenReport) campaigns.CitizenReport {
	t.Helper()
	got, err := s.AddCitizenReport(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// testReportAddAndRead: every field comes back as written, the text
// cleaned of control characters; a typed address has no address ID.
func testReportAddAndRead(t *testing.T, s ReportStore) {
	ctx := context.Background()
	in := campaigns.CitizenReport{Kind: campaigns.ReportWrongStatus, AddressID: 42, Address: "Hauptstraße 12a, 77654 Offenburg",
		HasPosition: true, Lon: 7.9401234, Lat: 48.4701234, Text: "  Hier liegt schon Glasfaser.\x00\nSeit Mai.  ",
		Email: "anna@example.org", Municipality: 7, CreatedAt: reportT0}
	got := mustReport(t, s, in)
	if got.ID == 0 {
		t.Fatal("no ID")
	}
	read, err := s.CitizenReport(ctx, got.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := in
	want.ID, want.Text = got.ID, "Hier liegt schon Glasfaser.\nSeit Mai."
	if read != want {
		t.Errorf("read back\n got %+v\nwant %+v", read, want)
	}
	if !read.Open() {
		t.Error("a new report is not open")
	}
	typed := mustReport(t, s, campaigns.CitizenReport{Kind: campaigns.ReportMissingAddress, Address: "Am Bach 99", CreatedAt: reportT0.Add(time.Minute)})
	read, err = s.CitizenReport(ctx, typed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if read.AddressID != 0 || read.HasPosition || read.Email != "" || read.Text != "" {
		t.Errorf("typed address: %+v", read)
	}
	if _, err := s.CitizenReport(ctx, 999999); geo.ErrorCode(err) != geo.ENOTFOUND {
		t.Errorf("unknown report: %v, want ENOTFOUND", err)
	}
}

// testReportInvalid: bad reports are EINVALID with a German message
// naming the field, and write nothing.
func testReportInvalid(t *testing.T, s ReportStore) {
	ctx := context.Background()
	ok := campaigns.CitizenReport{Kind: campaigns.ReportOther, Address: "Kirchweg 1", Text: "Frage"}
	tests := []struct {
		name  string
		edit  func(r *campaigns.CitizenReport)
		field string
	}{
		{"unknown kind", func(r *campaigns.CitizenReport) { r.Kind = "spam" }, "Art der Meldung"},
		{"no address", func(r *campaigns.CitizenReport) { r.Address = " \t " }, "Adresse"},
		{"address too long", func(r *campaigns.CitizenReport) { r.Address = strings.Repeat("a", 201) }, "Adresse"},
		{"no text", func(r *campaigns.CitizenReport) { r.Text = "" }, "Beschreibung"},
		{"text too long", func(r *campaigns.CitizenReport) { r.Text = strings.Repeat("ä", campaigns.MaxReportText+1) }, "Beschreibung"},
		{"bad e-mail", func(r *campaigns.CitizenReport) { r.Email = "anna at example" }, "E-Mail"},
		{"e-mail with a name", func(r *campaigns.CitizenReport) { r.Email = "Anna <anna@example.org>" }, "E-Mail"},
		{"position off the earth", func(r *campaigns.CitizenReport) { r.HasPosition, r.Lon, r.Lat = true, 200, 48 }, "Kartenposition"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ok
			tt.edit(&r)
			_, err := s.AddCitizenReport(ctx, r)
			if geo.ErrorCode(err) != geo.EINVALID {
				t.Fatalf("got %v, want EINVALID", err)
			}
			if !strings.HasPrefix(geo.ErrorMessage(err), tt.field) {
				t.Errorf("message %q does not start with the field %q", geo.ErrorMessage(err), tt.field)
			}
		})
	}
	all, err := s.CitizenReports(ctx, campaigns.ReportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 0 {
		t.Errorf("invalid reports were written: %+v", all)
	}
	// 1000 characters of text are fine, and a missing address needs none.
	mustReport(t, s, campaigns.CitizenReport{Kind: campaigns.ReportOther, Address: "x", Text: strings.Repeat("ß", campaigns.MaxReportText)})
	mustReport(t, s, campaigns.CitizenReport{Kind: campaigns.ReportMissingAddress, Address: "Neubau 3"})
}

// testReportClose: closing records who, when and the answer, once; a
// second close is ECONFLICT, an unknown report ENOTFOUND.
func testReportClose(t *testing.T, s ReportStore) {
	ctx := context.Background()
	r := mustReport(t, s, campaigns.CitizenReport{Kind: campaigns.ReportWrongStatus, Address: "Kirchweg 1", Text: "falsch", CreatedAt: reportT0})
	at := reportT0.Add(26 * time.Hour)
	got, err := s.CloseCitizenReport(ctx, r.ID, " Geprüft: Anbieter meldet Ausbau 2027. ", "vera", at)
	if err != nil {
		t.Fatal(err)
	}
	read, err := s.CitizenReport(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if read != got || !read.ClosedAt.Equal(at) || read.ClosedBy != "vera" || read.Answer != "Geprüft: Anbieter meldet Ausbau 2027." || read.Open() {
		t.Errorf("closed report: %+v (returned %+v)", read, got)
	}
	if _, err := s.CloseCitizenReport(ctx, r.ID, "nochmal", "otto", at.Add(time.Hour)); geo.ErrorCode(err) != geo.ECONFLICT {
		t.Errorf("second close: %v, want ECONFLICT", err)
	}
	if read2, _ := s.CitizenReport(ctx, r.ID); read2 != read {
		t.Errorf("second close changed the report: %+v", read2)
	}
	if _, err := s.CloseCitizenReport(ctx, 999999, "", "vera", at); geo.ErrorCode(err) != geo.ENOTFOUND {
		t.Errorf("unknown report: %v, want ENOTFOUND", err)
	}
	r2 := mustReport(t, s, campaigns.CitizenReport{Kind: campaigns.ReportOther, Address: "Kirchweg 2", Text: "?"})
	if _, err := s.CloseCitizenReport(ctx, r2.ID, strings.Repeat("x", campaigns.MaxReportAnswer+1), "vera", at); geo.ErrorCode(err) != geo.EINVALID {
		t.Errorf("too long an answer: %v, want EINVALID", err)
	}
	if read, _ := s.CitizenReport(ctx, r2.ID); !read.Open() {
		t.Error("a refused close closed the report")
	}
}

// testReportFilter: open / closed / all, per municipality, newest first,
// with a limit; an unknown state is EINVALID.
func testReportFilter(t *testing.T, s ReportStore) {
	ctx := context.Background()
	var ids []int64
	for i, muni := range []int64{7, 8, 7, 0} {
		r := mustReport(t, s, campaigns.CitizenReport{Kind: campaigns.ReportOther, Address: "Weg " + string(rune('1'+i)), Text: "t",
			Municipality: muni, CreatedAt: reportT0.Add(time.Duration(i) * time.Hour)})
		ids = append(ids, r.ID)
	}
	if _, err := s.CloseCitizenReport(ctx, ids[0], "erledigt", "vera", reportT0.Add(5*time.Hour)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		f    campaigns.ReportFilter
		want []int64
	}{
		{"all", campaigns.ReportFilter{}, []int64{ids[3], ids[2], ids[1], ids[0]}},
		{"open", campaigns.ReportFilter{State: campaigns.ReportsOpen}, []int64{ids[3], ids[2], ids[1]}},
		{"closed", campaigns.ReportFilter{State: campaigns.ReportsClosed}, []int64{ids[0]}},
		{"municipality", campaigns.ReportFilter{Municipality: 7}, []int64{ids[2], ids[0]}},
		{"open in municipality", campaigns.ReportFilter{State: campaigns.ReportsOpen, Municipality: 7}, []int64{ids[2]}},
		{"limit", campaigns.ReportFilter{Limit: 2}, []int64{ids[3], ids[2]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := s.CitizenReports(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, r := range rs {
				got = append(got, r.ID)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
	if _, err := s.CitizenReports(ctx, campaigns.ReportFilter{State: "egal"}); geo.ErrorCode(err) != geo.EINVALID {
		t.Errorf("unknown state: %v, want EINVALID", err)
	}
}
