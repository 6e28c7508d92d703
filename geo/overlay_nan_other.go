//go:build !amd64

package geo

// nanMapsOut: see overlay_nan_amd64.go.
const nanMapsOut = false
