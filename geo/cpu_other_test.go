//go:build !unix

package geo

import "time"

// cpuNow is unavailable here: the points/cpu-s metric is left out.
func cpuNow() time.Duration { return 0 }
