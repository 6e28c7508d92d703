package campaigns

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"gigaplan/geo"
)

// SiteRow is one row of a sites file, as read.
type SiteRow struct {
	Line     int
	Name     string
	Kind     string
	Address  string // "Schulstraße 4", found among the addresses
	Campaign string // the serving campaign's name ("" for none)
	Project  string // the funding project's name or number ("#3"; "" for none)
	State    SiteState
	Date     time.Time // since when it is in that state (zero: today)
}

// siteAliases are the column names of a sites file, as normProgressCol
// leaves them; name and kind are required.
var siteAliases = map[string][]string{
	"name":     {"name", "liegenschaft", "einrichtung", "bezeichnung", "standort"},
	"kind":     {"kind", "art", "typ", "nutzung"},
	"address":  {"address", "adresse", "anschrift", "straße und hausnummer"},
	"campaign": {"campaign", "kampagne", "vorvermarktung"},
	"project":  {"project", "förderprojekt", "foerderprojekt", "projekt"},
	"state":    {"state", "status", "anschlussstand", "stand"},
	"date":     {"date", "datum", "seit"},
}

var siteFields = []string{"name", "kind", "address", "campaign", "project", "state", "date"}

// MaxSiteRows bounds a sites file.
const MaxSiteRows = 10_000

// ReadSites reads a sites file (CSV or XLSX) with the columns
// Liegenschaft, Art and optionally Adresse, Kampagne, Förderprojekt (its
// number), Status (geplant, beauftragt, im Bau, angeschlossen) and Datum.
// The first bad row fails the whole file with an EINVALID error naming
// file, line and column.
func ReadSites(name string, r io.Reader, maxRows int) ([]SiteRow, error) {
	tb, err := geo.OpenTable(name, r, "")
	if err != nil {
		return nil, geo.Errorf(geo.EINVALID, "%s", geo.ErrorMessage(err))
	}
	xlsx := strings.HasPrefix(tb.Format, "XLSX")
	col := map[string]int{}
	used := map[int]bool{}
	for _, f := range siteFields {
		for i, h := range tb.Header {
			if !used[i] && slices.Contains(siteAliases[f], normProgressCol(h)) {
				col[f], used[i] = i, true
				break
			}
		}
	}
	for _, f := range []string{"name", "kind"} {
		if _, ok := col[f]; !ok {
			return nil, geo.Errorf(geo.EINVALID, "%s:%d: die Spalte %s fehlt (vorhanden: %s)", name, tb.HeaderLine,
				map[string]string{"name": "Liegenschaft", "kind": "Art"}[f], strings.Join(tb.Header, ", "))
		}
	}
	return readTableRows(name, tb, col, maxRows, func(r tableRow) (SiteRow, error) {
		get, bad := r.Get, r.Bad
		row := SiteRow{Line: r.Line, Name: get("name"), Kind: get("kind"), Address: get("address"), Campaign: get("campaign"), Project: get("project")}
		if row.Name == "" {
			return row, bad("name", "leer")
		}
		if row.Kind == "" {
			return row, bad("kind", "leer")
		}
		var err error
		if row.State, err = ParseSiteState(get("state")); err != nil {
			return row, bad("state", "%s", geo.ErrorMessage(err))
		}
		if v := get("date"); v != "" {
			if row.Date, err = parseCellDate(v, xlsx); err != nil {
				return row, bad("date", "%q ist kein Datum (JJJJ-MM-TT oder TT.MM.JJJJ)", v)
			}
		}
		return row, nil
	})
}

// ImportSites adds the sites of a file read by ReadSites, all or none:
// each address must be found as exactly one address, each campaign by
// its name; a row's state is its first recorded change, dated with its
// Datum (today without one). A bad row fails with an EINVALID error
// naming file and line; a name that exists is ECONFLICT.
func (s *Service) ImportSites(ctx context.Context, file string, rows []SiteRow, by string) ([]Site, error) {
	today := s.today()
	seen := map[string]int{}
	var out []Site
	for _, r := range rows {
		where := fmt.Sprintf("%s:%d", file, r.Line)
		k := strings.ToLower(r.Name)
		if l, ok := seen[k]; ok {
			return nil, geo.Errorf(geo.EINVALID, "%s: die Liegenschaft %s steht schon in Zeile %d", where, r.Name, l)
		}
		seen[k] = r.Line
		st := Site{Name: r.Name, Kind: r.Kind}
		if r.Project != "" {
			p, err := s.findProject(ctx, r.Project)
			if err != nil {
				return nil, geo.Errorf(geo.EINVALID, "%s: Spalte Förderprojekt: %s", where, geo.ErrorMessage(err))
			}
			st.ProjectID = p.ID
		}
		if r.Address != "" {
			as, err := s.Geo.SearchAddresses(ctx, r.Address, 5)
			if err != nil {
				return nil, err
			}
			var hit []geo.Address
			for _, a := range as {
				if strings.EqualFold(strings.TrimSpace(a.Street+" "+a.HouseNumber+a.Suffix), r.Address) ||
					strings.EqualFold(strings.TrimSpace(a.Street+" "+a.HouseNumber+" "+a.Suffix), r.Address) {
					hit = append(hit, a)
				}
			}
			if len(hit) == 0 && len(as) == 1 {
				hit = as
			}
			switch len(hit) {
			case 0:
				return nil, geo.Errorf(geo.EINVALID, "%s: Spalte Adresse: %q nicht gefunden", where, r.Address)
			case 1:
				st.AddressID = hit[0].ID
			default:
				return nil, geo.Errorf(geo.EINVALID, "%s: Spalte Adresse: %q ist nicht eindeutig (%d Adressen)", where, r.Address, len(hit))
			}
		}
		if r.Campaign != "" {
			c, err := s.Store.CampaignByName(ctx, r.Campaign)
			if err != nil {
				return nil, geo.Errorf(geo.EINVALID, "%s: Spalte Kampagne: keine Kampagne %q", where, r.Campaign)
			}
			st.CampaignID = c.ID
		}
		on := r.Date
		if on.IsZero() {
			on = today
		}
		st.Changes = []SiteChange{{State: r.State, Effective: Day(on), Reason: "Import " + where, EnteredBy: by}}
		if err := ValidateSite(st, today); err != nil {
			return nil, geo.Errorf(geo.EINVALID, "%s: %s", where, geo.ErrorMessage(err))
		}
		out = append(out, st)
	}
	ids, err := s.Store.AddSites(ctx, out)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].ID = ids[i]
	}
	return out, nil
}

// findProject finds a funding project by its name or its number ("3" or
// "#3"): EINVALID naming it when there is none.
func (s *Service) findProject(ctx context.Context, ref string) (*FundingProject, error) {
	if s.Funding == nil {
		return nil, geo.Errorf(geo.EINVALID, "keine Förderprojekte gespeichert (%q)", ref)
	}
	if id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(ref), "#"), 10, 64); err == nil && id > 0 {
		p, err := s.Funding.FundingProject(ctx, id)
		if err == nil {
			return p, nil
		}
		if geo.ErrorCode(err) != geo.ENOTFOUND {
			return nil, err
		}
	}
	p, err := s.Funding.FundingProjectByName(ctx, strings.TrimSpace(ref))
	if geo.ErrorCode(err) == geo.ENOTFOUND {
		return nil, geo.Errorf(geo.EINVALID, "kein Förderprojekt %q", ref)
	}
	return p, err
}
