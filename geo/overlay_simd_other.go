//go:build !amd64

package geo

import (
	"unsafe"

	"github.com/paulmach/orb"
)

// useSIMD: see overlay_simd_amd64.go.
var useSIMD = false

type simdParams struct {
	minX, minY, inv        float64
	nfx, nfy, ncx          uint32
	nlists, emptyList, bit uint32
	shift                  uint64
}

func cellsOf8(pts *orb.Point, n int, ids *uint32, blk *uint8, p *simdParams, coarse unsafe.Pointer) {
	panic("geo: cellsOf8 without SIMD")
}
