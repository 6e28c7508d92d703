package storetest

import (
	"context"
	"testing"
	"time"

	"gigaplan/geo"
)

// testImportRecords: an import run with geo.WithImport writes its record
// (kind, file, digest, records written, time, who) in its own
// transaction; a failed import writes none; a record of an unknown kind
// fails the import; Imports lists them newest first.
func testImportRecords(t *testing.T, f *supplyFixture) {
	is, ok := f.s.(geo.ImportStore)
	if !ok {
		t.Fatalf("%T is not a geo.ImportStore", f.s)
	}
	list := func() []geo.Import {
		t.Helper()
		ims, err := is.Imports(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return ims
	}
	if got := list(); len(got) != 0 {
		t.Fatalf("imports without a record: %+v", got)
	}
	t0 := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	rec := func(kind geo.ImportKind, file string, at time.Time) context.Context {
		return geo.WithImport(context.Background(), geo.Import{Kind: kind, File: file, SHA256: "ab12", By: "vera", ImportedAt: at, Municipality: 7})
	}

	// Addresses: two written.
	if _, err := f.s.ImportAddresses(rec(geo.ImportAddresses, "adressen.csv", t0), seq([]geo.Address{
		Addr("k4", "Kirchweg", "1", 1, 0), Addr("k5", "Kirchweg", "2", 1, 0)}, nil)); err != nil {
		t.Fatal(err)
	}
	// A failed address import leaves no record.
	if _, err := f.s.ImportAddresses(rec(geo.ImportAddresses, "kaputt.csv", t0.Add(time.Minute)),
		seq([]geo.Address{Addr("k6", "Kirchweg", "3", 1, 0), Addr("k7", "Kirchweg", "4", 1, 0)}, errBoom)); err == nil {
		t.Fatal("failing import succeeded")
	}
	// Areas: one district.
	areaCtx := geo.WithImport(context.Background(), geo.Import{Kind: geo.ImportAreas, AreaKind: geo.KindDistrict, File: "ortsteile.geojson", ImportedAt: t0.Add(time.Hour)})
	if _, err := f.s.ImportAreas(areaCtx, seq([]geo.Area{{Kind: geo.KindDistrict, Name: "Nord", Geometry: Square(7.9, 48.4, 8.0, 48.5)}}, nil)); err != nil {
		t.Fatal(err)
	}
	// Supply: two rows; then a failing supply import (unknown address)
	// leaves no record.
	sv, err := f.s.AddSurvey(context.Background(), geo.Survey{Name: "MEV", HorizonYears: 3})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.ReplaceOperatorSupply(rec(geo.ImportSupply, "mev-telekom.csv", t0.Add(2*time.Hour)), sv.ID, "Telekom", t0, seq([]geo.Supply{
		{AddressID: f.id["k1"], Download: 16, Upload: 1}, {AddressID: f.id["k2"], Download: 50, Upload: 10}}, nil)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.ReplaceOperatorSupply(rec(geo.ImportSupply, "mev-falsch.csv", t0.Add(3*time.Hour)), sv.ID, "Vodafone", t0, seq([]geo.Supply{
		{AddressID: 999999, Download: 16}}, nil)); geo.ErrorCode(err) != geo.EINVALID {
		t.Fatalf("supply of an unknown address: %v", err)
	}
	// An unknown kind fails the import; nothing is written.
	if _, err := f.s.ImportAddresses(rec("wetter", "x.csv", t0), seq([]geo.Address{Addr("k8", "Kirchweg", "5", 1, 0)}, nil)); geo.ErrorCode(err) != geo.EINVALID {
		t.Fatalf("unknown kind: %v", err)
	}
	for _, a := range all(t, f.s, geo.AddressFilter{}) {
		if a.Key == "k8" || a.Key == "k6" {
			t.Errorf("address %s of a failed import was written", a.Key)
		}
	}
	// A record without a time gets the time of the write.
	before := time.Now().Add(-time.Second)
	if _, err := f.s.ImportAddresses(rec(geo.ImportAddresses, "nachtrag.csv", time.Time{}), seq([]geo.Address{Addr("k9", "Kirchweg", "6", 1, 0)}, nil)); err != nil {
		t.Fatal(err)
	}
	after := time.Now().Add(time.Second)

	got := list()
	type brief struct {
		kind     geo.ImportKind
		areaKind geo.AreaKind
		file     string
		rows     int
	}
	want := []brief{
		{geo.ImportAddresses, "", "nachtrag.csv", 1},
		{geo.ImportSupply, "", "mev-telekom.csv", 2},
		{geo.ImportAreas, geo.KindDistrict, "ortsteile.geojson", 1},
		{geo.ImportAddresses, "", "adressen.csv", 2},
	}
	if len(got) != len(want) {
		t.Fatalf("imports = %+v, want %d", got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if (brief{g.Kind, g.AreaKind, g.File, g.Rows}) != w || g.ID == 0 {
			t.Errorf("import %d = %+v, want %+v", i, g, w)
		}
	}
	if g := got[3]; !g.ImportedAt.Equal(t0) || g.SHA256 != "ab12" || g.By != "vera" || g.Municipality != 7 {
		t.Errorf("address import = %+v", g)
	}
	if g := got[0]; g.ImportedAt.Before(before) || g.ImportedAt.After(after) || g.ImportedAt.Location() != time.UTC {
		t.Errorf("import without a time recorded at %v, want now (UTC)", g.ImportedAt)
	}

	// CopyImports (migrate): records written as they are, all or none.
	copied := []geo.Import{
		{ID: 41, Kind: geo.ImportSupply, File: "mev-alt.csv", SHA256: "cd34", Rows: 12, ImportedAt: t0.Add(-48 * time.Hour), By: "otto", Municipality: 3},
		{ID: 40, Kind: geo.ImportAreas, AreaKind: geo.KindZone, File: "gewerbe.gpkg", Rows: 4, ImportedAt: t0.Add(-72 * time.Hour)},
	}
	if err := is.CopyImports(context.Background(), append(copied, geo.Import{ID: 42, Kind: geo.ImportAddresses, ImportedAt: t0})); geo.ErrorCode(err) != geo.EINVALID {
		t.Fatalf("copy with a record without a file: %v, want EINVALID", err)
	}
	if n := len(list()); n != len(want) {
		t.Fatalf("a failed copy wrote records: %d, want %d", n, len(want))
	}
	if err := is.CopyImports(context.Background(), copied); err != nil {
		t.Fatal(err)
	}
	got = list()
	if len(got) != len(want)+2 {
		t.Fatalf("after the copy: %d records, want %d", len(got), len(want)+2)
	}
	for i, w := range copied { // the oldest come last
		g := got[len(got)-2+i]
		g.ID, w.ID = 0, 0
		if g != w {
			t.Errorf("copied record %d = %+v, want %+v", i, g, w)
		}
	}
}
