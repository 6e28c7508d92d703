// Package pgtest gives tests a fresh PostgreSQL schema of their own on the
// database named by the GIGAPLAN_TEST_POSTGRES environment variable (a
// URL such as postgres://postgres@127.0.0.1:5432/gigaplan_test?sslmode=disable),
// and skips them when it is not set.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvVar names the test database.
const EnvVar = "GIGAPLAN_TEST_POSTGRES"

// lockKey serialises CREATE EXTENSION between test processes (it is
// data/postgres's migration lock).
const lockKey int64 = 0x67696761706c616e

// URL creates a new, empty schema gigaplan_test_<random> on the test
// database and returns the database URL with search_path set to it (then
// public, where PostGIS lives). The schema is dropped when the test ends,
// after the cleanups registered later (such as closing a store). URL
// skips the test if EnvVar is not set.
func URL(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(EnvVar)
	if base == "" {
		tb.Skipf("%s not set: skipping PostgreSQL tests", EnvVar)
	}
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", EnvVar, err)
	}
	var rnd [6]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		tb.Fatal(err)
	}
	schema := "gigaplan_test_" + hex.EncodeToString(rnd[:])

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Fatalf("connect to %s: %v", u.Redacted(), err)
	}
	defer conn.Close(ctx)
	// PostGIS in public, once per database: the store's migration does
	// CREATE EXTENSION IF NOT EXISTS too, but would put it into the test
	// schema if it were missing.
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, lockKey); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public`)
		return err
	})
	if err != nil {
		tb.Fatalf("create extension postgis: %v", err)
	}
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String()
}
