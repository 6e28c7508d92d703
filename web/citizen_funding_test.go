package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/web"
)

// TestCitizenFundingAnswer: an address in the demo funding project's area
// reads that the project was applied for and awaits its approval, in the
// API and on the address page; an address outside reads its campaign.
func TestCitizenFundingAnswer(t *testing.T) {
	srv, st, _ := demoServer(t, web.Config{})
	ps, err := st.FundingProjects(context.Background())
	if err != nil || len(ps) != 1 {
		t.Fatalf("demo funding projects: %v %v", ps, err)
	}
	p := ps[0]
	applied := campaigns.GermanDate(campaigns.Today(time.Now()).AddDate(0, 0, -3))
	want := "Förderprojekt beantragt am " + applied + ", Bescheid steht aus"
	id := itoa(p.Addresses[0])
	rec := get(t, srv, "/api/v1/addresses/"+id+"/coverage")
	var api struct {
		State   string `json:"state"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &api); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("coverage API: %d %v", rec.Code, err)
	}
	if api.State != string(campaigns.CoverageFunding) || api.Message != want {
		t.Errorf("API answer %+v, want state funding and %q", api, want)
	}
	wantBody(t, get(t, srv, "/adresse/"+id), http.StatusOK, want, "Förderprojekt")
	wantBody(t, get(t, srv, "/adresse/"+id+"?lang=en"), http.StatusOK, "Publicly funded project",
		"Public funding applied for on "+applied+", the decision is pending", "<dt>Funding project</dt>")
}

// TestCitizenFundingConstruction: once the demo project's construction
// start is recorded and an expected completion reported, an address of
// its area reads "Glasfaser im Bau (Förderprojekt), Fertigstellung
// voraussichtlich 2027", in the API and on the page, in English too.
func TestCitizenFundingConstruction(t *testing.T) {
	srv, st, _ := demoServer(t, web.Config{})
	ctx := context.Background()
	ps, err := st.FundingProjects(ctx)
	if err != nil || len(ps) != 1 {
		t.Fatalf("demo funding projects: %v %v", ps, err)
	}
	p := ps[0]
	today := campaigns.Today(time.Now())
	if _, err := st.UpdateFundingProject(ctx, p.ID, p.Version, func(q *campaigns.FundingProject) error {
		for _, m := range []campaigns.Milestone{campaigns.MilestoneProvisional, campaigns.MilestoneTender, campaigns.MilestoneAward,
			campaigns.MilestoneFinal, campaigns.MilestoneConstruction} {
			e := campaigns.MilestoneEvent{Kind: m, Day: today, EnteredBy: "test"}
			if m == campaigns.MilestoneAward {
				e.Operator, e.Model = "NetCo", campaigns.ModelGap
			}
			q.Milestones = append(q.Milestones, e)
		}
		q.BuildDates = append(q.BuildDates, campaigns.BuildDate{Kind: campaigns.BuildCompletion, Expected: time.Date(2027, 11, 30, 0, 0, 0, 0, time.UTC),
			Reported: today, Reason: "Bauzeitenplan", EnteredBy: "test"})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := "Glasfaser im Bau (Förderprojekt), Fertigstellung voraussichtlich 2027"
	id := itoa(p.Addresses[0])
	rec := get(t, srv, "/api/v1/addresses/"+id+"/coverage")
	var api struct {
		State   string `json:"state"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &api); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("coverage API: %d %v", rec.Code, err)
	}
	if api.State != string(campaigns.CoverageConstruction) || api.Message != want {
		t.Errorf("API answer %+v, want state construction and %q", api, want)
	}
	wantBody(t, get(t, srv, "/adresse/"+id), http.StatusOK, want)
	wantBody(t, get(t, srv, "/adresse/"+id+"?lang=en"), http.StatusOK, "Fibre under construction (publicly funded project), completion expected in 2027")
}
