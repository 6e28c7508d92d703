package storetest

import (
	"cmp"
	"context"
	"reflect"
	"slices"
	"testing"

	"gigaplan/geo"
)

// testSupplyOperatorsKeptApart: each operator's answer is kept and
// replaced on its own (importing Vodafone after Telekom keeps Telekom's
// rows); the merged reads follow geo.MergeSupply in operator order, and
// OperatorSupplyIn returns each answer; the answer dates are recorded.
func testSupplyOperatorsKeptApart(t *testing.T, f *supplyFixture) {
	ctx := context.Background()
	k1, k2, k3 := f.id["k1"], f.id["k2"], f.id["k3"]
	tk := f.sample()
	f.replace(t, "Telekom", tk...)
	vf := []geo.Supply{
		{AddressID: k1, Download: 1000, Upload: 50, Technology: "DOCSIS 3.1", Operator: "Vodafone", Source: "v.csv:2"},
		{AddressID: k3, Download: 0, Upload: 0, Operator: "Vodafone", PlannedOperator: "Vodafone", PlannedDate: day("2028-12-31"), Source: "v.csv:3"},
	}
	if n, err := f.s.ReplaceOperatorSupply(ctx, f.survey, "Vodafone", day("2026-03-15"), seq(vf, nil)); err != nil || n != 2 {
		t.Fatalf("ReplaceOperatorSupply(Vodafone) = %d, %v", n, err)
	}
	tkA, vfA := answeredBy(tk, "Telekom"), answeredBy(vf, "Vodafone")
	wantPer := map[int64][]geo.Supply{k1: {tkA[0], vfA[0]}, k2: {tkA[1]}, k3: {vfA[1]}}
	per, err := f.s.OperatorSupplyIn(ctx, f.survey, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(per, wantPer) {
		t.Errorf("OperatorSupplyIn:\n got %+v\nwant %+v", per, wantPer)
	}
	wantAll := map[int64]geo.Supply{k1: geo.MergeSupply(tk[0], vf[0]), k2: tk[1], k3: vf[1]}
	if got := f.all(t); !reflect.DeepEqual(got, wantAll) {
		t.Errorf("SupplyAll:\n got %+v\nwant %+v", got, wantAll)
	}
	if got := f.all(t)[k1]; got.Download != 1000 || got.Operator != "Vodafone" || got.Source != "t.csv:2, v.csv:2" {
		t.Errorf("merged k1 = %+v, want Vodafone's 1000 Mbit/s from both sources", got)
	}

	// Telekom again, with k2 only: Vodafone's answer stays.
	f.replace(t, "Telekom", tk[1])
	per, err = f.s.OperatorSupplyIn(ctx, f.survey, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := (map[int64][]geo.Supply{k1: {vfA[0]}, k2: {tkA[1]}, k3: {vfA[1]}}); !reflect.DeepEqual(per, want) {
		t.Errorf("after Telekom's second answer:\n got %+v\nwant %+v", per, want)
	}

	// A failed import of one operator leaves every answer as it was.
	if _, err := f.s.ReplaceOperatorSupply(ctx, f.survey, "Vodafone", day("2026-04-01"),
		seq([]geo.Supply{{AddressID: k1, Download: -5, Source: "v2.csv:9"}}, nil)); geo.ErrorCode(err) != geo.EINVALID {
		t.Errorf("bad bandwidth: err = %v, want EINVALID", err)
	}
	if again, _ := f.s.OperatorSupplyIn(ctx, f.survey, 0); !reflect.DeepEqual(again, per) {
		t.Errorf("failed import changed the answers:\n got %+v\nwant %+v", again, per)
	}

	sv, err := f.s.Survey(ctx, f.survey)
	if err != nil {
		t.Fatal(err)
	}
	wantOps := []geo.SurveyOperator{{Name: "Telekom", Asked: true, AnsweredOn: day("2026-03-01")}, {Name: "Vodafone", Asked: true, AnsweredOn: day("2026-03-15")}}
	if !reflect.DeepEqual(sv.Operators, wantOps) {
		t.Errorf("operators:\n got %+v\nwant %+v", sv.Operators, wantOps)
	}

	// An operator that was not asked is added by its answer, as not asked.
	f.replace(t, "Deutsche Glasfaser", geo.Supply{AddressID: k3, Download: 1000, Upload: 1000, Technology: "FTTH", Operator: "DG", Source: "dg.csv:2"})
	sv, _ = f.s.Survey(ctx, f.survey)
	if o, ok := sv.Operator("Deutsche Glasfaser"); !ok || o.Asked || !o.Answered() {
		t.Errorf("unasked operator after its answer = %+v, %v; want listed, not asked, answered", o, ok)
	}
	if got := f.all(t)[k3]; got.Operator != "DG" || got.Download != 1000 || got.PlannedOperator != "Vodafone" || got.AnsweredBy != "" {
		t.Errorf("k3 = %+v: want the network DG as Deutsche Glasfaser's answer reports it, and Vodafone's plan", got)
	}
	// A row without an operator gets the answering one.
	f.replace(t, "EnBW", geo.Supply{AddressID: k2, Download: 10, Source: "e.csv:2"})
	per, _ = f.s.OperatorSupplyIn(ctx, f.survey, 0)
	if i := slices.IndexFunc(per[k2], func(s geo.Supply) bool { return s.AnsweredBy == "EnBW" }); i < 0 || per[k2][i].Operator != "EnBW" {
		t.Errorf("k2 answers %+v: want EnBW's row with operator EnBW", per[k2])
	}
}

// answeredBy returns copies of ss as op's answer.
func answeredBy(ss []geo.Supply, op string) []geo.Supply {
	out := slices.Clone(ss)
	for i := range out {
		out[i].AnsweredBy = op
	}
	return out
}

// testSupplySurveys: surveys are added, listed and read with their
// operators; bad ones are refused; asked and not answered are told apart.
func testSupplySurveys(t *testing.T, f *supplyFixture) {
	ctx := context.Background()
	mustImportAreas(t, f.s, geo.Area{Kind: geo.KindDistrict, Name: "Nord", Geometry: Square(0, 0, 1, 1)})
	nord := mustArea(t, f.s, "", "Nord").ID
	in := geo.Survey{Name: "MEV Nord", AreaID: nord, From: day("2026-01-05"), To: day("2026-02-16"),
		Published: day("2026-01-05"), HorizonYears: 7, Branchendialog: day("2026-03-02"), CreatedBy: "anna",
		Operators: []geo.SurveyOperator{{Name: "Telekom", Asked: true}, {Name: "Vodafone", Asked: true}, {Name: "EnBW", Asked: true}}}
	sv, err := f.s.AddSurvey(ctx, in)
	if err != nil {
		t.Fatalf("AddSurvey: %v", err)
	}
	if sv.ID == 0 || sv.CreatedAt.IsZero() {
		t.Errorf("stored survey lacks ID or creation time: %+v", sv)
	}
	want := in
	want.ID, want.CreatedAt = sv.ID, sv.CreatedAt
	slices.SortFunc(want.Operators, func(a, b geo.SurveyOperator) int { return cmp.Compare(a.Name, b.Name) })
	if !reflect.DeepEqual(sv, want) {
		t.Errorf("AddSurvey returned\n %+v\nwant %+v", sv, want)
	}
	all, err := f.s.Surveys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].ID != f.survey || !reflect.DeepEqual(all[1], sv) {
		t.Errorf("Surveys = %+v, want the fixture's and %+v", all, sv)
	}
	if _, err := f.s.ReplaceOperatorSupply(ctx, sv.ID, "Vodafone", day("2026-02-10"), seq([]geo.Supply{{AddressID: f.id["k1"], Download: 100}}, nil)); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SetSurveyOperators(ctx, sv.ID, []string{"Telekom", "NetCom BW"}, true); err != nil {
		t.Fatal(err)
	}
	sv, _ = f.s.Survey(ctx, sv.ID)
	if got, want := sv.NotAnswered(), []string{"EnBW", "NetCom BW", "Telekom"}; !reflect.DeepEqual(got, want) {
		t.Errorf("NotAnswered = %v, want %v", got, want)
	}
	if got, want := sv.Answered(), []string{"Vodafone"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Answered = %v, want %v", got, want)
	}

	for _, tt := range []struct {
		name string
		sv   geo.Survey
		code string
	}{
		{"horizon 2", geo.Survey{Name: "x", HorizonYears: 2}, geo.EINVALID},
		{"horizon 8", geo.Survey{Name: "x", HorizonYears: 8}, geo.EINVALID},
		{"no name", geo.Survey{HorizonYears: 3}, geo.EINVALID},
		{"period backwards", geo.Survey{Name: "x", HorizonYears: 3, From: day("2026-02-01"), To: day("2026-01-01")}, geo.EINVALID},
		{"unknown area", geo.Survey{Name: "x", HorizonYears: 3, AreaID: nord + 1000}, geo.EINVALID},
		{"operator twice", geo.Survey{Name: "x", HorizonYears: 3, Operators: []geo.SurveyOperator{{Name: "A"}, {Name: "A"}}}, geo.EINVALID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := f.s.AddSurvey(ctx, tt.sv); geo.ErrorCode(err) != tt.code {
				t.Errorf("AddSurvey = %v, want %s", err, tt.code)
			}
		})
	}
	if n, _ := f.s.Surveys(ctx); len(n) != 2 {
		t.Errorf("refused surveys were stored: %d surveys", len(n))
	}
	if _, err := f.s.Survey(ctx, 99999); geo.ErrorCode(err) != geo.ENOTFOUND {
		t.Errorf("Survey(unknown) = %v, want ENOTFOUND", err)
	}
	if _, err := f.s.ReplaceOperatorSupply(ctx, 99999, "A", day("2026-01-01"), seq[geo.Supply](nil, nil)); geo.ErrorCode(err) != geo.ENOTFOUND {
		t.Errorf("ReplaceOperatorSupply(unknown survey) = %v, want ENOTFOUND", err)
	}
	if err := f.s.SetSurveyOperators(ctx, 99999, []string{"A"}, true); geo.ErrorCode(err) != geo.ENOTFOUND {
		t.Errorf("SetSurveyOperators(unknown survey) = %v, want ENOTFOUND", err)
	}

	// A survey's project area is not deleted (e.g. by import areas
	// --remove-missing): EINVALID naming the survey, in German, and the
	// area stays.
	err = f.s.DeleteAreas(ctx, []int64{nord})
	if geo.ErrorCode(err) != geo.EINVALID || geo.ErrorMessage(err) != "Gebiet „Nord“ ist das Projektgebiet der Markterkundung „MEV Nord“ und wird nicht entfernt" {
		t.Errorf("DeleteAreas(survey's area) = %v, want EINVALID naming the survey", err)
	}
	if a := mustArea(t, f.s, "", "Nord"); a.ID != nord {
		t.Errorf("the survey's area is gone: %+v", a)
	}
}

// testSupplyLatestSurvey: without a survey given, the reads use the latest
// survey covering the area: one of that area, one sharing addresses with
// it, or one of every address; a survey of another area does not count.
func testSupplyLatestSurvey(t *testing.T, f *supplyFixture) {
	ctx := context.Background()
	mustImportAreas(t, f.s,
		geo.Area{Kind: geo.KindDistrict, Name: "Nord", Geometry: Square(0, 0, 1, 1)},
		geo.Area{Kind: geo.KindDistrict, Name: "Süd", Geometry: Square(5, 5, 6, 6)},
		geo.Area{Kind: geo.KindZone, Name: "Z", Geometry: Square(0, 0, 1, 1)},
	)
	nord, sued, z := mustArea(t, f.s, "", "Nord").ID, mustArea(t, f.s, "", "Süd").ID, mustArea(t, f.s, "", "Z").ID
	k1, k2, k3 := f.id["k1"], f.id["k2"], f.id["k3"]
	if err := f.s.ReplaceAssignments(ctx, []geo.Assignment{
		{AddressID: k1, AreaID: nord}, {AddressID: k2, AreaID: nord}, {AddressID: k3, AreaID: sued},
		{AddressID: k1, AreaID: z},
	}); err != nil {
		t.Fatal(err)
	}
	// The fixture's survey (every address): k1 16 Mbit/s, k3 16.
	f.replace(t, "Telekom", geo.Supply{AddressID: k1, Download: 16}, geo.Supply{AddressID: k3, Download: 16})
	svNord, err := f.s.AddSurvey(ctx, geo.Survey{Name: "MEV Nord", AreaID: nord, HorizonYears: 5})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.ReplaceOperatorSupply(ctx, svNord.ID, "Telekom", day("2026-05-01"), seq([]geo.Supply{{AddressID: k1, Download: 250}}, nil)); err != nil {
		t.Fatal(err)
	}
	// A newer survey of every address that nobody answered yet hides nothing.
	if _, err := f.s.AddSurvey(ctx, geo.Survey{Name: "MEV 2027", HorizonYears: 7,
		Operators: []geo.SurveyOperator{{Name: "Telekom", Asked: true}}}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name       string
		area       int64
		wantSurvey int64
		want       map[int64]float64 // address → download
	}{
		{"own area", nord, svNord.ID, map[int64]float64{k1: 250}},
		{"area sharing addresses", z, svNord.ID, map[int64]float64{k1: 250}},
		{"other area: the survey of every address", sued, f.survey, map[int64]float64{k3: 16}},
		{"whole store: the latest", 0, svNord.ID, map[int64]float64{k1: 250}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sv, err := f.s.LatestSurvey(ctx, tt.area)
			if err != nil || sv.ID != tt.wantSurvey {
				t.Errorf("LatestSurvey(%d) = %d, %v; want %d", tt.area, sv.ID, err, tt.wantSurvey)
			}
			var m map[int64]geo.Supply
			if tt.area == 0 {
				m, err = f.s.SupplyAll(ctx)
			} else {
				m, err = f.s.SupplyIn(ctx, tt.area)
			}
			if err != nil {
				t.Fatal(err)
			}
			got := map[int64]float64{}
			for id, s := range m {
				got[id] = s.Download
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("supply = %v, want %v", got, tt.want)
			}
		})
	}
	// An explicit survey is read as given.
	m, err := f.s.SurveySupply(ctx, f.survey, nord)
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != 1 || m[k1].Download != 16 {
		t.Errorf("SurveySupply(fixture, Nord) = %+v, want k1 at 16 Mbit/s", m)
	}
}

// UpgradeSupplyStatements fill a store in the schema before migration
// 0017 (both dialects): addresses 1–3, supply rows of two operators for 1
// and 2 (one merged row per address, as stored then).
var UpgradeSupplyStatements = []string{
	`INSERT INTO addresses (id, key, lon, lat, search_key) VALUES (1, 'u1', 0.5, 0.5, 'u1'), (2, 'u2', 0.5, 0.5, 'u2'), (3, 'u3', 0.5, 0.5, 'u3')`,
	`INSERT INTO supply (address_id, download, upload, technology, operator, planned_operator, planned_date, source) VALUES
		(1, 50, 10, 'VDSL2', 'Telekom', 'Deutsche Glasfaser', '2027-06-30', 't.csv:2'),
		(2, 1000, 50, 'DOCSIS 3.1', 'Vodafone', '', NULL, 'v.csv:2, t.csv:3')`,
}

// CheckUpgradeSupply checks a store filled by UpgradeSupplyStatements and
// then migrated: the rows are in one survey "Bestand (vor Migration
// 0017)" of every address with horizon 3 and the two operators as asked
// and answered, read as before; a new answer of one operator keeps the
// other's.
func CheckUpgradeSupply(t *testing.T, s geo.SupplyStore) {
	t.Helper()
	ctx := context.Background()
	svs, err := s.Surveys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(svs) != 1 {
		t.Fatalf("surveys after the upgrade: %+v, want one", svs)
	}
	sv := svs[0]
	if sv.Name != "Bestand (vor Migration 0017)" || sv.HorizonYears != 3 || sv.AreaID != 0 {
		t.Errorf("survey of the old rows = %+v", sv)
	}
	if got := sv.OperatorNames(func(o geo.SurveyOperator) bool { return o.Asked && o.Answered() }); !reflect.DeepEqual(got, []string{"Telekom", "Vodafone"}) {
		t.Errorf("operators asked and answered = %v (%+v), want Telekom, Vodafone", got, sv.Operators)
	}
	want := map[int64]geo.Supply{
		1: {AddressID: 1, Download: 50, Upload: 10, Technology: "VDSL2", Operator: "Telekom", PlannedOperator: "Deutsche Glasfaser", PlannedDate: day("2027-06-30"), Source: "t.csv:2"},
		2: {AddressID: 2, Download: 1000, Upload: 50, Technology: "DOCSIS 3.1", Operator: "Vodafone", Source: "v.csv:2, t.csv:3"},
	}
	got, err := s.SupplyAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SupplyAll after the upgrade:\n got %+v\nwant %+v", got, want)
	}
	if _, err := s.ReplaceOperatorSupply(ctx, sv.ID, "Telekom", day("2026-12-01"), seq([]geo.Supply{{AddressID: 3, Download: 100, Upload: 40}}, nil)); err != nil {
		t.Fatal(err)
	}
	got, _ = s.SupplyAll(ctx)
	if len(got) != 2 || got[2].Operator != "Vodafone" || got[3].Download != 100 {
		t.Errorf("after Telekom's new answer: %+v, want Vodafone's row for 2 and Telekom's for 3", got)
	}
}
