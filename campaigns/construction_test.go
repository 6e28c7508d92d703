package campaigns

import (
	"testing"
	"time"
)

// TestBuildOf: the area's own report counts unless a street was
// reported after it; expected dates: the one reported last by the day;
// the status days from the events.
func TestBuildOf(t *testing.T) {
	c := &Campaign{ID: 1, Areas: []CampaignArea{{AreaID: 5, AreaName: "Nord", Status: StatusLive}}, Events: []Event{
		{ID: 1, AreaID: 5, Kind: EventStatus, Effective: d("2026-01-10"), From: "reached", To: "committed"},
		{ID: 2, AreaID: 5, Kind: EventStatus, Effective: d("2026-02-02"), From: "committed", To: "construction"},
		{ID: 3, AreaID: 5, Kind: EventStatus, Effective: d("2026-04-01"), From: "construction", To: "live"},
	}}
	ps := []Progress{
		{ID: 1, AreaID: 5, AsOf: d("2026-02-02"), Passed: 10, Connected: 2},
		{ID: 2, AreaID: 5, Street: "A-Weg", AsOf: d("2026-03-01"), Passed: 8, Connected: 3, Activated: 1},
		{ID: 3, AreaID: 5, Street: "B-Weg", AsOf: d("2026-03-02"), Passed: 7, Connected: 1},
		{ID: 4, AreaID: 5, Street: "a-weg", AsOf: d("2026-03-05"), Passed: 9, Connected: 4, Activated: 2},
		{ID: 5, AreaID: 5, AsOf: d("2026-04-01"), Passed: 20, Connected: 12, Activated: 9},
		{ID: 6, AreaID: 6, AsOf: d("2026-04-01"), Passed: 99},
	}
	ds := []BuildDate{
		{ID: 1, AreaID: 5, Kind: BuildCompletion, Expected: d("2026-12-31"), Reported: d("2026-01-10")},
		{ID: 2, AreaID: 5, Kind: BuildStart, Expected: d("2026-02-01"), Reported: d("2026-01-10")},
		{ID: 3, AreaID: 5, Kind: BuildCompletion, Expected: d("2027-06-30"), Reported: d("2026-03-01")},
	}
	tests := []struct {
		name                         string
		asOf                         string
		passed, connected, activated int
		reported, completion         string
		streets                      int
		live                         bool
	}{
		{"the area's report", "2026-02-10", 10, 2, 0, "2026-02-02", "2026-12-31", 0, false},
		{"streets reported later: their sum", "2026-03-02", 15, 4, 1, "2026-03-02", "2027-06-30", 2, false},
		{"a street's later report replaces its earlier", "2026-03-05", 16, 5, 2, "2026-03-05", "2027-06-30", 2, false},
		{"the area's report again", "", 20, 12, 9, "2026-04-01", "2027-06-30", 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var asOf time.Time
			if tt.asOf != "" {
				asOf = d(tt.asOf)
			}
			b := BuildOf(c, 5, ps, ds, asOf)
			if b.Passed != tt.passed || b.Connected != tt.connected || b.Activated != tt.activated || !b.ReportedOn.Equal(d(tt.reported)) ||
				!b.ExpectedCompletion.Equal(d(tt.completion)) || len(b.Streets) != tt.streets || b.LiveOn.IsZero() == tt.live {
				t.Errorf("BuildOf = %+v", b)
			}
			if !b.ExpectedStart.Equal(d("2026-02-01")) || !b.CommittedOn.Equal(d("2026-01-10")) || !b.StartedOn.Equal(d("2026-02-02")) {
				t.Errorf("dates: %+v", b)
			}
		})
	}
}

// TestAreaMoves: committed → construction with the first homes passed,
// construction → live at the live share of activated homes (both at once
// when one report has both), dated with the report or the last status
// change when that is later; other statuses stay.
func TestAreaMoves(t *testing.T) {
	area := func(st Status, decided string) *Campaign {
		return &Campaign{ID: 1, Name: "K", Areas: []CampaignArea{{AreaID: 5, AreaName: "Nord", Status: st}},
			Events: []Event{{ID: 1, AreaID: 5, Kind: EventStatus, Effective: d(decided), From: "reached", To: string(st)}}}
	}
	tests := []struct {
		name  string
		c     *Campaign
		share float64
		fresh []Progress
		want  []string // to@effective
	}{
		{"nothing passed", area(StatusCommitted, "2026-01-10"), 0, []Progress{{AreaID: 5, AsOf: d("2026-02-01")}}, nil},
		{"first homes passed", area(StatusCommitted, "2026-01-10"), 0, []Progress{{AreaID: 5, AsOf: d("2026-02-01"), Passed: 3}},
			[]string{"construction@2026-02-01"}},
		{"a report before the commitment is dated with it", area(StatusCommitted, "2026-02-10"), 0,
			[]Progress{{AreaID: 5, AsOf: d("2026-02-01"), Passed: 3}}, []string{"construction@2026-02-10"}},
		{"below the live share", area(StatusConstruction, "2026-01-10"), 0,
			[]Progress{{AreaID: 5, AsOf: d("2026-02-01"), Passed: 10, Connected: 5, Activated: 2}}, nil},
		{"at the live share", area(StatusConstruction, "2026-01-10"), 0,
			[]Progress{{AreaID: 5, AsOf: d("2026-02-01"), Passed: 10, Connected: 5, Activated: 3}}, []string{"live@2026-02-01"}},
		{"a configured share", area(StatusConstruction, "2026-01-10"), 0.5,
			[]Progress{{AreaID: 5, AsOf: d("2026-02-01"), Passed: 10, Connected: 5, Activated: 3}}, nil},
		{"both at once", area(StatusCommitted, "2026-01-10"), 0,
			[]Progress{{AreaID: 5, AsOf: d("2026-02-01"), Passed: 10, Connected: 5, Activated: 4}}, []string{"construction@2026-02-01", "live@2026-02-01"}},
		{"two reports, two days", area(StatusCommitted, "2026-01-10"), 0, []Progress{
			{AreaID: 5, AsOf: d("2026-03-01"), Passed: 10, Connected: 5, Activated: 4},
			{AreaID: 5, AsOf: d("2026-02-01"), Passed: 2},
		}, []string{"construction@2026-02-01", "live@2026-03-01"}},
		{"reached does not move", area(StatusReached, "2026-01-10"), 0, []Progress{{AreaID: 5, AsOf: d("2026-02-01"), Passed: 3}}, nil},
		{"live stays", area(StatusLive, "2026-01-10"), 0, []Progress{{AreaID: 5, AsOf: d("2026-02-01"), Passed: 3, Connected: 3, Activated: 3}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Service{LiveShare: tt.share}
			got := s.AreaMoves(tt.c, nil, tt.fresh, "test")
			var names []string
			for _, e := range got {
				names = append(names, e.To+"@"+e.Effective.Format(time.DateOnly))
			}
			if len(names) != len(tt.want) {
				t.Fatalf("moves %v, want %v", names, tt.want)
			}
			for i := range names {
				if names[i] != tt.want[i] {
					t.Errorf("moves %v, want %v", names, tt.want)
				}
			}
			if len(got) > 0 && tt.c.Areas[0].Status != Status(got[len(got)-1].To) {
				t.Errorf("the campaign's area is %s after the moves", tt.c.Areas[0].Status)
			}
		})
	}
}
