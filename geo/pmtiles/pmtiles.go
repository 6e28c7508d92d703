// Package pmtiles reads PMTiles version 3 archives: one file holding a
// tile pyramid, a 127-byte header, varint-coded directories (root and
// leaves) and the tile data, as specified at
// https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md.
//
// Gigaplan serves a self-hosted vector base map from such a file (serve
// --basemap FILE.pmtiles). The reader is our own, some 300 lines:
// github.com/protomaps/go-pmtiles (v1.31.2) would bring the AWS, Azure and
// Google Cloud SDKs, Caddy and Prometheus into the module graph for what is
// a header, a Hilbert curve and a binary search here.
//
// Only the parts a tile server needs are read: the header, the
// directories (uncompressed or gzip; brotli and zstd directories are
// refused) and the tiles' bytes as stored (Header.TileCompression says
// how they are compressed). A Reader is safe for concurrent use; it keeps
// the root directory and up to leafCacheSize leaf directories in memory.
package pmtiles

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"sync"

	"gigaplan/geo/internal/hilbert"
)

// ErrInvalid is wrapped by every error about a malformed archive.
var ErrInvalid = errors.New("pmtiles: invalid archive")

// HeaderLen is the length of the fixed header.
const HeaderLen = 127

// Compression is how directories or tiles are compressed.
type Compression uint8

// Compressions of the spec.
const (
	CompressionUnknown Compression = 0
	CompressionNone    Compression = 1
	CompressionGzip    Compression = 2
	CompressionBrotli  Compression = 3
	CompressionZstd    Compression = 4
)

// TileType is the format of the tiles.
type TileType uint8

// Tile types of the spec.
const (
	TileTypeUnknown TileType = 0
	TileTypeMVT     TileType = 1
	TileTypePNG     TileType = 2
	TileTypeJPEG    TileType = 3
	TileTypeWebP    TileType = 4
	TileTypeAVIF    TileType = 5
)

// Header is the archive's fixed header.
type Header struct {
	RootOffset, RootLength         uint64
	MetadataOffset, MetadataLength uint64
	LeafOffset, LeafLength         uint64
	DataOffset, DataLength         uint64
	AddressedTiles, TileEntries    uint64
	TileContents                   uint64
	Clustered                      bool
	InternalCompression            Compression
	TileCompression                Compression
	TileType                       TileType
	MinZoom, MaxZoom               uint8
	// Bounds in degrees: west, south, east, north.
	MinLon, MinLat, MaxLon, MaxLat float64
	CenterZoom                     uint8
	CenterLon, CenterLat           float64
}

// ParseHeader decodes the 127-byte header.
func ParseHeader(b []byte) (Header, error) {
	var h Header
	if len(b) < HeaderLen {
		return h, fmt.Errorf("%w: header has %d bytes, want %d", ErrInvalid, len(b), HeaderLen)
	}
	if string(b[:7]) != "PMTiles" {
		return h, fmt.Errorf("%w: not a PMTiles file (magic %q)", ErrInvalid, b[:7])
	}
	if b[7] != 3 {
		return h, fmt.Errorf("%w: version %d, only version 3 is supported", ErrInvalid, b[7])
	}
	u := func(o int) uint64 { return binary.LittleEndian.Uint64(b[o:]) }
	deg := func(o int) float64 { return float64(int32(binary.LittleEndian.Uint32(b[o:]))) / 1e7 }
	h = Header{
		RootOffset: u(8), RootLength: u(16), MetadataOffset: u(24), MetadataLength: u(32),
		LeafOffset: u(40), LeafLength: u(48), DataOffset: u(56), DataLength: u(64),
		AddressedTiles: u(72), TileEntries: u(80), TileContents: u(88),
		Clustered: b[96] == 1, InternalCompression: Compression(b[97]), TileCompression: Compression(b[98]),
		TileType: TileType(b[99]), MinZoom: b[100], MaxZoom: b[101],
		MinLon: deg(102), MinLat: deg(106), MaxLon: deg(110), MaxLat: deg(114),
		CenterZoom: b[118], CenterLon: deg(119), CenterLat: deg(123),
	}
	if h.MaxZoom > 31 || h.MinZoom > h.MaxZoom {
		return h, fmt.Errorf("%w: zoom range %d–%d", ErrInvalid, h.MinZoom, h.MaxZoom)
	}
	return h, nil
}

// Entry is one directory entry: a run of RunLength tiles from TileID on
// sharing one content at Offset (relative to the tile data section), or,
// with RunLength 0, a leaf directory at Offset (relative to the leaf
// directory section).
type Entry struct {
	TileID    uint64
	Offset    uint64
	Length    uint32
	RunLength uint32
}

// maxEntries bounds a directory's entry count, so that a corrupt count
// cannot allocate without bound (real directories hold at most a few
// hundred thousand entries).
const maxEntries = 1 << 22

// ParseDirectory decodes an uncompressed directory.
func ParseDirectory(b []byte) ([]Entry, error) {
	r := bytes.NewReader(b)
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return nil, fmt.Errorf("%w: directory: entry count: %v", ErrInvalid, err)
	}
	// Every entry takes at least four bytes.
	if n > maxEntries || n > uint64(len(b))/4+1 {
		return nil, fmt.Errorf("%w: directory claims %d entries in %d bytes", ErrInvalid, n, len(b))
	}
	es := make([]Entry, n)
	read := func(what string, i int) (uint64, error) {
		v, err := binary.ReadUvarint(r)
		if err != nil {
			return 0, fmt.Errorf("%w: directory: %s of entry %d: %v", ErrInvalid, what, i, err)
		}
		return v, nil
	}
	var id uint64
	for i := range es {
		v, err := read("tile ID", i)
		if err != nil {
			return nil, err
		}
		if i > 0 && v == 0 {
			return nil, fmt.Errorf("%w: directory: tile IDs not ascending at entry %d", ErrInvalid, i)
		}
		if id+v < id {
			return nil, fmt.Errorf("%w: directory: tile ID overflows at entry %d", ErrInvalid, i)
		}
		id += v
		es[i].TileID = id
	}
	for i := range es {
		v, err := read("run length", i)
		if err != nil {
			return nil, err
		}
		if v > 1<<32-1 {
			return nil, fmt.Errorf("%w: directory: run length %d of entry %d", ErrInvalid, v, i)
		}
		es[i].RunLength = uint32(v)
	}
	for i := range es {
		v, err := read("length", i)
		if err != nil {
			return nil, err
		}
		if v > 1<<32-1 {
			return nil, fmt.Errorf("%w: directory: length %d of entry %d", ErrInvalid, v, i)
		}
		es[i].Length = uint32(v)
	}
	for i := range es {
		v, err := read("offset", i)
		if err != nil {
			return nil, err
		}
		switch {
		case v == 0 && i > 0:
			es[i].Offset = es[i-1].Offset + uint64(es[i-1].Length)
		case v == 0:
			return nil, fmt.Errorf("%w: directory: first entry continues no previous entry", ErrInvalid)
		default:
			es[i].Offset = v - 1
		}
	}
	return es, nil
}

// find returns the entry covering id: the last entry with TileID ≤ id,
// if it is a leaf pointer or its run reaches id.
func find(es []Entry, id uint64) (Entry, bool) {
	i := sort.Search(len(es), func(i int) bool { return es[i].TileID > id }) - 1
	if i < 0 {
		return Entry{}, false
	}
	e := es[i]
	if e.RunLength == 0 || id-e.TileID < uint64(e.RunLength) {
		return e, true
	}
	return Entry{}, false
}

// TileID is the position of tile z/x/y on the archive's Hilbert curves:
// all tiles of lower zooms first, then z's tiles along the curve.
func TileID(z uint8, x, y uint32) uint64 {
	acc := (uint64(1)<<(2*uint64(z)) - 1) / 3
	return acc + hilbert.D(uint64(1)<<z, uint64(x), uint64(y))
}

// leafCacheSize bounds the leaf directories kept in memory.
const leafCacheSize = 64

// maxDirLength bounds a directory's stored length (the spec keeps the
// root within the first 16 KiB; leaves are a few hundred KiB at most).
const maxDirLength = 32 << 20

// Reader reads tiles from an archive.
type Reader struct {
	r    io.ReaderAt
	h    Header
	root []Entry

	mu     sync.Mutex
	leaves map[uint64][]Entry // by offset in the leaf section
	order  []uint64           // insertion order, for eviction
}

// NewReader reads the header and root directory of the archive in r.
func NewReader(r io.ReaderAt) (*Reader, error) {
	b := make([]byte, HeaderLen)
	if _, err := r.ReadAt(b, 0); err != nil {
		return nil, fmt.Errorf("%w: read header: %v", ErrInvalid, err)
	}
	h, err := ParseHeader(b)
	if err != nil {
		return nil, err
	}
	rd := &Reader{r: r, h: h, leaves: map[uint64][]Entry{}}
	if rd.root, err = rd.directory(h.RootOffset, h.RootLength); err != nil {
		return nil, fmt.Errorf("root directory: %w", err)
	}
	return rd, nil
}

// Header returns the archive's header.
func (rd *Reader) Header() Header { return rd.h }

// directory reads and decodes the directory at off, len n.
func (rd *Reader) directory(off, n uint64) ([]Entry, error) {
	if n == 0 || n > maxDirLength {
		return nil, fmt.Errorf("%w: directory length %d", ErrInvalid, n)
	}
	b := make([]byte, n)
	if _, err := rd.r.ReadAt(b, int64(off)); err != nil {
		return nil, fmt.Errorf("%w: read directory at %d: %v", ErrInvalid, off, err)
	}
	switch rd.h.InternalCompression {
	case CompressionNone:
	case CompressionGzip:
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("%w: directory: %v", ErrInvalid, err)
		}
		if b, err = io.ReadAll(io.LimitReader(zr, 8*maxDirLength)); err != nil {
			return nil, fmt.Errorf("%w: directory: %v", ErrInvalid, err)
		}
	default:
		return nil, fmt.Errorf("%w: directory compression %d is not supported (gzip or none)", ErrInvalid, rd.h.InternalCompression)
	}
	return ParseDirectory(b)
}

// leaf returns the leaf directory at off in the leaf section.
func (rd *Reader) leaf(off uint64, n uint32) ([]Entry, error) {
	rd.mu.Lock()
	es, ok := rd.leaves[off]
	rd.mu.Unlock()
	if ok {
		return es, nil
	}
	es, err := rd.directory(rd.h.LeafOffset+off, uint64(n))
	if err != nil {
		return nil, fmt.Errorf("leaf directory: %w", err)
	}
	rd.mu.Lock()
	defer rd.mu.Unlock()
	if _, ok := rd.leaves[off]; !ok {
		if len(rd.order) >= leafCacheSize {
			delete(rd.leaves, rd.order[0])
			rd.order = rd.order[1:]
		}
		rd.leaves[off] = es
		rd.order = append(rd.order, off)
	}
	return es, nil
}

// maxDepth bounds the leaf levels followed (the spec's writers use one).
const maxDepth = 4

// maxTileLength bounds a tile's size.
const maxTileLength = 64 << 20

// Tile returns the bytes of tile z/x/y as stored (compressed as
// Header().TileCompression says); nil, nil when the archive has no such
// tile.
func (rd *Reader) Tile(z uint8, x, y uint32) ([]byte, error) {
	if z > 31 || uint64(x) >= 1<<z || uint64(y) >= 1<<z {
		return nil, fmt.Errorf("pmtiles: no tile %d/%d/%d", z, x, y)
	}
	if z < rd.h.MinZoom || z > rd.h.MaxZoom {
		return nil, nil
	}
	id := TileID(z, x, y)
	es := rd.root
	for depth := 0; depth <= maxDepth; depth++ {
		e, ok := find(es, id)
		if !ok {
			return nil, nil
		}
		if e.RunLength > 0 {
			if e.Length > maxTileLength {
				return nil, fmt.Errorf("%w: tile %d/%d/%d has %d bytes", ErrInvalid, z, x, y, e.Length)
			}
			b := make([]byte, e.Length)
			if _, err := rd.r.ReadAt(b, int64(rd.h.DataOffset+e.Offset)); err != nil {
				return nil, fmt.Errorf("%w: read tile %d/%d/%d: %v", ErrInvalid, z, x, y, err)
			}
			return b, nil
		}
		var err error
		if es, err = rd.leaf(e.Offset, e.Length); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("%w: leaf directories nested deeper than %d", ErrInvalid, maxDepth)
}

// File is a Reader over an open file.
type File struct {
	*Reader
	f *os.File
}

// Open opens the archive at path.
func Open(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	rd, err := NewReader(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &File{Reader: rd, f: f}, nil
}

// Close closes the file.
func (f *File) Close() error { return f.f.Close() }
