package campaigns_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"gigaplan/campaigns"
)

// TestCoverageTargetZero asks Service.Coverage about an address whose
// campaign area has target 0 (threshold 0: the provider builds without a
// quota; or a denominator of 0). The rule: no NaN, an area without a
// quota counts as at or beyond its threshold (so it wins over a
// pre-marketing campaign still below its threshold), and the citizen
// reads a sensible German message.
func TestCoverageTargetZero(t *testing.T) {
	tests := []struct {
		name string
		// setup creates the campaigns covering Nord, in ID order.
		setup        func(t *testing.T, f *storeFixture)
		wantCampaign string
		wantItems    int
		wantIn       []string // the message contains these
	}{
		{
			name: "no quota, alone",
			setup: func(t *testing.T, f *storeFixture) {
				c := f.create(t, "Ohne Quote", 0, "Nord")
				f.add(t, c, "Nord", "2026-02-09", 10, "amt")
			},
			wantCampaign: "Ohne Quote", wantItems: 1,
			wantIn: []string{"Vorvermarktung läuft", "10 %", "30.03."},
		},
		{
			name: "no quota beats a campaign below its threshold",
			setup: func(t *testing.T, f *storeFixture) {
				c := f.create(t, "Mit Quote", 0.33, "Nord") // lower ID, 30 of 100 < 33 %
				f.add(t, c, "Nord", "2026-02-09", 30, "amt")
				f.create(t, "Ohne Quote", 0, "Nord") // nothing signed yet
			},
			wantCampaign: "Ohne Quote", wantItems: 2,
			wantIn: []string{"Vorvermarktung läuft", "0 %", "30.03."},
		},
		{
			name: "denominator 0",
			setup: func(t *testing.T, f *storeFixture) {
				// Nord has no businesses: the denominator is 0.
				f.createWith(t, campaigns.NewCampaign{Name: "Gewerbe", Threshold: 0.33, Counting: campaigns.CountBusinesses, Areas: []string{"Nord"}})
			},
			wantCampaign: "Gewerbe", wantItems: 1,
			wantIn: []string{"Vorvermarktung läuft", "0 % von 33 %", "30.03."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newStoreFixture(t)
			tt.setup(t, f)
			cov, err := f.svc.Coverage(context.Background(), f.addr["Nord"])
			if err != nil {
				t.Fatal(err)
			}
			if cov.State != campaigns.CoveragePreMarketing || cov.Campaign != tt.wantCampaign || len(cov.Campaigns) != tt.wantItems {
				t.Errorf("coverage: state %s, campaign %q, %d campaigns; want premarketing, %q, %d", cov.State, cov.Campaign, len(cov.Campaigns),
					tt.wantCampaign, tt.wantItems)
			}
			if cov.Target != 0 || cov.Needed != 0 {
				t.Errorf("target %d, needed %d; want 0, 0", cov.Target, cov.Needed)
			}
			for _, v := range []float64{cov.Quota, cov.Threshold} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Errorf("quota %v, threshold %v: not a number", cov.Quota, cov.Threshold)
				}
			}
			for _, bad := range []string{"NaN", "Inf", "noch 0 ", "erfolgreich"} {
				if strings.Contains(cov.Message, bad) {
					t.Errorf("message %q contains %q", cov.Message, bad)
				}
			}
			if cov.Threshold == 0 && strings.Contains(cov.Message, "von 0 %") {
				t.Errorf("message %q names a threshold of 0 %% for a campaign without a quota", cov.Message)
			}
			for _, w := range tt.wantIn {
				if !strings.Contains(cov.Message, w) {
					t.Errorf("message %q lacks %q", cov.Message, w)
				}
			}
		})
	}
}
