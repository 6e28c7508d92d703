package web

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// The table "Ortsteile im Überblick" under the citizens' map: every
// Ortsteil (and every commercial zone with a campaign) with its state,
// quota against the target, and deadline. It is server-rendered, so that
// it serves keyboard, screen-reader and no-map readers, and it is the one
// source of the map's name labels: map.js reads each row's data-label,
// data-lon and data-lat and puts the label there (no glyph server needed).
// The state is campaigns.AreaStateOf of the figures the tiles carry
// (Server.bestFigures), so that colour, legend and table agree.

// overviewCacheSize bounds the cached tables (one per town and language
// of the current data version).
const overviewCacheSize = 64

// overviewCache keeps the tables of the current data version
// (tileServer.currentVersion, which includes today's date): a page view
// then reads no campaign figures and computes no label points.
type overviewCache struct {
	tiles *tileServer
	rows  *lruCache[[]overviewRow]
}

// overviewOf is overview through the cache.
func (s *Server) overviewOf(ctx context.Context, muni int64, lang string) ([]overviewRow, error) {
	oc := s.overviews
	if oc == nil {
		return s.overview(ctx, muni, lang)
	}
	v, err := oc.tiles.currentVersion(ctx)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%s|%d|%s", v, muni, lang)
	if rows, ok := oc.rows.get(key); ok {
		return rows, nil
	}
	rows, err := s.overview(ctx, muni, lang)
	if err != nil {
		return nil, err
	}
	oc.rows.keepOnly(v + "|")
	oc.rows.add(key, rows)
	return rows, nil
}

// overviewRow is one line of the table.
type overviewRow struct {
	Name      string
	Zone      bool   // a commercial zone (Gewerbegebiet)
	State     string // campaigns.AreaState: the colour class
	StateText string
	Provider  string
	// With a quota: "31,9 %", "33 %", and the progress bar's value and
	// maximum in percent points.
	HasQuota         bool
	Quota, Threshold string
	ProgressValue    string
	ProgressMax      string
	// While pre-marketing runs: "22.12.2026" and "noch 19 Tage".
	Deadline, DaysLeft string
	// Label is the map's label, "Windschlägen · 31,9 % von 33 %"; Lon and
	// Lat where it goes ("" when the area has no usable geometry).
	Label    string
	Lon, Lat string
	// Popup is what the map's popup says under the name: state, quota,
	// provider and deadline, in the page's language.
	Popup string
}

// overview returns the table's rows for the municipality with ID muni (0:
// every municipality; else its areas and those placed in none), Ortsteile
// first, then zones, each by name.
func (s *Server) overview(ctx context.Context, muni int64, lang string) ([]overviewRow, error) {
	_, _, best, err := s.bestFigures(ctx)
	if err != nil {
		return nil, err
	}
	today := s.camps.Today()
	var rows []overviewRow
	for _, kind := range []geo.AreaKind{geo.KindDistrict, geo.KindZone} {
		areas, err := s.store.Areas(ctx, kind)
		if err != nil {
			return nil, err
		}
		for _, a := range areas {
			// Areas placed in no municipality (an import without one)
			// show on every town's page.
			if muni != 0 && a.Municipality != muni && a.Municipality != 0 {
				continue
			}
			b := best[a.ID]
			if kind == geo.KindZone && b == nil {
				continue
			}
			rows = append(rows, overviewRowOf(a.Name, kind == geo.KindZone, a.Geometry, b, lang, today))
		}
	}
	return rows, nil
}

// overviewRowOf is the row of an area with its best figures b (nil: no
// campaign) on a page in lang as of today.
func overviewRowOf(name string, zone bool, g orb.MultiPolygon, b *areaFigures, lang string, today time.Time) overviewRow {
	st := b.areaState()
	r := overviewRow{Name: name, Zone: zone, State: string(st), StateText: areaStateText(st, lang), Label: name}
	if p, ok := geo.LabelPoint(g); ok {
		r.Lon, r.Lat = strconv.FormatFloat(p[0], 'f', 6, 64), strconv.FormatFloat(p[1], 'f', 6, 64)
	}
	if b == nil {
		r.Popup = r.popup(lang)
		return r
	}
	f := b.f
	r.Provider = b.campaign.Provider
	switch f.Status {
	case campaigns.StatusPlanned, campaigns.StatusCommitted, campaigns.StatusConstruction, campaigns.StatusLive, campaigns.StatusCancelled:
		// Within its colour the exact step: "geplant", "im Bau".
		r.StateText = translate(lang, "status."+string(f.Status))
	}
	if f.Threshold > 0 && (st == campaigns.AreaRunning || st == campaigns.AreaReached || st == campaigns.AreaMissed) && f.Status != campaigns.StatusPlanned {
		r.HasQuota = true
		r.Quota, r.Threshold = campaigns.Percent(f.Quota), campaigns.Percent(f.Threshold)
		r.ProgressMax = percentPoints(f.Threshold)
		r.ProgressValue = percentPoints(math.Min(campaigns.ShownShare(f.Quota), f.Threshold))
		r.Label += " · " + r.Quota + " " + translate(lang, "overview.of") + " " + r.Threshold
	} else if st != campaigns.AreaNone {
		r.Label += " · " + r.StateText
	}
	if f.Status.Active() {
		deadline := b.campaign.CurrentDeadline()
		r.Deadline = campaigns.GermanDate(deadline)
		r.DaysLeft = daysLeftText(deadline, today, lang)
	}
	r.Popup = r.popup(lang)
	return r
}

// popup joins the row's facts for the map's popup: "Vorvermarktung läuft
// · 31,9 % von 33 % · Deutsche Glasfaser · bis 22.12.2026, noch 19 Tage".
func (r overviewRow) popup(lang string) string {
	parts := []string{r.StateText}
	if r.HasQuota {
		parts = append(parts, r.Quota+" "+translate(lang, "overview.of")+" "+r.Threshold)
	}
	if r.Provider != "" {
		parts = append(parts, r.Provider)
	}
	if r.Deadline != "" {
		d := translate(lang, "answer.until") + " " + r.Deadline
		if r.DaysLeft != "" {
			d += ", " + r.DaysLeft
		}
		parts = append(parts, d)
	}
	return strings.Join(parts, " · ")
}

// percentPoints is a share as percent points with one decimal, for a
// <progress> element's value and max: 0.319 → "31.9".
func percentPoints(q float64) string {
	return strconv.FormatFloat(math.Round(q*1000)/10, 'f', -1, 64)
}

// areaStateText names an area state in the page's language.
func areaStateText(st campaigns.AreaState, lang string) string {
	if lang == langEN {
		return st.English()
	}
	return st.German()
}

// daysLeft is the number of calendar days from today to the deadline
// (both days, UTC midnight): 0 on the deadline itself, negative after.
func daysLeft(deadline, today time.Time) int {
	return int(math.Round(campaigns.Day(deadline).Sub(campaigns.Day(today)).Hours() / 24))
}

// daysLeftText says how long a deadline is away: "noch 19 Tage", "noch
// 1 Tag", "endet heute"; "" once it has passed.
func daysLeftText(deadline, today time.Time, lang string) string {
	switch n := daysLeft(deadline, today); {
	case n < 0:
		return ""
	case n == 0:
		return translate(lang, "days.today")
	case n == 1:
		return translate(lang, "days.one")
	default:
		return fmt.Sprintf(translate(lang, "days.many"), geo.Thousands(int64(n)))
	}
}
