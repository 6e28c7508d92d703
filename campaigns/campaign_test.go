package campaigns

import (
	"strings"
	"testing"
	"time"

	"gigaplan/geo"
)

func TestTransitions(t *testing.T) {
	tests := []struct {
		from, to Status
		ok       bool
	}{
		{StatusPlanned, StatusRunning, true},
		{StatusPlanned, StatusReached, false},
		{StatusRunning, StatusExtended, true},
		{StatusRunning, StatusReached, true},
		{StatusRunning, StatusMissed, true},
		{StatusRunning, StatusLive, false},
		{StatusExtended, StatusExtended, true},
		{StatusExtended, StatusMissed, true},
		{StatusReached, StatusCommitted, true},
		{StatusReached, StatusMissed, true},
		{StatusReached, StatusRunning, false},
		{StatusMissed, StatusCommitted, true},
		{StatusMissed, StatusRunning, false},
		{StatusCommitted, StatusConstruction, true},
		{StatusConstruction, StatusLive, true},
		{StatusConstruction, StatusCancelled, false},
		{StatusLive, StatusCancelled, false},
		{StatusCancelled, StatusRunning, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.from)+"→"+string(tt.to), func(t *testing.T) {
			err := CheckTransition(tt.from, tt.to)
			if (err == nil) != tt.ok {
				t.Fatalf("CheckTransition = %v, want ok=%v", err, tt.ok)
			}
			if err != nil && geo.ErrorCode(err) != geo.EINVALID {
				t.Errorf("code %s, want invalid", geo.ErrorCode(err))
			}
			if err != nil && !strings.Contains(err.Error(), "„"+tt.from.German()+"“") {
				t.Errorf("message %q does not name the current status", err)
			}
		})
	}
	// Every status but the final ones has a way forward, and every status is German.
	for _, s := range Statuses {
		if s != StatusLive && s != StatusCancelled && len(transitions[s]) == 0 {
			t.Errorf("status %s has no transitions", s)
		}
		if s.German() == string(s) {
			t.Errorf("status %s has no German label", s)
		}
	}
}

func TestOverall(t *testing.T) {
	tests := []struct {
		name  string
		areas []Status
		want  Status
	}{
		{"none", nil, StatusPlanned},
		{"all same", []Status{StatusMissed, StatusMissed}, StatusMissed},
		{"one still running", []Status{StatusReached, StatusRunning, StatusMissed}, StatusRunning},
		{"one extended", []Status{StatusReached, StatusRunning, StatusExtended}, StatusExtended},
		{"finished mixed", []Status{StatusReached, StatusMissed, StatusMissed}, StatusReached},
		{"building", []Status{StatusConstruction, StatusCommitted, StatusMissed}, StatusConstruction},
		{"planned and cancelled", []Status{StatusPlanned, StatusCancelled}, StatusPlanned},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Overall(tt.areas); got != tt.want {
				t.Errorf("Overall(%v) = %s, want %s", tt.areas, got, tt.want)
			}
		})
	}
}

func TestCheckEntry(t *testing.T) {
	c := &Campaign{Name: "DG Nord", Counting: CountHouseholds, Start: d("2026-09-01"), Deadline: d("2026-11-30")}
	today := d("2026-11-23")
	prev := &Entry{AsOf: d("2026-11-16"), Count: 200}
	tests := []struct {
		name    string
		e       Entry
		prev    *Entry
		wantErr string
	}{
		{"fine", Entry{AsOf: d("2026-11-23"), Count: 210}, prev, ""},
		{"first entry", Entry{AsOf: d("2026-09-08"), Count: 5}, nil, ""},
		{"negative", Entry{AsOf: d("2026-11-23"), Count: -1}, prev, "ist negativ"},
		{"above denominator", Entry{AsOf: d("2026-11-23"), Count: 1001}, prev, "die Zahl 1.001 ist größer als die Zahl der Haushalte im Gebiet (1.000)"},
		{"before start", Entry{AsOf: d("2026-08-31"), Count: 1}, nil, "das Datum 31.08.2026 liegt vor dem Beginn der Kampagne (01.09.2026)"},
		{"future", Entry{AsOf: d("2026-11-24"), Count: 220}, prev, "das Datum 24.11.2026 liegt in der Zukunft"},
		{"lower without comment", Entry{AsOf: d("2026-11-23"), Count: 190}, prev, "die Zahl 190 ist kleiner als 200 am 16.11.2026 – bitte im Kommentar begründen"},
		{"lower with comment", Entry{AsOf: d("2026-11-23"), Count: 190, Comment: "10 Widerrufe"}, prev, ""},
		{"unknown source", Entry{AsOf: d("2026-11-23"), Count: 210, Source: "gossip"}, prev, "unbekannte Quelle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckEntry(tt.e, c, 1000, tt.prev, today)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
			}
			if geo.ErrorCode(err) != geo.EINVALID {
				t.Errorf("code %s, want invalid", geo.ErrorCode(err))
			}
		})
	}
}

func TestEffective(t *testing.T) {
	entries := []Entry{
		{ID: 1, AsOf: d("2026-09-08"), Count: 10},
		{ID: 2, AsOf: d("2026-09-15"), Count: 30},
		{ID: 3, AsOf: d("2026-09-15"), Count: 25, Comment: "Korrektur"}, // supersedes ID 2
		{ID: 5, AsOf: d("2026-09-22"), Count: 40},
		{ID: 4, AsOf: d("2026-09-01"), Count: 2}, // entered later for an earlier date
	}
	got := Effective(entries)
	want := []Sample{{d("2026-09-01"), 2}, {d("2026-09-08"), 10}, {d("2026-09-15"), 25}, {d("2026-09-22"), 40}}
	if len(got) != len(want) {
		t.Fatalf("Effective = %v, want %v", got, want)
	}
	for i := range want {
		if !got[i].Date.Equal(want[i].Date) || got[i].Count != want[i].Count {
			t.Errorf("Effective[%d] = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestCampaignValidate(t *testing.T) {
	ok := Campaign{Provider: "Deutsche Glasfaser", Name: "DG 2026", Counting: CountHouseholds, Threshold: 0.33,
		Start: d("2026-09-01"), Deadline: d("2026-11-30"), Areas: []CampaignArea{{AreaID: 1, AreaName: "Nord"}}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid campaign refused: %v", err)
	}
	tests := []struct {
		name    string
		mod     func(*Campaign)
		wantErr string
	}{
		{"no provider", func(c *Campaign) { c.Provider = " " }, "der Anbieter fehlt"},
		{"threshold above 1", func(c *Campaign) { c.Threshold = 33 }, "die Schwelle 33 muss zwischen 0 und 1 liegen"},
		{"deadline before start", func(c *Campaign) { c.Deadline = d("2026-08-01") }, "liegt nicht nach dem Beginn"},
		{"no areas", func(c *Campaign) { c.Areas = nil }, "kein Gebiet angegeben"},
		{"area twice", func(c *Campaign) { c.Areas = append(c.Areas, c.Areas[0]) }, "steht zweimal in der Liste"},
		{"bad counting", func(c *Campaign) { c.Counting = "cows" }, "unbekannte Zählart"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			c.Areas = append([]CampaignArea(nil), ok.Areas...)
			tt.mod(&c)
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Validate = %v, want error containing %q", err, tt.wantErr)
			}
		})
	}
	c := ok
	c.Extensions = []Extension{{Deadline: d("2026-12-31")}, {Deadline: d("2026-12-15")}}
	if got := c.CurrentDeadline(); !got.Equal(d("2026-12-31")) {
		t.Errorf("CurrentDeadline = %s", got.Format(time.DateOnly))
	}
}

// TestInvisibleCharactersInNames: a campaign, provider or token name with
// a bidi override or a zero-width character is refused.
func TestInvisibleCharactersInNames(t *testing.T) {
	base := Campaign{Provider: "DG", Name: "Nord", Threshold: 0.33, Counting: CountHouseholds,
		Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Deadline: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		Areas: []CampaignArea{{AreaID: 1, AreaName: "Nord"}}}
	if err := base.Validate(); err != nil {
		t.Fatal(err)
	}
	named, provided := base, base
	named.Name = "Nord\u202e"
	provided.Provider = "D\u200bG"
	for _, c := range []Campaign{named, provided} {
		if err := c.Validate(); geo.ErrorCode(err) != geo.EINVALID || !strings.Contains(err.Error(), "unsichtbares") {
			t.Errorf("Validate(%q, %q): %v", c.Provider, c.Name, err)
		}
	}
	if err := CheckTokenName("CRM\u2066"); geo.ErrorCode(err) != geo.EINVALID {
		t.Errorf("token name with an isolate: %v", err)
	}
}
