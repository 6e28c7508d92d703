//go:build amd64

package geo

import (
	"unsafe"

	"github.com/paulmach/orb"
	"golang.org/x/sys/cpu"
)

// useSIMD tells that cellsOf maps points to cells eight at a time with
// AVX-512 (cellsOf8); tests turn it off to compare with the scalar loop.
var useSIMD = cpu.X86.HasAVX512F && cpu.X86.HasAVX512VL

// simdParams is what cellsOf8 reads of the index (offsets fixed in
// overlay_simd_amd64.s).
type simdParams struct {
	minX, minY, inv        float64 // 0, 8, 16
	nfx, nfy, ncx          uint32  // 24, 28, 32
	nlists, emptyList, bit uint32  // 36, 40, 44: bit masks a code read as 32 bits
	shift                  uint64  // 48: log2 of a code's bytes, less one
}

// cellsOf8 stores in ids[:n] (n a multiple of eight) the list id of each
// point's coarse cell, emptyList outside the grid, and in blk[i/8] bit i%8
// whether point i lies in a block (its id is then not a list: cellsOf
// resolves it). The coarse table is read four bytes at a time: a 16-bit
// table needs one element of room beyond its end.
//
//go:noescape
func cellsOf8(pts *orb.Point, n int, ids *uint32, blk *uint8, p *simdParams, coarse unsafe.Pointer)
