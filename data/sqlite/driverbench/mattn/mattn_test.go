// Package mattn benchmarks github.com/mattn/go-sqlite3 (cgo).
package mattn

import (
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"gigaplan/data/sqlite/driverbench"
)

func BenchmarkWrite(b *testing.B) {
	driverbench.Bench(b, driverbench.Driver{Name: "sqlite3", DSN: func(p string) string { return "file:" + p }})
}
