// Package hilbert gives the position of a grid cell along a Hilbert curve:
// the order of PMTiles archives' tiles and of the overlay index's blocks.
package hilbert

// D is the distance of cell (x, y) along the Hilbert curve over an n × n
// grid (n a power of two; x, y < n), starting at (0, 0): the classic
// xy2d, as the PMTiles specification orders tiles.
func D(n, x, y uint64) uint64 {
	var d uint64
	for s := n / 2; s > 0; s /= 2 {
		var rx, ry uint64
		if x&s != 0 {
			rx = 1
		}
		if y&s != 0 {
			ry = 1
		}
		d += s * s * ((3 * rx) ^ ry)
		if ry == 0 {
			if rx == 1 {
				x, y = n-1-x, n-1-y
			}
			x, y = y, x
		}
	}
	return d
}
