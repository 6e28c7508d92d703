package pmtiles_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"gigaplan/geo/pmtiles"
)

func TestTileID(t *testing.T) {
	// Values from the PMTiles v3 spec and its reference implementation.
	tests := []struct {
		name string
		z    uint8
		x, y uint32
		want uint64
	}{
		{"root", 0, 0, 0, 0},
		{"z1 north-west", 1, 0, 0, 1},
		{"z1 south-west", 1, 0, 1, 2},
		{"z1 south-east", 1, 1, 1, 3},
		{"z1 north-east", 1, 1, 0, 4},
		{"z2 first", 2, 0, 0, 5},
		{"z12", 12, 3423, 1763, 19078479},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pmtiles.TileID(tt.z, tt.x, tt.y); got != tt.want {
				t.Errorf("TileID(%d, %d, %d) = %d, want %d", tt.z, tt.x, tt.y, got, tt.want)
			}
		})
	}
	// Every tile of zooms 0–8 has its own ID, and zoom z's IDs follow
	// zoom z-1's without a gap.
	seen := map[uint64]bool{}
	for z := uint8(0); z <= 8; z++ {
		for x := uint32(0); x < 1<<z; x++ {
			for y := uint32(0); y < 1<<z; y++ {
				id := pmtiles.TileID(z, x, y)
				if seen[id] {
					t.Fatalf("TileID(%d, %d, %d) = %d twice", z, x, y, id)
				}
				seen[id] = true
			}
		}
	}
	if n := uint64(len(seen)); pmtiles.TileID(9, 0, 0) != n {
		t.Errorf("TileID(9, 0, 0) = %d, want %d (the count of zooms 0–8)", pmtiles.TileID(9, 0, 0), n)
	}
}

// pyramid returns every tile of zooms 0–maxZ with content naming the
// tile, except that the tiles of row y == 1 at zoom 3 all share one
// content (a run, and deduplicated data), and tile 4/5/5 is missing.
func pyramid(maxZ uint8) []pmtiles.Tile {
	var ts []pmtiles.Tile
	for z := uint8(0); z <= maxZ; z++ {
		for x := uint32(0); x < 1<<z; x++ {
			for y := uint32(0); y < 1<<z; y++ {
				if z == 4 && x == 5 && y == 5 {
					continue
				}
				data := fmt.Sprintf("tile %d/%d/%d", z, x, y)
				if z == 3 && y == 1 {
					data = "ocean"
				}
				ts = append(ts, pmtiles.Tile{Z: z, X: x, Y: y, Data: []byte(data)})
			}
		}
	}
	return ts
}

func write(t *testing.T, ts []pmtiles.Tile, o pmtiles.WriteOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := pmtiles.Write(&buf, ts, o); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name     string
		leafSize int
	}{
		{"root directory only", 0},
		{"leaf directories", 7},
		{"one entry per leaf", 1},
	}
	tiles := pyramid(5)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := pmtiles.WriteOptions{TileType: pmtiles.TileTypeMVT, TileCompression: pmtiles.CompressionNone,
				MinLon: 7.8, MinLat: 48.4, MaxLon: 8.05, MaxLat: 48.55, CenterZoom: 13, LeafSize: tt.leafSize}
			rd, err := pmtiles.NewReader(bytes.NewReader(write(t, tiles, o)))
			if err != nil {
				t.Fatal(err)
			}
			h := rd.Header()
			if h.MinZoom != 0 || h.MaxZoom != 5 || h.TileType != pmtiles.TileTypeMVT || h.MinLon != 7.8 || h.MaxLat != 48.55 || h.CenterZoom != 13 {
				t.Errorf("header %+v", h)
			}
			if h.AddressedTiles != uint64(len(tiles)) {
				t.Errorf("addressed tiles %d, want %d", h.AddressedTiles, len(tiles))
			}
			if h.TileContents >= h.AddressedTiles {
				t.Errorf("%d contents for %d tiles: the shared tiles are stored more than once", h.TileContents, h.AddressedTiles)
			}
			for _, want := range tiles {
				got, err := rd.Tile(want.Z, want.X, want.Y)
				if err != nil {
					t.Fatalf("tile %d/%d/%d: %v", want.Z, want.X, want.Y, err)
				}
				if !bytes.Equal(got, want.Data) {
					t.Fatalf("tile %d/%d/%d = %q, want %q", want.Z, want.X, want.Y, got, want.Data)
				}
			}
			for _, miss := range [][3]uint32{{4, 5, 5}, {6, 0, 0}, {12, 2130, 1409}} {
				got, err := rd.Tile(uint8(miss[0]), miss[1], miss[2])
				if err != nil || got != nil {
					t.Errorf("missing tile %v = %q, %v; want nil, nil", miss, got, err)
				}
			}
			if _, err := rd.Tile(2, 4, 0); err == nil {
				t.Error("tile 2/4/0 (x beyond the zoom) gave no error")
			}
		})
	}
}

func TestOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "base.pmtiles")
	if err := os.WriteFile(path, write(t, pyramid(2), pmtiles.WriteOptions{TileType: pmtiles.TileTypeMVT}), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := pmtiles.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if b, err := f.Tile(2, 3, 1); err != nil || string(b) != "tile 2/3/1" {
		t.Errorf("tile 2/3/1 = %q, %v", b, err)
	}
	if _, err := pmtiles.Open(filepath.Join(t.TempDir(), "missing.pmtiles")); err == nil {
		t.Error("opening a missing file gave no error")
	}
}

func TestInvalid(t *testing.T) {
	good := write(t, pyramid(3), pmtiles.WriteOptions{TileType: pmtiles.TileTypeMVT})
	edit := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	tests := []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"short header", good[:100]},
		{"bad magic", edit(func(b []byte) []byte { b[0] = 'X'; return b })},
		{"version 2", edit(func(b []byte) []byte { b[7] = 2; return b })},
		{"zoom range", edit(func(b []byte) []byte { b[100], b[101] = 9, 3; return b })},
		{"root beyond the file", edit(func(b []byte) []byte { binary.LittleEndian.PutUint64(b[8:], 1<<40); return b })},
		{"root not gzip", edit(func(b []byte) []byte { b[127] ^= 0xff; return b })},
		{"brotli directories", edit(func(b []byte) []byte { b[97] = byte(pmtiles.CompressionBrotli); return b })},
		{"truncated", good[:140]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := pmtiles.NewReader(bytes.NewReader(tt.b))
			if !errors.Is(err, pmtiles.ErrInvalid) {
				t.Errorf("NewReader: %v, want ErrInvalid", err)
			}
		})
	}
}

func TestParseDirectory(t *testing.T) {
	tests := []struct {
		name string
		raw  []byte
		want []pmtiles.Entry
		ok   bool
	}{
		{"empty directory", []byte{0}, []pmtiles.Entry{}, true},
		// Two entries: IDs 5 and 7; runs 1 and 2; lengths 10 and 20;
		// offsets 0 (written as 1) and "after the previous" (0).
		{"contiguous", []byte{2, 5, 2, 1, 2, 10, 20, 1, 0}, []pmtiles.Entry{
			{TileID: 5, RunLength: 1, Length: 10, Offset: 0}, {TileID: 7, RunLength: 2, Length: 20, Offset: 10}}, true},
		{"leaf pointer", []byte{1, 0, 0, 33, 101}, []pmtiles.Entry{{TileID: 0, RunLength: 0, Length: 33, Offset: 100}}, true},
		{"no bytes", nil, nil, false},
		{"count too large", []byte{200, 1}, nil, false},
		{"truncated", []byte{2, 5, 2, 1, 2, 10}, nil, false},
		{"IDs repeat", []byte{2, 5, 0, 1, 1, 10, 10, 1, 0}, nil, false},
		{"first offset continues nothing", []byte{1, 5, 1, 10, 0}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pmtiles.ParseDirectory(tt.raw)
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok %v", err, tt.ok)
			}
			if err != nil {
				if !errors.Is(err, pmtiles.ErrInvalid) {
					t.Errorf("error %v does not wrap ErrInvalid", err)
				}
				return
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// FuzzReader: any bytes give a reader or an error, never a panic, and
// reading tiles from a reader that opened never panics either.
func FuzzReader(f *testing.F) {
	var buf bytes.Buffer
	if err := pmtiles.Write(&buf, pyramid(2), pmtiles.WriteOptions{TileType: pmtiles.TileTypeMVT, LeafSize: 3}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(buf.Bytes()[:130])
	f.Add([]byte("PMTiles\x03"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rd, err := pmtiles.NewReader(bytes.NewReader(b))
		if err != nil {
			return
		}
		for z := uint8(0); z <= 3; z++ {
			for x := uint32(0); x < 1<<z; x++ {
				_, _ = rd.Tile(z, x, 0)
			}
		}
	})
}

// FuzzParseDirectory: a directory that parses has ascending tile IDs.
func FuzzParseDirectory(f *testing.F) {
	f.Add([]byte{2, 5, 2, 1, 2, 10, 20, 1, 0})
	f.Add([]byte{1, 0, 0, 33, 101})
	f.Fuzz(func(t *testing.T, b []byte) {
		es, err := pmtiles.ParseDirectory(b)
		if err != nil {
			return
		}
		for i := 1; i < len(es); i++ {
			if es[i].TileID <= es[i-1].TileID {
				t.Fatalf("entry %d: tile ID %d after %d", i, es[i].TileID, es[i-1].TileID)
			}
		}
	})
}
