package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"gigaplan/campaigns"
)

// The answers of POST /api/v1/campaigns/{id}/entries to bodies that are
// not one JSON object of the documented shape: what a provider's
// developer reads, so the messages are part of the API.
func TestEntriesAPIBody(t *testing.T) {
	f := newAdminFixture(t, nil)
	camp := f.mustCampaign(t)
	secret, hash, err := campaigns.NewAPIToken()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreateToken(context.Background(), campaigns.APIToken{Name: "Anbieter", CampaignID: camp.ID, Hash: hash, CreatedAt: f.now, CreatedBy: "alma"}); err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/campaigns/" + strconv.FormatInt(camp.ID, 10) + "/entries"
	const expected = `; erwartet {"entries":[{"area":…,"date":"JJJJ-MM-TT","count":N,"comment":…}]}`
	ok := `{"entries":[{"area":"Nord","date":"2026-02-01","count":3}]}`
	tests := []struct {
		name     string
		body     string
		chunked  bool // no Content-Length: the limit holds while reading
		status   int
		code     string
		message  string // the whole message; empty: see prefix
		prefix   string
		added    int
		closeHdr bool // Connection: close
	}{
		{name: "truncated", body: `{"entries":[{"area":"Nord",`, status: 400, code: "invalid", message: "ungültiges JSON: unexpected EOF" + expected},
		{name: "unknown field", body: `{"entries":[{"area":"Nord","date":"2026-02-01","count":3,"zahl":4}]}`, status: 400, code: "invalid",
			message: `ungültiges JSON: json: unknown field "zahl"` + expected},
		{name: "unknown top-level field", body: `{"entries":[],"kampagne":1}`, status: 400, code: "invalid",
			message: `ungültiges JSON: json: unknown field "kampagne"` + expected},
		{name: "count as string", body: `{"entries":[{"area":"Nord","date":"2026-02-01","count":"3"}]}`, status: 400, code: "invalid",
			prefix: "ungültiges JSON: json: cannot unmarshal string into Go struct field"},
		{name: "not an object", body: `[{"area":"Nord","date":"2026-02-01","count":3}]`, status: 400, code: "invalid",
			prefix: "ungültiges JSON: json: cannot unmarshal array"},
		{name: "second object", body: ok + `{}`, status: 400, code: "invalid", message: "ungültiges JSON: Daten nach dem Objekt"},
		{name: "trailing garbage", body: ok + "\nx", status: 400, code: "invalid", message: "ungültiges JSON: Daten nach dem Objekt"},
		{name: "too large, streamed", body: `{"entries":[{"area":"` + strings.Repeat("x", 1<<20) + `"}]}`, chunked: true,
			status: 413, code: "too_large", message: "Anfrage zu groß: höchstens 1048576 Bytes", closeHdr: true},
		// encoding/json would decode the second array into the first's
		// elements: Süd with Nord's date and count, which it never sent.
		{name: "entries twice", body: `{"entries":[{"area":"Nord","date":"2026-02-01","count":1}],"entries":[{"area":"Süd"}]}`, status: 400, code: "invalid",
			message: "ungültiges JSON: entries mehrfach angegeben" + expected},
		{name: "entries twice, other case", body: `{"entries":[],"Entries":[]}`, status: 400, code: "invalid",
			message: "ungültiges JSON: entries mehrfach angegeben" + expected},
		{name: "trailing white space", body: ok + " \n\t\r\n", status: 201, added: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := entryCount(t, f)
			var body io.Reader = strings.NewReader(tt.body)
			if tt.chunked {
				body = io.MultiReader(body) // hides the length from httptest
			}
			req := httptest.NewRequest(http.MethodPost, path, body)
			if tt.chunked {
				req.ContentLength = -1
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+secret)
			rec := httptest.NewRecorder()
			f.srv.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d\n%s", rec.Code, tt.status, rec.Body)
			}
			var r struct{ Error, Code string }
			if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
				t.Fatalf("%v\n%s", err, rec.Body)
			}
			if r.Code != tt.code {
				t.Errorf("code %q, want %q", r.Code, tt.code)
			}
			if tt.message != "" && r.Error != tt.message {
				t.Errorf("message\n%s\nwant\n%s", r.Error, tt.message)
			}
			if tt.prefix != "" && (!strings.HasPrefix(r.Error, tt.prefix) || !strings.HasSuffix(r.Error, expected)) {
				t.Errorf("message %q, want %q…%q", r.Error, tt.prefix, expected)
			}
			if got := rec.Header().Get("Connection") == "close"; got != tt.closeHdr {
				t.Errorf("Connection: close %v, want %v", got, tt.closeHdr)
			}
			if n := entryCount(t, f) - before; n != tt.added {
				t.Errorf("%d entries added, want %d", n, tt.added)
			}
		})
	}
}
