package web_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/data/sqlite"
	"gigaplan/geo"
	"gigaplan/web"
)

// campaignServer is mustServer's town with campaign "DG" over both
// districts (Nord: 4 households, Süd: 2) and two counts for Nord.
func campaignServer(t *testing.T) *web.Server {
	t.Helper()
	srv := mustServer(t)
	st := srv.Store().(*sqlite.Store)
	svc := &campaigns.Service{Geo: st, Store: st, Now: func() time.Time { return time.Date(2026, 2, 2, 10, 0, 0, 0, time.UTC) }}
	ctx := context.Background()
	if _, err := svc.Create(ctx, campaigns.NewCampaign{Provider: "Glasfaser Süd", Name: "DG", Areas: []string{"Nord", "Süd"},
		Threshold: 0.33, Start: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), Deadline: time.Date(2026, 3, 30, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	for _, e := range []campaigns.NewEntry{
		{Campaign: "DG", Area: "Nord", AsOf: time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC), Count: 1, BasedOn: -1},
		{Campaign: "DG", Area: "Nord", AsOf: time.Date(2026, 1, 26, 0, 0, 0, 0, time.UTC), Count: 2, BasedOn: -1},
	} {
		if _, err := svc.AddEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	return web.New(web.Config{}, st, svc)
}

func TestCampaignAPI(t *testing.T) {
	srv := campaignServer(t)
	rec := get(t, srv, "/api/v1/campaigns")
	if rec.Code != 200 {
		t.Fatalf("campaigns: %d %s", rec.Code, rec.Body)
	}
	var list struct {
		Campaigns []struct {
			ID       int64  `json:"id"`
			Name     string `json:"name"`
			Status   string `json:"status"`
			Deadline string `json:"deadline"`
		} `json:"campaigns"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Campaigns) != 1 || list.Campaigns[0].Name != "DG" || list.Campaigns[0].Status != "running" || list.Campaigns[0].Deadline != "2026-03-30" {
		t.Fatalf("campaign list: %s", rec.Body)
	}

	rec = get(t, srv, "/api/v1/campaigns/1?asOf=2026-02-02")
	if rec.Code != 200 {
		t.Fatalf("campaign 1: %d %s", rec.Code, rec.Body)
	}
	var detail struct {
		AsOf  string `json:"asOf"`
		Areas []struct {
			Area        string  `json:"area"`
			Denominator int     `json:"denominator"`
			Signups     int     `json:"signups"`
			Quota       float64 `json:"quota"`
			Gap         int     `json:"gap"`
			Forecast    *string `json:"forecast"`
			History     []struct {
				Date  string `json:"date"`
				Count int    `json:"count"`
			} `json:"history"`
		} `json:"areas"`
		Total struct {
			Denominator int `json:"denominator"`
			Signups     int `json:"signups"`
		} `json:"total"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &detail); err != nil {
		t.Fatal(err)
	}
	if detail.AsOf != "2026-02-02" || len(detail.Areas) != 2 {
		t.Fatalf("detail: %s", rec.Body)
	}
	nord, sued := detail.Areas[0], detail.Areas[1]
	if nord.Area != "Nord" || nord.Denominator != 4 || nord.Signups != 2 || nord.Quota != 0.5 || nord.Gap != 0 || len(nord.History) != 2 ||
		nord.History[1].Date != "2026-01-26" || nord.Forecast == nil || *nord.Forecast != "2026-01-26" {
		t.Errorf("Nord: %+v", nord)
	}
	if sued.Area != "Süd" || sued.Denominator != 2 || sued.Signups != 0 || sued.Gap != 1 || sued.Forecast != nil {
		t.Errorf("Süd: %+v", sued)
	}
	if detail.Total.Denominator != 6 || detail.Total.Signups != 2 {
		t.Errorf("total: %+v", detail.Total)
	}
	// The campaign's dated decisions as of that day: both areas running
	// from the start; a day before the start, none.
	var record struct {
		Campaign struct {
			Status string `json:"status"`
		} `json:"campaign"`
		Events []struct {
			Kind, Effective, From, To, Text string
		} `json:"events"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &record); err != nil {
		t.Fatal(err)
	}
	if len(record.Events) != 4 || record.Events[0].Kind != "status" || record.Events[1].Kind != "overlay" || record.Events[1].To != "4" || record.Events[0].Effective != "2026-01-05" ||
		record.Events[0].To != "running" || record.Events[0].Text != "Status: geplant → läuft" || record.Campaign.Status != "running" {
		t.Errorf("events as of 2026-02-02: %+v", record)
	}
	rec = get(t, srv, "/api/v1/campaigns/1?asOf=2026-01-04")
	record.Events = nil
	if err := json.Unmarshal(rec.Body.Bytes(), &record); err != nil {
		t.Fatal(err)
	}
	if len(record.Events) != 0 || record.Campaign.Status != "planned" {
		t.Errorf("as of 2026-01-04, before the start: %s", rec.Body)
	}
	for path, want := range map[string]int{"/api/v1/campaigns/2": 404, "/api/v1/campaigns/x": 400, "/api/v1/campaigns/1?asOf=gestern": 400} {
		if rec := get(t, srv, path); rec.Code != want {
			t.Errorf("%s: %d, want %d", path, rec.Code, want)
		}
	}
}

func TestCoverageAPI(t *testing.T) {
	srv := campaignServer(t)
	tests := []struct {
		id      string
		status  int
		state   string
		message string
	}{
		{"1", 200, "premarketing", "Vorvermarktung erfolgreich: 50 % von 33 % erreicht, Ausbauentscheidung steht aus"},
		{"3", 200, "premarketing", "Vorvermarktung läuft: 0 % von 33 %, noch 1 Vertrag bis 30.03.2026"},
		{"999", 404, "", ""},
		{"abc", 400, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			rec := get(t, srv, "/api/v1/addresses/"+tt.id+"/coverage")
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.status != 200 {
				return
			}
			var body struct {
				State   string `json:"state"`
				Message string `json:"message"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			if body.State != tt.state || body.Message != tt.message {
				t.Errorf("coverage %s: %+v, want %s %q", tt.id, body, tt.state, tt.message)
			}
		})
	}
}

// TestCoverageNamesCampaign: the coverage JSON names the deciding
// campaign (provider, campaign, area) in every state that has one, not
// only during pre-marketing, and in none when no campaign applies.
func TestCoverageNamesCampaign(t *testing.T) {
	srv, st, svc := demoServer(t, web.Config{})
	ctx := context.Background()
	areas, err := st.Areas(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	// The first few addresses of every area reach every state of the demo.
	found := map[campaigns.CoverageState]campaigns.Coverage{}
	ids := map[campaigns.CoverageState]int64{}
	for _, ar := range areas {
		for a, err := range st.Addresses(ctx, geo.AddressFilter{AreaID: ar.ID, Limit: 5}) {
			if err != nil {
				t.Fatal(err)
			}
			cov, err := svc.Coverage(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := found[cov.State]; !ok {
				found[cov.State], ids[cov.State] = cov, a.ID
			}
		}
	}
	for _, state := range []campaigns.CoverageState{campaigns.CoverageConstruction, campaigns.CoveragePreMarketing,
		campaigns.CoverageFundingCandidate, campaigns.CoverageNone} {
		t.Run(string(state), func(t *testing.T) {
			cov, ok := found[state]
			if !ok {
				t.Fatalf("demo town: no address in state %s", state)
			}
			rec := get(t, srv, "/api/v1/addresses/"+itoa(ids[state])+"/coverage")
			var body map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			if state == campaigns.CoverageNone {
				for _, k := range []string{"provider", "campaign", "area"} {
					if _, ok := body[k]; ok {
						t.Errorf("state none names a %s: %v", k, body[k])
					}
				}
				return
			}
			if cov.Provider == "" || cov.Campaign == "" {
				t.Fatalf("service coverage names no campaign: %+v", cov)
			}
			if body["state"] != string(state) || body["provider"] != cov.Provider || body["campaign"] != cov.Campaign || body["area"] != cov.Area {
				t.Errorf("coverage JSON %v, want provider %q, campaign %q, area %q", body, cov.Provider, cov.Campaign, cov.Area)
			}
		})
	}
}
