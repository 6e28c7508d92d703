package hilbert

import "testing"

// TestD: the first cells of the 4 × 4 curve (the figure in Hilbert's and
// every textbook's first order-2 drawing), and on larger grids a walk that
// visits every cell once with unit steps.
func TestD(t *testing.T) {
	order2 := [][2]uint64{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 2}, {0, 3}, {1, 3}, {1, 2}, {2, 2}, {2, 3}, {3, 3}, {3, 2}, {3, 1}, {2, 1}, {2, 0}, {3, 0}}
	for d, c := range order2 {
		if got := D(4, c[0], c[1]); got != uint64(d) {
			t.Errorf("D(4, %d, %d) = %d, want %d", c[0], c[1], got, d)
		}
	}
	for _, n := range []uint64{1, 2, 8, 64} {
		at := make([][2]uint64, n*n)
		seen := make([]bool, n*n)
		for x := range n {
			for y := range n {
				d := D(n, x, y)
				if d >= n*n || seen[d] {
					t.Fatalf("n %d: D(%d, %d) = %d, out of range or twice", n, x, y, d)
				}
				seen[d] = true
				at[d] = [2]uint64{x, y}
			}
		}
		for d := uint64(1); d < n*n; d++ {
			dx := int64(at[d][0]) - int64(at[d-1][0])
			dy := int64(at[d][1]) - int64(at[d-1][1])
			if dx*dx+dy*dy != 1 {
				t.Fatalf("n %d: step %d from %v to %v is not to a neighbour", n, d, at[d-1], at[d])
			}
		}
	}
}
