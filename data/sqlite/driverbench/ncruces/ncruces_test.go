// Package ncruces benchmarks github.com/ncruces/go-sqlite3 (SQLite as
// WebAssembly translated to Go).
package ncruces

import (
	"testing"

	_ "github.com/ncruces/go-sqlite3/driver"

	"gigaplan/data/sqlite/driverbench"
)

func BenchmarkWrite(b *testing.B) {
	driverbench.Bench(b, driverbench.Driver{Name: "sqlite3", DSN: func(p string) string { return "file:" + p }})
}
