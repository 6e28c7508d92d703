//go:build unix

package geo

import (
	"syscall"
	"time"
)

// cpuNow returns the CPU time (user and system) the process has used. On a
// machine shared with other work it times a benchmark better than the wall
// clock (with GOMAXPROCS=1 the process runs one goroutine at a time).
func cpuNow() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
