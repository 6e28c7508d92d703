package campaigns_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// TestAsOf replays a campaign's events to a day: a field takes the To of
// its last event effective by then, else the From of its first event,
// else the campaign's own value; a corrected event counts no more.
func TestAsOf(t *testing.T) {
	d := func(s string) time.Time { return mustDay(t, s) }
	c := &campaigns.Campaign{
		ID: 1, Threshold: 0.4, Deadline: d("2026-03-30"),
		Areas: []campaigns.CampaignArea{{AreaID: 10, Status: campaigns.StatusCommitted, ProviderDenominator: 90}, {AreaID: 20, Status: campaigns.StatusPlanned}},
		Events: []campaigns.Event{
			{ID: 1, AreaID: 10, Kind: campaigns.EventStatus, Effective: d("2026-01-05"), From: "planned", To: "running"},
			{ID: 2, Kind: campaigns.EventDeadline, Effective: d("2026-03-20"), From: "2026-03-30", To: "2026-04-30", Reason: "Ferien"},
			{ID: 3, AreaID: 10, Kind: campaigns.EventStatus, Effective: d("2026-03-20"), From: "running", To: "extended"},
			// Entered later, effective earlier: the threshold was 0.33
			// until 01.02.
			{ID: 4, Kind: campaigns.EventThreshold, Effective: d("2026-02-01"), From: "0.33", To: "0.4"},
			{ID: 5, AreaID: 10, Kind: campaigns.EventStatus, Effective: d("2026-05-02"), From: "extended", To: "missed"},
			// 5 was wrong: corrected by 6, reached on 03.05.
			{ID: 6, AreaID: 10, Kind: campaigns.EventStatus, Effective: d("2026-05-03"), From: "extended", To: "reached", Corrects: 5},
			{ID: 7, AreaID: 10, Kind: campaigns.EventDenominator, Effective: d("2026-02-15"), From: "0", To: "90"},
			{ID: 8, AreaID: 10, Kind: campaigns.EventStatus, Effective: d("2026-06-01"), From: "reached", To: "committed"},
		},
	}
	tests := []struct {
		day       string
		status    campaigns.Status
		threshold float64
		deadline  string
		den       int
	}{
		{"2026-01-04", campaigns.StatusPlanned, 0.33, "2026-03-30", 0},
		{"2026-01-05", campaigns.StatusRunning, 0.33, "2026-03-30", 0},
		{"2026-02-01", campaigns.StatusRunning, 0.4, "2026-03-30", 0},
		{"2026-02-15", campaigns.StatusRunning, 0.4, "2026-03-30", 90},
		{"2026-03-20", campaigns.StatusExtended, 0.4, "2026-04-30", 90},
		{"2026-05-02", campaigns.StatusExtended, 0.4, "2026-04-30", 90}, // 5 is corrected: no "missed"
		{"2026-05-03", campaigns.StatusReached, 0.4, "2026-04-30", 90},
		{"2026-06-01", campaigns.StatusCommitted, 0.4, "2026-04-30", 90},
	}
	for _, tt := range tests {
		got := c.AsOf(d(tt.day))
		if got.Areas[0].Status != tt.status || got.Threshold != tt.threshold || got.CurrentDeadline().Format(time.DateOnly) != tt.deadline ||
			got.Areas[0].ProviderDenominator != tt.den {
			t.Errorf("as of %s: status %s, threshold %v, deadline %s, denominator %d; want %s, %v, %s, %d", tt.day, got.Areas[0].Status,
				got.Threshold, got.CurrentDeadline().Format(time.DateOnly), got.Areas[0].ProviderDenominator, tt.status, tt.threshold, tt.deadline, tt.den)
		}
		if got.Areas[1].Status != campaigns.StatusPlanned {
			t.Errorf("as of %s: area without events: %s", tt.day, got.Areas[1].Status)
		}
	}
	if c.Areas[0].Status != campaigns.StatusCommitted || c.Threshold != 0.4 {
		t.Errorf("AsOf changed the campaign: %+v", c)
	}
	if all := c.AsOf(time.Time{}); all.Areas[0].Status != campaigns.StatusCommitted || len(all.Extensions) != 1 || all.Extensions[0].Reason != "Ferien" {
		t.Errorf("every event: %+v %+v", all.Areas, all.Extensions)
	}
	if got := c.EventsSince(d("2026-05-02")); len(got) != 3 || got[0].ID != 5 {
		t.Errorf("EventsSince: %+v", got)
	}
	// A campaign without events is its own state on every day.
	plain := &campaigns.Campaign{Threshold: 0.33, Areas: []campaigns.CampaignArea{{AreaID: 1, Status: campaigns.StatusReached}},
		Extensions: []campaigns.Extension{{Deadline: d("2026-04-30")}}}
	if got := plain.AsOf(d("2020-01-01")); got.Areas[0].Status != campaigns.StatusReached || len(got.Extensions) != 1 {
		t.Errorf("without events: %+v", got)
	}
}

func TestValidateEvent(t *testing.T) {
	on := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		e    campaigns.Event
		ok   bool
	}{
		{"status", campaigns.Event{AreaID: 1, Kind: campaigns.EventStatus, Effective: on, From: "planned", To: "running"}, true},
		{"status without area", campaigns.Event{Kind: campaigns.EventStatus, Effective: on, From: "planned", To: "running"}, false},
		{"unknown status", campaigns.Event{AreaID: 1, Kind: campaigns.EventStatus, Effective: on, From: "planned", To: "fertig"}, false},
		{"no date", campaigns.Event{AreaID: 1, Kind: campaigns.EventStatus, From: "planned", To: "running"}, false},
		{"deadline", campaigns.Event{Kind: campaigns.EventDeadline, Effective: on, From: "2026-03-30", To: "2026-04-30"}, true},
		{"deadline not a date", campaigns.Event{Kind: campaigns.EventDeadline, Effective: on, From: "2026-03-30", To: "30.04.2026"}, false},
		{"threshold", campaigns.Event{Kind: campaigns.EventThreshold, Effective: on, From: "0.33", To: "0.4"}, true},
		{"threshold above 1", campaigns.Event{Kind: campaigns.EventThreshold, Effective: on, From: "0.33", To: "33"}, false},
		{"denominator", campaigns.Event{AreaID: 1, Kind: campaigns.EventDenominator, Effective: on, From: "0", To: "380"}, true},
		{"negative denominator", campaigns.Event{AreaID: 1, Kind: campaigns.EventDenominator, Effective: on, From: "0", To: "-1"}, false},
		{"override without reason", campaigns.Event{AreaID: 1, Kind: campaigns.EventStatus, Effective: on, From: "running", To: "reached", Override: true}, false},
		{"unknown kind", campaigns.Event{Kind: "colour", Effective: on}, false},
	}
	for _, tt := range tests {
		if err := campaigns.ValidateEvent(tt.e); (err == nil) != tt.ok {
			t.Errorf("%s: %v, want ok %v", tt.name, err, tt.ok)
		} else if err != nil && geo.ErrorCode(err) != geo.EINVALID {
			t.Errorf("%s: code %s", tt.name, geo.ErrorCode(err))
		}
	}
}

// TestStatusGuard: a status decision against the figures is refused with
// the quota named, unless overridden with a reason; the override is
// stored and shown in the figures.
func TestStatusGuard(t *testing.T) {
	ctx := context.Background()
	f := newStoreFixture(t)
	c := f.create(t, "DG", 0.33, "Nord", "Süd")
	f.add(t, c, "Nord", "2026-02-02", 27, "amt") // 27 of 100: 27,0 %
	f.add(t, c, "Süd", "2026-02-02", 20, "amt")  // 20 of 50: 40,0 %

	_, err := f.svc.SetStatus(ctx, c, campaigns.StatusReached, campaigns.Decision{}, "Nord")
	var st *campaigns.StatusErrors
	if !errors.As(err, &st) || geo.ErrorCode(err) != geo.EINVALID ||
		!strings.Contains(err.Error(), "Kampagne DG, Nord: die Quote liegt am 16.02.2026 mit 27 % unter der Schwelle von 33 %") {
		t.Fatalf("reached below the threshold: %v", err)
	}
	if _, err := f.svc.SetStatus(ctx, c, campaigns.StatusMissed, campaigns.Decision{}, "Süd"); err == nil ||
		!strings.Contains(err.Error(), "40 % nicht unter der Schwelle") {
		t.Errorf("missed above the threshold: %v", err)
	}
	// An override needs a reason.
	if _, err := f.svc.SetStatus(ctx, c, campaigns.StatusReached, campaigns.Decision{Override: true}, "Nord"); err == nil {
		t.Error("override without a reason accepted")
	}
	got, err := f.svc.Store.Campaign(ctx, c.ID)
	if err != nil || got.Version != c.Version || len(got.Events) != len(c.Events) {
		t.Fatalf("refused decisions stored: %+v %v", got, err)
	}
	// As of the count's day the quota is met in Süd: reached, no override.
	c, err = f.svc.SetStatus(ctx, c, campaigns.StatusReached, campaigns.Decision{On: mustDay(t, "2026-02-02"), By: "anna", Reason: "Frist"}, "Süd")
	if err != nil {
		t.Fatal(err)
	}
	c, err = f.svc.SetStatus(ctx, c, campaigns.StatusReached, campaigns.Decision{By: "anna", Reason: "Anbieter baut trotzdem", Override: true}, "Nord")
	if err != nil {
		t.Fatal(err)
	}
	last := c.Events[len(c.Events)-1]
	if last.Kind != campaigns.EventStatus || !last.Override || last.EnteredBy != "anna" || last.Reason != "Anbieter baut trotzdem" ||
		last.Effective.Format(time.DateOnly) != "2026-02-16" || last.From != "running" || last.To != "reached" {
		t.Errorf("override event: %+v", last)
	}
	if prev := c.Events[len(c.Events)-2]; prev.Override || prev.Effective.Format(time.DateOnly) != "2026-02-02" {
		t.Errorf("Süd's event: %+v", prev)
	}
	figs, err := f.svc.Figures(ctx, c, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if !figs.Areas[0].Override || figs.Areas[1].Override || !strings.Contains(last.German(), "(Übersteuerung)") {
		t.Errorf("figures: override Nord %v, Süd %v; %q", figs.Areas[0].Override, figs.Areas[1].Override, last.German())
	}
	// As of a day before the decisions, both areas ran.
	then, err := f.svc.Figures(ctx, c, mustDay(t, "2026-02-01"))
	if err != nil {
		t.Fatal(err)
	}
	if then.Areas[0].Status != campaigns.StatusRunning || then.Areas[1].Status != campaigns.StatusRunning || then.Areas[0].Override {
		t.Errorf("as of 01.02.: %s %s", then.Areas[0].Status, then.Areas[1].Status)
	}
}

// TestDecisionDates: a decision takes effect on its day, which may not lie
// in the future or before the area's last recorded status change.
func TestDecisionDates(t *testing.T) {
	ctx := context.Background()
	f := newStoreFixture(t)
	c := f.create(t, "DG", 0, "Nord")
	if _, err := f.svc.SetStatus(ctx, c, campaigns.StatusReached, campaigns.Decision{On: mustDay(t, "2026-02-17")}); err == nil ||
		!strings.Contains(err.Error(), "17.02.2026 liegt in der Zukunft") {
		t.Errorf("future decision: %v", err)
	}
	c, err := f.svc.SetStatus(ctx, c, campaigns.StatusReached, campaigns.Decision{On: mustDay(t, "2026-02-10")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SetStatus(ctx, c, campaigns.StatusCommitted, campaigns.Decision{On: mustDay(t, "2026-02-09")}); err == nil ||
		!strings.Contains(err.Error(), "am 10.02.2026 ist schon eine spätere Statusänderung erfasst") {
		t.Errorf("decision before the last one: %v", err)
	}
	// The extension is dated, and so are the areas it extends.
	c, err = f.svc.SetStatus(ctx, c, campaigns.StatusCommitted, campaigns.Decision{On: mustDay(t, "2026-02-12")})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(c.Events); n != 4 { // running at the start with its overlay figure, reached, committed
		t.Errorf("%d events: %+v", n, c.Events)
	}
}

// TestFiguresFlags: past the deadline an active area is "decision due";
// without a count for StaleDays it is stale, and its forecast never lies
// before the figures' day; the pooled line is never better than its
// worst area.
func TestFiguresFlags(t *testing.T) {
	ctx := context.Background()
	f := newStoreFixture(t)
	c := f.createWith(t, campaigns.NewCampaign{Name: "Alt", Threshold: 0.33, Areas: []string{"Nord", "Süd"},
		Start: mustDay(t, "2025-11-03"), Deadline: mustDay(t, "2026-02-13")})
	f.add(t, c, "Nord", "2025-11-17", 10, "amt")
	f.add(t, c, "Nord", "2025-12-01", 20, "amt") // 20 of 100, last count 77 days ago
	f.add(t, c, "Süd", "2026-02-10", 20, "amt")  // 40 %: reached
	figs, err := f.svc.Figures(ctx, c, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	nord, sued := figs.Areas[0], figs.Areas[1]
	if !nord.DecisionDue || !nord.Stale || !sued.DecisionDue || sued.Stale {
		t.Errorf("flags: Nord due %v stale %v, Süd due %v stale %v", nord.DecisionDue, nord.Stale, sued.DecisionDue, sued.Stale)
	}
	if nord.Forecast.Reachable && !nord.Forecast.Date.After(figs.AsOf) {
		t.Errorf("stale forecast in the past: %v (as of %v)", nord.Forecast.Date, figs.AsOf)
	}
	if figs.Total.Rating == campaigns.OnTrack || !figs.Total.DecisionDue {
		t.Errorf("pooled: rating %s, due %v; Nord %s", figs.Total.Rating, figs.Total.DecisionDue, nord.Rating)
	}
	// Before the deadline nothing is due.
	early, err := f.svc.Figures(ctx, c, mustDay(t, "2025-12-05"))
	if err != nil {
		t.Fatal(err)
	}
	if early.Areas[0].DecisionDue || early.Areas[0].Stale {
		t.Errorf("as of 05.12.2025: due %v stale %v", early.Areas[0].DecisionDue, early.Areas[0].Stale)
	}
}

// TestToday: the office's day is Berlin's, whatever the server's zone.
func TestToday(t *testing.T) {
	tests := []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 3, 1, 23, 40, 0, 0, time.UTC), "2026-03-02"},  // 00:40 in Berlin (CET)
		{time.Date(2026, 7, 1, 22, 10, 0, 0, time.UTC), "2026-07-02"},  // 00:10 in Berlin (CEST)
		{time.Date(2026, 7, 1, 21, 59, 0, 0, time.UTC), "2026-07-01"},  // 23:59 in Berlin
		{time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), "2027-01-01"}, // midnight in Berlin
	}
	for _, tt := range tests {
		if got := campaigns.Today(tt.now).Format(time.DateOnly); got != tt.want {
			t.Errorf("Today(%v) = %s, want %s", tt.now, got, tt.want)
		}
	}
	// A count entered at 00:40 Berlin time for that day is not "future".
	f := newStoreFixture(t)
	f.svc.Now = func() time.Time { return time.Date(2026, 2, 16, 23, 40, 0, 0, time.UTC) }
	c := f.create(t, "DG", 0.33, "Nord")
	if _, err := f.svc.AddEntry(context.Background(), campaigns.NewEntry{Campaign: c.Name, Area: "Nord", AsOf: mustDay(t, "2026-02-17"),
		Count: 3, EnteredBy: "amt", BasedOn: -1}); err != nil {
		t.Errorf("count for the Berlin day: %v", err)
	}
}

// TestPreviewMatchesTheStore: the overlay an import would leave, computed
// without writing, gives the denominators the store gives after the
// import — for addresses and for areas.
func TestPreviewMatchesTheStore(t *testing.T) {
	ctx := context.Background()
	f := newStoreFixture(t)
	g := &geo.Service{Store: f.svc.Geo}
	den := func(area string) geo.Totals {
		t.Helper()
		a, err := f.svc.Geo.AreaByName(ctx, "", area)
		if err != nil {
			t.Fatal(err)
		}
		d, err := f.svc.Store.Denominators(ctx, 0, a.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		return geo.Totals{Households: d.Households, Businesses: d.Businesses, Buildings: d.Buildings}
	}
	id := func(area string) int64 {
		a, err := f.svc.Geo.AreaByName(ctx, "", area)
		if err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	// One address moves from Nord to Süd (same key: Hauptstraße 14), one
	// is new in Nord.
	csv := "strasse;hnr;plz;ort;lon;lat;we;betriebe\n" +
		"Hauptstraße;14;77654;Musterstadt;7,921;48,45;40;0\n" +
		"Neubauweg;1;77654;Musterstadt;7,93;48,49;7;2\n"
	src := func() []geo.Source { return []geo.Source{{Name: "neu.csv", R: strings.NewReader(csv)}} }
	p, err := g.PreviewAddresses(ctx, src(), geo.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Of(id("Nord"), 0); got != (geo.Totals{Households: 67, Businesses: 2, Buildings: 2}) {
		t.Errorf("preview Nord: %+v", got)
	}
	if _, err := g.ImportAddresses(ctx, src(), geo.ParseOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, area := range []string{"Nord", "Süd"} {
		if got, want := p.Of(id(area), 0), den(area); got != want {
			t.Errorf("%s: preview %+v, store after the import %+v", area, got, want)
		}
	}
	// A new build area over Nord's west half, and Süd grown to Nord.
	areas := `{"type":"FeatureCollection","features":[
		{"type":"Feature","properties":{"name":"Süd"},"geometry":{"type":"Polygon","coordinates":[[[7.90,48.44],[7.95,48.44],[7.95,48.49],[7.90,48.49],[7.90,48.44]]]}}]}`
	pa, err := g.PreviewAreas(ctx, []geo.Source{{Name: "o.geojson", R: strings.NewReader(areas)}}, geo.ParseOptions{Kind: geo.KindDistrict})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.ImportAreas(ctx, []geo.Source{{Name: "o.geojson", R: strings.NewReader(areas)}}, geo.ParseOptions{Kind: geo.KindDistrict}); err != nil {
		t.Fatal(err)
	}
	for _, area := range []string{"Nord", "Süd"} {
		if got, want := pa.Of(id(area), 0), den(area); got != want {
			t.Errorf("%s after the area import: preview %+v, store %+v", area, got, want)
		}
	}
}

// TestCorrect: a correction is a new event naming the one it corrects;
// the corrected event stays in the record and counts no more.
func TestCorrect(t *testing.T) {
	ctx := context.Background()
	f := newStoreFixture(t)
	c := f.create(t, "DG", 0, "Nord")
	c, err := f.svc.SetStatus(ctx, c, campaigns.StatusReached, campaigns.Decision{On: mustDay(t, "2026-02-10"), Reason: "Frist"})
	if err != nil {
		t.Fatal(err)
	}
	wrong := c.Events[len(c.Events)-1]
	if _, err := f.svc.Correct(ctx, c, wrong.ID, "missed", campaigns.Decision{}); geo.ErrorCode(err) != geo.EINVALID {
		t.Errorf("correction without a reason: %v", err)
	}
	if _, err := f.svc.Correct(ctx, c, 999, "missed", campaigns.Decision{Reason: "x"}); geo.ErrorCode(err) != geo.ENOTFOUND {
		t.Errorf("correction of an unknown event: %v", err)
	}
	if _, err := f.svc.Correct(ctx, c, wrong.ID, "live", campaigns.Decision{Reason: "x"}); geo.ErrorCode(err) != geo.EINVALID {
		t.Errorf("correction to an illegal transition: %v", err)
	}
	c, err = f.svc.Correct(ctx, c, wrong.ID, "missed", campaigns.Decision{Reason: "Zahlen des Anbieters waren falsch", By: "anna"})
	if err != nil {
		t.Fatal(err)
	}
	fix := c.Events[len(c.Events)-1]
	if fix.Corrects != wrong.ID || fix.To != "missed" || !fix.Effective.Equal(wrong.Effective) || fix.EnteredBy != "anna" {
		t.Errorf("correction: %+v", fix)
	}
	if c.Areas[0].Status != campaigns.StatusMissed || c.AsOf(mustDay(t, "2026-02-09")).Areas[0].Status != campaigns.StatusRunning ||
		c.AsOf(mustDay(t, "2026-02-10")).Areas[0].Status != campaigns.StatusMissed {
		t.Errorf("after the correction: now %s", c.Areas[0].Status)
	}
	stored, err := f.svc.Store.Campaign(ctx, c.ID)
	if err != nil || len(stored.Events) != len(c.Events) || stored.Events[len(stored.Events)-2].ID != wrong.ID {
		t.Errorf("the corrected event left the record: %v", err)
	}
	if _, err := f.svc.Correct(ctx, c, wrong.ID, "reached", campaigns.Decision{Reason: "x"}); geo.ErrorCode(err) != geo.EINVALID {
		t.Errorf("a second correction of the same event: %v", err)
	}
}

func TestOverallText(t *testing.T) {
	r, m, x := campaigns.StatusReached, campaigns.StatusMissed, campaigns.StatusExtended
	tests := []struct {
		areas []campaigns.Status
		want  string
	}{
		{nil, "geplant"},
		{[]campaigns.Status{r, r}, "Quote erreicht"},
		{[]campaigns.Status{m, r, m, m}, "1 × Quote erreicht, 3 × nicht erreicht (geparkt)"},
		{[]campaigns.Status{r, x}, "1 × verlängert, 1 × Quote erreicht"},
	}
	for _, tt := range tests {
		if got := campaigns.OverallText(tt.areas); got != tt.want {
			t.Errorf("OverallText(%v) = %q, want %q", tt.areas, got, tt.want)
		}
	}
}

// TestEventsSinceBerlinDay: an event entered at 00:30 in Berlin on the
// day asked for (23:30 UTC the evening before) was entered on that day
// and is listed; one entered at 23:30 in Berlin the evening before is
// not.
func TestEventsSinceBerlinDay(t *testing.T) {
	since := time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)
	c := &campaigns.Campaign{Events: []campaigns.Event{
		{ID: 1, Effective: since.AddDate(0, 0, -10), EnteredAt: time.Date(2026, 3, 15, 23, 30, 0, 0, time.UTC)}, // 16.03. 00:30 in Berlin
		{ID: 2, Effective: since.AddDate(0, 0, -10), EnteredAt: time.Date(2026, 3, 15, 22, 30, 0, 0, time.UTC)}, // 15.03. 23:30 in Berlin
	}}
	if got := c.EventsSince(since); len(got) != 1 || got[0].ID != 1 {
		t.Errorf("EventsSince(%s): %+v, want event 1 only", since.Format(time.DateOnly), got)
	}
}
