package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// searchQueries are what citizens type into the address search, from the
// first letters to a whole address, with the spellings the search folds
// (case, umlauts, ß, "str."). The last two miss the street prefix ("Am …")
// and take the mid-word step, a range scan of the word index.
var searchQueries = []struct{ name, q string }{
	{"letters", "ha"},
	{"street", "hauptstr"},
	{"address", "Hauptstraße 12"},
	{"umlaut", "muehlenweg 3"},
	{"midword", "kirchberg 3"},
	{"nomatch", "zzz"},
}

// BenchmarkSearch answers /api/v1/addresses/search on the demo town
// (15,918 addresses) through the router, one query kind per sub-benchmark,
// and all kinds in parallel. Run:
//
//	go test ./web -run '^$' -bench Search -benchmem
func BenchmarkSearch(b *testing.B) {
	demoSrv, _ := mustDemoStore(b)
	// The same store without the per-client search limit: the benchmark
	// is one client asking as fast as it can.
	srv := New(Config{RateLimits: NoRateLimits}, demoSrv.store, demoSrv.camps)
	get := func(b *testing.B, q string) {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/addresses/search?q="+url.QueryEscape(q), nil)
		req.RemoteAddr = "192.0.2.1:1234"
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%q: status %d: %s", q, rec.Code, rec.Body)
		}
	}
	for _, sq := range searchQueries {
		b.Run(sq.name, func(b *testing.B) {
			for b.Loop() {
				get(b, sq.q)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
	b.Run("parallel", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				get(b, searchQueries[i%len(searchQueries)].q)
				i++
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	})
}

// TestSearchQueriesFind keeps the benchmark honest: each query but the last
// finds addresses on the demo town, so the benchmark measures real answers.
func TestSearchQueriesFind(t *testing.T) {
	srv, _ := mustDemoStore(t)
	for _, sq := range searchQueries {
		got, err := srv.store.SearchAddresses(t.Context(), sq.q, 10)
		if err != nil {
			t.Fatalf("%s: %v", sq.name, err)
		}
		if want := sq.name != "nomatch"; (len(got) > 0) != want {
			t.Errorf("%s (%q): %d results", sq.name, sq.q, len(got))
		}
	}
}
