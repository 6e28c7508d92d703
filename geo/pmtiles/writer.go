package pmtiles

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"slices"
)

// Tile is one tile to write.
type Tile struct {
	Z    uint8
	X, Y uint32
	Data []byte // as stored: compressed as WriteOptions.TileCompression says
}

// WriteOptions describe the archive Write produces.
type WriteOptions struct {
	TileType        TileType
	TileCompression Compression
	// Bounds in degrees (west, south, east, north) and the centre.
	MinLon, MinLat, MaxLon, MaxLat float64
	CenterZoom                     uint8
	Metadata                       []byte // JSON; empty means "{}"
	// LeafSize, when > 0, puts the entries in leaf directories of at most
	// LeafSize entries each (the root then points at the leaves); 0 keeps
	// every entry in the root directory.
	LeafSize int
}

// Write writes an archive of tiles to w: gzip-compressed directories,
// identical tiles stored once, consecutive repeats as runs. It is meant
// for fixtures and small generated base maps, and holds everything in
// memory.
func Write(w io.Writer, tiles []Tile, o WriteOptions) error {
	if len(tiles) == 0 {
		return fmt.Errorf("pmtiles: write: no tiles")
	}
	type idTile struct {
		id uint64
		t  Tile
	}
	ts := make([]idTile, len(tiles))
	minZ, maxZ := uint8(math.MaxUint8), uint8(0)
	for i, t := range tiles {
		if t.Z > 31 || uint64(t.X) >= 1<<t.Z || uint64(t.Y) >= 1<<t.Z {
			return fmt.Errorf("pmtiles: write: no tile %d/%d/%d", t.Z, t.X, t.Y)
		}
		ts[i] = idTile{TileID(t.Z, t.X, t.Y), t}
		minZ, maxZ = min(minZ, t.Z), max(maxZ, t.Z)
	}
	slices.SortFunc(ts, func(a, b idTile) int { return cmp.Compare(a.id, b.id) })
	var data bytes.Buffer
	seen := map[string]uint64{}
	var es []Entry
	contents := uint64(0)
	for i, t := range ts {
		if i > 0 && ts[i-1].id == t.id {
			return fmt.Errorf("pmtiles: write: tile %d/%d/%d twice", t.t.Z, t.t.X, t.t.Y)
		}
		off, ok := seen[string(t.t.Data)]
		if !ok {
			off = uint64(data.Len())
			seen[string(t.t.Data)] = off
			data.Write(t.t.Data)
			contents++
		}
		if n := len(es); n > 0 && es[n-1].TileID+uint64(es[n-1].RunLength) == t.id && es[n-1].Offset == off {
			es[n-1].RunLength++
			continue
		}
		es = append(es, Entry{TileID: t.id, Offset: off, Length: uint32(len(t.t.Data)), RunLength: 1})
	}
	root, leaves := es, []byte(nil)
	if o.LeafSize > 0 {
		root = nil
		for i := 0; i < len(es); i += o.LeafSize {
			part := es[i:min(i+o.LeafSize, len(es))]
			b, err := gzipDirectory(part)
			if err != nil {
				return err
			}
			root = append(root, Entry{TileID: part[0].TileID, Offset: uint64(len(leaves)), Length: uint32(len(b))})
			leaves = append(leaves, b...)
		}
	}
	rootBytes, err := gzipDirectory(root)
	if err != nil {
		return err
	}
	meta := o.Metadata
	if len(meta) == 0 {
		meta = []byte("{}")
	}
	h := make([]byte, HeaderLen)
	copy(h, "PMTiles")
	h[7] = 3
	put := func(off int, v uint64) { binary.LittleEndian.PutUint64(h[off:], v) }
	deg := func(off int, v float64) { binary.LittleEndian.PutUint32(h[off:], uint32(int32(math.Round(v*1e7)))) }
	rootOff := uint64(HeaderLen)
	metaOff := rootOff + uint64(len(rootBytes))
	leafOff := metaOff + uint64(len(meta))
	dataOff := leafOff + uint64(len(leaves))
	put(8, rootOff)
	put(16, uint64(len(rootBytes)))
	put(24, metaOff)
	put(32, uint64(len(meta)))
	put(40, leafOff)
	put(48, uint64(len(leaves)))
	put(56, dataOff)
	put(64, uint64(data.Len()))
	put(72, uint64(len(ts)))
	put(80, uint64(len(es)))
	put(88, contents)
	h[96] = 1 // clustered: tile data in tile ID order
	h[97] = byte(CompressionGzip)
	h[98] = byte(o.TileCompression)
	h[99] = byte(o.TileType)
	h[100], h[101] = minZ, maxZ
	deg(102, o.MinLon)
	deg(106, o.MinLat)
	deg(110, o.MaxLon)
	deg(114, o.MaxLat)
	h[118] = o.CenterZoom
	deg(119, (o.MinLon+o.MaxLon)/2)
	deg(123, (o.MinLat+o.MaxLat)/2)
	for _, b := range [][]byte{h, rootBytes, meta, leaves, data.Bytes()} {
		if _, err := w.Write(b); err != nil {
			return fmt.Errorf("pmtiles: write: %w", err)
		}
	}
	return nil
}

// gzipDirectory encodes and compresses a directory.
func gzipDirectory(es []Entry) ([]byte, error) {
	var raw []byte
	raw = binary.AppendUvarint(raw, uint64(len(es)))
	var last uint64
	for _, e := range es {
		raw = binary.AppendUvarint(raw, e.TileID-last)
		last = e.TileID
	}
	for _, e := range es {
		raw = binary.AppendUvarint(raw, uint64(e.RunLength))
	}
	for _, e := range es {
		raw = binary.AppendUvarint(raw, uint64(e.Length))
	}
	for i, e := range es {
		if i > 0 && e.Offset == es[i-1].Offset+uint64(es[i-1].Length) {
			raw = binary.AppendUvarint(raw, 0)
		} else {
			raw = binary.AppendUvarint(raw, e.Offset+1)
		}
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(raw); err != nil {
		return nil, fmt.Errorf("pmtiles: write directory: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("pmtiles: write directory: %w", err)
	}
	return buf.Bytes(), nil
}
