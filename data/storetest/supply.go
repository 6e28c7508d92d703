package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"gigaplan/geo"
)

// RunSupply runs the supply part of the suite (geo.SupplyStore); each
// subtest gets its own store from open.
func RunSupply(t *testing.T, open func(t *testing.T) interface {
	geo.Store
	geo.SupplyStore
}) {
	tests := []struct {
		name string
		fn   func(t *testing.T, f *supplyFixture)
	}{
		{"ReplaceAndRead", testSupplyReplaceAndRead},
		{"ReplaceReplaces", testSupplyReplaceReplaces},
		{"Invalid", testSupplyInvalid},
		{"Rollback", testSupplyRollback},
		{"Cancel", testSupplyCancel},
		{"ReadCancelled", testSupplyReadCancelled},
		{"ReadByArea", testSupplyReadByArea},
		{"ImportRecords", testImportRecords},
		{"OperatorsKeptApart", testSupplyOperatorsKeptApart},
		{"Surveys", testSupplySurveys},
		{"LatestSurvey", testSupplyLatestSurvey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tt.fn(t, newSupplyFixture(t, s))
		})
	}
}

type supplyStore interface {
	geo.Store
	geo.SupplyStore
}

// supplyFixture: three addresses k1, k2, k3 and their IDs.
type supplyFixture struct {
	s      supplyStore
	id     map[string]int64
	survey int64 // survey "MEV 2026", horizon 5 years, every address
}

func newSupplyFixture(t *testing.T, s supplyStore) *supplyFixture {
	t.Helper()
	mustImportAddresses(t, s, Addr("k1", "Hauptstraße", "1", 1, 0), Addr("k2", "Hauptstraße", "2 a", 1, 0), Addr("k3", "Mühlenweg", "5", 2, 0))
	f := &supplyFixture{s: s, id: map[string]int64{}}
	for _, k := range []string{"k1", "k2", "k3"} {
		f.id[k] = byKey(t, s, k).ID
	}
	sv, err := s.AddSurvey(context.Background(), geo.Survey{Name: "MEV 2026", HorizonYears: 5,
		Operators: []geo.SurveyOperator{{Name: "Telekom", Asked: true}, {Name: "Vodafone", Asked: true}}})
	if err != nil {
		t.Fatalf("AddSurvey: %v", err)
	}
	f.survey = sv.ID
	return f
}

// MustSupply writes ss as operator's answer to the store's first survey,
// adding a survey "Test" (horizon 5 years, every address) when there is
// none, and returns the survey's ID.
func MustSupply(tb testing.TB, s geo.SupplyStore, operator string, ss ...geo.Supply) int64 {
	tb.Helper()
	ctx := context.Background()
	svs, err := s.Surveys(ctx)
	if err != nil {
		tb.Fatalf("Surveys: %v", err)
	}
	var id int64
	if len(svs) > 0 {
		id = svs[0].ID
	} else {
		sv, err := s.AddSurvey(ctx, geo.Survey{Name: "Test", HorizonYears: 5})
		if err != nil {
			tb.Fatalf("AddSurvey: %v", err)
		}
		id = sv.ID
	}
	if n, err := s.ReplaceOperatorSupply(ctx, id, operator, day("2026-03-01"), seq(ss, nil)); err != nil || n != len(ss) {
		tb.Fatalf("ReplaceOperatorSupply = %d, %v; want %d, nil", n, err, len(ss))
	}
	return id
}

// replace writes ss as operator's answer to the fixture's survey.
func (f *supplyFixture) replace(t *testing.T, operator string, ss ...geo.Supply) {
	t.Helper()
	n, err := f.s.ReplaceOperatorSupply(context.Background(), f.survey, operator, day("2026-03-01"), seq(ss, nil))
	if err != nil {
		t.Fatalf("ReplaceOperatorSupply(%s): %v", operator, err)
	}
	if n != len(ss) {
		t.Errorf("ReplaceOperatorSupply(%s) wrote %d, want %d", operator, n, len(ss))
	}
}

func (f *supplyFixture) all(t *testing.T) map[int64]geo.Supply {
	t.Helper()
	m, err := f.s.SupplyAll(context.Background())
	if err != nil {
		t.Fatalf("SupplyAll: %v", err)
	}
	return m
}

func (f *supplyFixture) sample() []geo.Supply {
	return []geo.Supply{
		{AddressID: f.id["k1"], Download: 250, Upload: 40, Technology: "VDSL2 Vectoring", Operator: "Telekom", Source: "t.csv:2"},
		{AddressID: f.id["k2"], Download: 50.5, Upload: 10, Technology: "VDSL2", Operator: "Telekom",
			PlannedOperator: "Deutsche Glasfaser", PlannedDate: day("2027-06-30"), Source: "t.csv:3"},
	}
}

func bySupplyID(ss []geo.Supply) map[int64]geo.Supply {
	m := make(map[int64]geo.Supply, len(ss))
	for _, s := range ss {
		m[s.AddressID] = s
	}
	return m
}

func testSupplyReplaceAndRead(t *testing.T, f *supplyFixture) {
	if got := f.all(t); len(got) != 0 {
		t.Errorf("SupplyAll on an empty store = %v, want empty", got)
	}
	want := f.sample()
	f.replace(t, "Telekom", want...)
	got := f.all(t)
	if !reflect.DeepEqual(got, bySupplyID(want)) {
		t.Errorf("SupplyAll:\n got %+v\nwant %+v", got, bySupplyID(want))
	}
	if _, ok := got[f.id["k3"]]; ok {
		t.Errorf("address k3 has supply, but none was written")
	}
	if pd := got[f.id["k2"]].PlannedDate; pd.Location() != day("2000-01-01").Location() {
		t.Errorf("planned date location = %v, want UTC", pd.Location())
	}
}

func testSupplyReplaceReplaces(t *testing.T, f *supplyFixture) {
	f.replace(t, "Telekom", f.sample()...)
	second := []geo.Supply{{AddressID: f.id["k3"], Download: 16, Upload: 1, Technology: "ADSL", Operator: "Telekom", Source: "x.csv:2"}}
	f.replace(t, "Telekom", second...)
	if got := f.all(t); !reflect.DeepEqual(got, bySupplyID(second)) {
		t.Errorf("after the second replace:\n got %+v\nwant %+v", got, bySupplyID(second))
	}
	f.replace(t, "Telekom")
	if got := f.all(t); len(got) != 0 {
		t.Errorf("after replacing with nothing: %v", got)
	}
}

func testSupplyInvalid(t *testing.T, f *supplyFixture) {
	f.replace(t, "Telekom", f.sample()...)
	before := f.all(t)
	k1 := f.id["k1"]
	tests := []struct {
		name string
		ss   []geo.Supply
		msg  string // the message contains this
	}{
		{"unknown address", []geo.Supply{{AddressID: k1, Download: 1, Source: "t.csv:2"}, {AddressID: 999999, Download: 1, Source: "t.csv:3"}}, "t.csv:3: Adresse 999999 gibt es nicht"},
		{"address twice", []geo.Supply{{AddressID: k1, Download: 1, Source: "t.csv:2"}, {AddressID: k1, Download: 2, Source: "t.csv:7"}}, "t.csv:7: Adresse " + fmt.Sprint(k1) + " steht in der Antwort von Telekom doppelt (zuerst t.csv:2)"},
		{"negative download", []geo.Supply{{AddressID: k1, Download: -1, Source: "t.csv:4"}}, "t.csv:4: Bandbreite -1/0 Mbit/s"},
		{"NaN upload", []geo.Supply{{AddressID: k1, Download: 1, Upload: nan()}}, "Adresse " + fmt.Sprint(k1) + ": Bandbreite"},
		{"infinite download", []geo.Supply{{AddressID: k1, Download: math.Inf(1), Upload: 1}}, "Bandbreite"},
		{"infinite upload", []geo.Supply{{AddressID: k1, Download: 1, Upload: math.Inf(1)}}, "Bandbreite"},
		{"negative infinite upload", []geo.Supply{{AddressID: k1, Download: 1, Upload: math.Inf(-1)}}, "Bandbreite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := f.s.ReplaceOperatorSupply(context.Background(), f.survey, "Telekom", day("2026-04-01"), seq(tt.ss, nil))
			if geo.ErrorCode(err) != geo.EINVALID {
				t.Errorf("err = %v (code %q), want EINVALID", err, geo.ErrorCode(err))
			}
			if !strings.Contains(geo.ErrorMessage(err), tt.msg) {
				t.Errorf("message %q does not contain %q", geo.ErrorMessage(err), tt.msg)
			}
			if n != 0 {
				t.Errorf("n = %d after failure, want 0", n)
			}
			if got := f.all(t); !reflect.DeepEqual(got, before) {
				t.Errorf("supply changed by a failed replace:\n got %+v\nwant %+v", got, before)
			}
		})
	}
}

func nan() float64 {
	var zero float64
	return zero / zero
}

func testSupplyRollback(t *testing.T, f *supplyFixture) {
	f.replace(t, "Telekom", f.sample()...)
	before := f.all(t)
	other := []geo.Supply{{AddressID: f.id["k3"], Download: 16}, {AddressID: f.id["k1"], Download: 1}}
	n, err := f.s.ReplaceOperatorSupply(context.Background(), f.survey, "Telekom", day("2026-04-01"), seq(other, errBoom))
	if !errors.Is(err, errBoom) {
		t.Fatalf("err = %v, want %v", err, errBoom)
	}
	if n != 0 {
		t.Errorf("n = %d after failure, want 0", n)
	}
	if got := f.all(t); !reflect.DeepEqual(got, before) {
		t.Errorf("supply changed by a failed replace:\n got %+v\nwant %+v", got, before)
	}
}

func testSupplyCancel(t *testing.T, f *supplyFixture) {
	const n, cancelAt = 5000, 2500
	as := make([]geo.Address, n)
	for i := range as {
		as[i] = Addr(fmt.Sprintf("c%d", i), "Weg", fmt.Sprint(i), 1, 0)
	}
	mustImportAddresses(t, f.s, as...)
	ids, _, err := f.s.Points(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	f.replace(t, "Telekom", f.sample()...)
	before := f.all(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	it := func(yield func(geo.Supply, error) bool) {
		for i, id := range ids {
			if i == cancelAt {
				cancel()
			}
			if !yield(geo.Supply{AddressID: id, Download: 1}, nil) {
				return
			}
		}
	}
	if _, err := f.s.ReplaceOperatorSupply(ctx, f.survey, "Telekom", day("2026-04-01"), it); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if got := f.all(t); !reflect.DeepEqual(got, before) {
		t.Errorf("supply changed by a cancelled replace")
	}
	// The store is still usable.
	f.replace(t, "Telekom", geo.Supply{AddressID: ids[0], Download: 2})
}

// testSupplyReadCancelled: SupplyAll with a cancelled context returns the
// context's error, not the data.
func testSupplyReadCancelled(t *testing.T, f *supplyFixture) {
	f.replace(t, "Telekom", f.sample()[0])
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m, err := f.s.SupplyAll(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("SupplyAll = %v, %v; want context.Canceled", m, err)
	}
}

// testSupplyReadByArea: SupplyIn reads the supply of the area's addresses
// only (k1 and k3 are in A, k2 is not; k3 has no supply), an address in
// two areas is read in each, and an area without addresses or an unknown
// ID reads nothing.
func testSupplyReadByArea(t *testing.T, f *supplyFixture) {
	ctx := context.Background()
	mustImportAreas(t, f.s,
		geo.Area{Kind: geo.KindDistrict, Name: "A", Geometry: Square(0, 0, 1, 1)},
		geo.Area{Kind: geo.KindZone, Name: "Z", Geometry: Square(0, 0, 1, 1)},
		geo.Area{Kind: geo.KindDistrict, Name: "Leer", Geometry: Square(5, 5, 6, 6)},
	)
	a, z, empty := mustArea(t, f.s, "", "A").ID, mustArea(t, f.s, "", "Z").ID, mustArea(t, f.s, "", "Leer").ID
	if err := f.s.ReplaceAssignments(ctx, []geo.Assignment{
		{AddressID: f.id["k1"], AreaID: a}, {AddressID: f.id["k3"], AreaID: a},
		{AddressID: f.id["k1"], AreaID: z}, {AddressID: f.id["k2"], AreaID: z},
	}); err != nil {
		t.Fatalf("ReplaceAssignments: %v", err)
	}
	sample := f.sample()
	f.replace(t, "Telekom", sample...)
	for _, tt := range []struct {
		name string
		area int64
		want map[int64]geo.Supply
	}{
		{"one of two with supply", a, bySupplyID(sample[:1])},
		{"both with supply, k1 in two areas", z, bySupplyID(sample)},
		{"area without addresses", empty, map[int64]geo.Supply{}},
		{"unknown id", a + z + empty + 1000, map[int64]geo.Supply{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.s.SupplyIn(ctx, tt.area)
			if err != nil {
				t.Fatalf("SupplyIn(%d): %v", tt.area, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SupplyIn(%d):\n got %+v\nwant %+v", tt.area, got, tt.want)
			}
		})
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if m, err := f.s.SupplyIn(cctx, a); !errors.Is(err, context.Canceled) {
		t.Errorf("SupplyIn cancelled = %v, %v; want context.Canceled", m, err)
	}
}
