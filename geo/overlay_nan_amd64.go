//go:build amd64

package geo

// nanMapsOut tells that converting NaN, ±Inf or a float64 beyond int's
// range to int gives a value outside the grid as an unsigned index: on
// amd64 the conversion (CVTTSD2SQ) gives math.MinInt64 for all of them, so
// cellsOf needs no test for NaN. Elsewhere NaN may convert to 0 (arm64)
// and cellsOf tests for it.
const nanMapsOut = true
