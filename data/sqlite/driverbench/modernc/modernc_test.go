// Package modernc benchmarks modernc.org/sqlite (pure Go).
package modernc

import (
	"testing"

	_ "modernc.org/sqlite"

	"gigaplan/data/sqlite/driverbench"
)

func BenchmarkWrite(b *testing.B) {
	driverbench.Bench(b, driverbench.Driver{Name: "sqlite", DSN: func(p string) string { return "file:" + p }})
}
