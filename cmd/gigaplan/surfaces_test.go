package main

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gigaplan/campaigns"
	"gigaplan/data/sqlite"
	"gigaplan/geo"
	"gigaplan/web"
)

// TestFiguresAcrossSurfaces renders the demo town's figures through every
// surface — campaign status (table and JSON), the API, the office campaign
// page, the citizens' address check and the council workbook (its
// Kampagnen sheet and the table per campaign on its cover) — and checks
// that each area's quota, threshold, gap, status and change since the last
// meeting read the same everywhere.
func TestFiguresAcrossSurfaces(t *testing.T) {
	if testing.Short() {
		t.Skip("demo load in -short mode")
	}
	c := newCLI(t)
	c.mustRun("demo")
	book := filepath.Join(t.TempDir(), "rat.xlsx")
	since := campaigns.Today(time.Now()).AddDate(0, 0, -14).Format(time.DateOnly)
	c.mustRun("report", "council", "--out", book, "--since", since)
	wb, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	sheet, err := wb.GetRows("Kampagnen", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range sheet[1] {
		col[h] = i
	}
	cover, err := wb.GetRows("Übersicht", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	// The cover's tables: "campaign|area" → row (Ortsteil | Quote | Ziel |
	// Status | change of the quota | change of the contracts), below each
	// campaign's caption "Kampagne »…«".
	coverRow := map[string][]string{}
	current := ""
	for _, r := range cover {
		if len(r) == 0 {
			continue
		}
		if name, ok := strings.CutPrefix(r[0], "Kampagne »"); ok {
			current, _, _ = strings.Cut(name, "«")
			continue
		}
		if current != "" && len(r) >= 6 {
			if _, err := strconv.ParseFloat(r[1], 64); err == nil {
				coverRow[current+"|"+r[0]] = r
			}
		}
	}

	ctx := context.Background()
	st, err := sqlite.Open(ctx, c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := &campaigns.Service{Geo: st, Store: st}
	srv := web.New(web.Config{Users: st, Tokens: st}, st, svc)
	office := officeClient{srv, officeSession(t, st)}
	get := func(path string, session bool) string { return string(office.get(t, path, session)) }

	all, err := st.Campaigns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, camp := range all {
		figs, err := svc.Figures(ctx, camp, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		var status struct {
			Areas []statusJSON `json:"areas"`
			Total statusJSON   `json:"total"`
		}
		if err := json.Unmarshal([]byte(c.mustRun("campaign", "status", camp.Name, "--format", "json")), &status); err != nil {
			t.Fatal(err)
		}
		var before struct {
			Areas []statusJSON `json:"areas"`
			Total statusJSON   `json:"total"`
		}
		if err := json.Unmarshal([]byte(c.mustRun("campaign", "status", camp.Name, "--format", "json", "--as-of", since)), &before); err != nil {
			t.Fatal(err)
		}
		table := c.mustRun("campaign", "status", camp.Name)
		var api struct {
			Areas []struct {
				Area  string  `json:"area"`
				Quota float64 `json:"quota"`
				Gap   int     `json:"gap"`
			} `json:"areas"`
			Total struct {
				Quota float64 `json:"quota"`
				Gap   int     `json:"gap"`
			} `json:"total"`
		}
		if err := json.Unmarshal([]byte(get(fmt.Sprintf("/api/v1/campaigns/%d", camp.ID), false)), &api); err != nil {
			t.Fatal(err)
		}
		page := get(fmt.Sprintf("/buero/kampagnen/%d", camp.ID), true)

		for i, a := range append(figs.Areas, figs.Total) {
			quota, threshold, gap := campaigns.Percent(a.Quota), campaigns.Percent(a.Threshold), a.Needed
			where := camp.Name + " / " + a.AreaName
			total := i == len(figs.Areas)
			// CLI: JSON (raw share) and table (German text).
			js := status.Total
			if !total {
				js = status.Areas[i]
			}
			if campaigns.Percent(js.Quota) != quota || js.Gap != gap {
				t.Errorf("%s: campaign status --format json %v / gap %d, want %s / %d", where, js.Quota, js.Gap, quota, gap)
			}
			if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(a.AreaName) + `\s.*\s` + regexp.QuoteMeta(quota) + `\s+` +
				regexp.QuoteMeta(threshold) + `\s+` + regexp.QuoteMeta(campaigns.Thousands(int64(gap))) + `\s`).MatchString(table) {
				t.Errorf("%s: campaign status table lacks %s, %s, gap %d:\n%s", where, quota, threshold, gap, table)
			}
			// API.
			aq, ag := api.Total.Quota, api.Total.Gap
			if !total {
				aq, ag = api.Areas[i].Quota, api.Areas[i].Gap
			}
			if campaigns.Percent(aq) != quota || ag != gap {
				t.Errorf("%s: API %v / gap %d, want %s / %d", where, aq, ag, quota, gap)
			}
			// Office page: the area's row.
			name := a.AreaName
			if total {
				name = "Gesamt"
			}
			if !total || len(figs.Areas) > 1 { // one area: no total row
				row := regexp.MustCompile(`(?s)<th scope="row">` + regexp.QuoteMeta(name) + `[ <].*?</tr>`).FindString(page)
				cells := regexp.MustCompile(`<td class="num">([^<]*)</td>`).FindAllStringSubmatch(row, -1)
				if len(cells) < 6 || cells[2][1] != quota || cells[3][1] != threshold || cells[5][1] != campaigns.Thousands(int64(gap)) {
					t.Errorf("%s: office page row %q, want %s, %s, gap %d", where, row, quota, threshold, gap)
				}
			}
			// Council workbook: the share as shown, the gap.
			found := false
			for _, r := range sheet[2:] {
				if len(r) > col["Status"] && r[col["Kampagne"]] == camp.Name && (r[col["Gebiet"]] == a.AreaName || total && r[col["Gebiet"]] == "Gesamt") {
					found = true
					q, _ := strconv.ParseFloat(r[col["Quote"]], 64)
					g, _ := strconv.Atoi(r[col["fehlende Verträge"]])
					if q != campaigns.ShownShare(a.Quota) || g != gap {
						t.Errorf("%s: workbook quota %s / gap %s, want %v (%s) / %d", where, r[col["Quote"]], r[col["fehlende Verträge"]],
							campaigns.ShownShare(a.Quota), quota, gap)
					}
				}
			}
			if !found {
				t.Errorf("%s: no workbook row", where)
			}
			// The cover's table: quota, target and status as campaign status
			// --format json gives them; the change since the last meeting as
			// the difference of campaign status --as-of that day.
			prev := before.Total
			if !total {
				prev = before.Areas[i]
			}
			if r, ok := coverRow[camp.Name+"|"+name]; !ok {
				if total && len(figs.Areas) > 1 {
					t.Errorf("%s: no row on the cover", where)
				}
			} else {
				q, _ := strconv.ParseFloat(r[1], 64)
				thr, _ := strconv.ParseFloat(r[2], 64)
				pp, _ := strconv.ParseFloat(r[4], 64)
				signed, _ := strconv.Atoi(r[5])
				if q != campaigns.ShownShare(js.Quota) || thr != js.Threshold || !strings.HasPrefix(r[3], campaigns.Status(js.Status).German()) {
					t.Errorf("%s: cover %s / %s / %q, campaign status %v / %v / %s", where, r[1], r[2], r[3], js.Quota, js.Threshold, js.Status)
				}
				// The JSON's quota is cut to four decimals: its difference
				// is the workbook's within 0.02 points.
				if signed != js.Signups-prev.Signups || math.Abs(pp-(js.Quota-prev.Quota)*100) > 0.02 {
					t.Errorf("%s: cover change %s Pp. / %s contracts, campaign status now and --as-of %s: %v → %v / %d → %d", where, r[4], r[5],
						since, prev.Quota, js.Quota, prev.Signups, js.Signups)
				}
				checked++
			}
			checked++
		}
		// Citizens: an address of each area in pre-marketing.
		for _, a := range figs.Areas {
			if !a.Status.Active() {
				continue
			}
			var addr geo.Address
			for x, err := range st.Addresses(ctx, geo.AddressFilter{AreaID: a.AreaID}) {
				if err != nil {
					t.Fatal(err)
				}
				addr = x
				break
			}
			var cov struct {
				Message   string `json:"message"`
				Gap       int    `json:"gap"`
				QuotaText string `json:"quotaText"`
			}
			if err := json.Unmarshal([]byte(get(fmt.Sprintf("/api/v1/addresses/%d/coverage", addr.ID), false)), &cov); err != nil {
				t.Fatal(err)
			}
			want := campaigns.Percent(a.Quota) + " von " + campaigns.Percent(a.Threshold)
			if cov.QuotaText != campaigns.Percent(a.Quota) || cov.Gap != a.Needed || !strings.Contains(cov.Message, want) {
				t.Errorf("%s / %s: citizens read %q (%s, gap %d), want %s, gap %d", camp.Name, a.AreaName, cov.Message, cov.QuotaText, cov.Gap, want, a.Needed)
			}
			checked++
		}
	}
	if checked < 20 {
		t.Errorf("checked only %d figures", checked)
	}
}

// officeSession stores a session of a new viewer "vera" in st, as the
// login would, and returns the session cookie's value.
func officeSession(t *testing.T, st *sqlite.Store) string {
	t.Helper()
	ctx := context.Background()
	if _, err := st.CreateUser(ctx, campaigns.User{Name: "vera", Role: campaigns.RoleViewer, PasswordHash: []byte("x")}); err != nil {
		t.Fatal(err)
	}
	vera, err := st.UserByName(ctx, "vera")
	if err != nil {
		t.Fatal(err)
	}
	tok := "surfaces-test-session-token"
	h := sha256.Sum256([]byte(tok))
	if err := st.CreateSession(ctx, h[:], vera.ID, time.Now(), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	return tok
}

// officeClient sends GET requests to an app, with the session of
// officeSession (tok) when asked.
type officeClient struct {
	srv http.Handler
	tok string
}

func (o officeClient) do(path string, session bool) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if session {
		req.AddCookie(&http.Cookie{Name: "gigaplan_session", Value: o.tok})
	}
	rec := httptest.NewRecorder()
	o.srv.ServeHTTP(rec, req)
	return rec
}

// get returns the body of path, failing t unless the answer is 200.
func (o officeClient) get(t *testing.T, path string, session bool) []byte {
	t.Helper()
	rec := o.do(path, session)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", path, rec.Code, rec.Body)
	}
	return rec.Body.Bytes()
}
