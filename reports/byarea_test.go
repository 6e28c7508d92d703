package reports

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/xuri/excelize/v2"

	"gigaplan/campaigns"
	"gigaplan/data/demo"
	"gigaplan/data/sqlite"
	"gigaplan/data/storetest"
	"gigaplan/geo"
)

// byAreaToday is the pinned date of the by-area golden workbooks.
var byAreaToday = time.Date(2026, 7, 7, 9, 30, 0, 0, time.UTC)

// byAreaSource is the demo county in a SQLite store: Musterstadt with its
// districts, zones and build areas, Kleinbach with its districts and
// campaign, and two zones of Musterstadt on the border: "Gewerbepark
// Grenze" reaches into Kleinbach (its addresses there are Kleinbach's),
// and "Grenze Nord" overlaps it (addresses in both zones). Every third
// address has supply data.
func byAreaSource(t *testing.T) (Source, map[string]geo.Area) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	town := demo.New(demo.DefaultSeed)
	nb := demo.NewNeighbour(town, demo.DefaultSeed)
	if _, err := st.ImportAreas(ctx, geo.Values([]geo.Area{town.Municipality, nb.Municipality})); err != nil {
		t.Fatal(err)
	}
	muni := map[string]geo.Area{}
	for _, n := range []string{town.Name, nb.Municipality.Name} {
		if muni[n], err = st.AreaByName(ctx, geo.KindMunicipality, n); err != nil {
			t.Fatal(err)
		}
	}
	x0 := nb.Municipality.Geometry.Bound().Min.Lon()
	b := nb.Municipality.Geometry.Bound()
	mid := (b.Min.Lat() + b.Max.Lat()) / 2
	rect := func(x0, y0, x1, y1 float64) orb.MultiPolygon {
		return orb.MultiPolygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}
	}
	border := []geo.Area{
		{Kind: geo.KindZone, Name: "Gewerbepark Grenze", Geometry: rect(x0-0.004, b.Min.Lat(), x0+0.005, b.Max.Lat())},
		{Kind: geo.KindZone, Name: "Grenze Nord", Geometry: rect(x0-0.004, mid, x0+0.003, b.Max.Lat())},
	}
	var areas []geo.Area
	for _, a := range slices.Concat(town.Districts, town.Zones, town.BuildAreas, border) {
		a.Municipality = muni[town.Name].ID
		areas = append(areas, a)
	}
	for _, a := range nb.Districts {
		a.Municipality = muni[nb.Municipality.Name].ID
		areas = append(areas, a)
	}
	if _, err := st.ImportAreas(ctx, geo.Values(areas)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportAddresses(ctx, geo.Values(slices.Concat(town.Addresses, nb.Addresses))); err != nil {
		t.Fatal(err)
	}
	if _, err := (&geo.Service{Store: st}).Reassign(ctx); err != nil {
		t.Fatal(err)
	}
	svc := &campaigns.Service{Geo: st, Store: st, Now: func() time.Time { return byAreaToday }}
	if err := demo.LoadCampaigns(ctx, svc, town, byAreaToday); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadNeighbourCampaign(ctx, svc, nb, byAreaToday); err != nil {
		t.Fatal(err)
	}
	var sup []geo.Supply
	i := 0
	for a, err := range st.Addresses(ctx, geo.AddressFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			s := geo.Supply{AddressID: a.ID, Download: float64(int(16) << (i % 7)), Upload: 10, Technology: "VDSL2", Operator: "Telekom"}
			if i%9 == 0 {
				s.PlannedOperator, s.PlannedDate = "Deutsche Glasfaser", time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)
			}
			sup = append(sup, s)
		}
		i++
	}
	storetest.MustSupply(t, st, "Telekom", sup...)
	return Source{Geo: st, Supply: st, Campaigns: svc}, muni
}

// bookValues writes every cell value of every sheet, a line per row.
func bookValues(t *testing.T, b []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out strings.Builder
	for _, sh := range f.GetSheetList() {
		fmt.Fprintf(&out, "== %s\n", sh)
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			fmt.Fprintf(&out, "%d: %s\n", i+1, strings.Join(r, " | "))
		}
	}
	return out.String()
}

// TestReportsByAreaGolden: the funding workbooks of one municipality and
// its address export, read by area, hold exactly the cell values of the
// workbooks read from every assignment of the store (the golden file was
// written by that code): no address on the municipality border is lost,
// and an address in two zones lists both.
func TestReportsByAreaGolden(t *testing.T) {
	fixFundingClock(t)
	ctx := context.Background()
	src, muni := byAreaSource(t)
	rs, err := campaigns.RuleSetByName(campaigns.DefaultRuleSet, campaigns.DefaultRuleSets)
	if err != nil {
		t.Fatal(err)
	}
	asOf := campaigns.Day(byAreaToday)
	var got strings.Builder
	for _, tt := range []struct {
		name  string
		muni  string
		areas []string
	}{
		{"border zones of Musterstadt", demo.TownName, []string{"Grenze Nord", "Gewerbepark Grenze"}},
		{"Kleinbach as one project area", demo.NeighbourName, []string{demo.NeighbourName}},
	} {
		m := muni[tt.muni]
		rows, err := src.ProjectRows(ctx, tt.areas, RowOptions{Coverage: true, Rules: &rs, AsOf: asOf, Municipality: m.ID})
		if err != nil {
			t.Fatal(err)
		}
		opt := FundingOptions{Title: tt.name, Municipality: m.Name, AGS: m.AGS, Areas: tt.areas, RuleSet: rs.Name, RuleTitle: rs.Title,
			AsOf: asOf, CostPerConnection: 2500, ShareBund: 0.5, ShareLand: 0.4, ShareMunicipality: 0.1}
		var buf bytes.Buffer
		if _, err := Funding(ctx, rows, opt, &buf); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		fmt.Fprintf(&got, "### funding workbook: %s\n%s", tt.name, bookValues(t, buf.Bytes()))
	}
	zone, err := src.Geo.AreaIn(ctx, muni[demo.TownName].ID, geo.KindZone, "Gewerbepark Grenze")
	if err != nil {
		t.Fatal(err)
	}
	for n, id := range map[string]int64{"Gewerbepark Grenze": zone.ID} {
		rows, err := src.AddressRows(ctx, geo.AddressFilter{AreaID: id, ByStreet: true}, RowOptions{Coverage: true, Rules: &rs, AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := WriteAddressesCSV(&buf, rows); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&got, "### address export: %s\n%s", n, buf.String())
	}
	golden := filepath.Join("testdata", "byarea", "reports.golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -run TestReportsByAreaGolden -update)", err)
	}
	if got.String() != string(want) {
		t.Errorf("reports differ from %s (rerun with -update if intended):\n%s", golden, fundingDiff(string(want), got.String()))
	}
	// The fixture has what the test is for.
	s := got.String()
	for _, want := range []string{"Gewerbepark Grenze" + ListSeparator + "Grenze Nord", "Kleinbach"} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q in the reports", want)
		}
	}
}
