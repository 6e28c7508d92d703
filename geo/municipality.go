package geo

import (
	"context"
	"fmt"
	"strings"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geos"
)

// A municipality is the scope of the other areas: a district, zone or
// build area belongs to one (Area.Municipality), and names are unique
// within (municipality, kind). ImportAreas places each area it reads:
// in the municipality ParseOptions.Municipality names, else in the stored
// municipality that holds (nearly) all of it. An area that straddles two
// is refused; one in none, or any area while no municipality is stored,
// belongs to none (0), as in an installation for one town.

// placeShare is the share of an area's surface a municipality must hold
// for the area to be placed in it without --municipality; an area whose
// largest share is smaller but whose second is above 1 - placeShare
// straddles.
const placeShare = 0.99

// placer places areas in municipalities.
type placer struct {
	given  int64 // from ParseOptions.Municipality; 0: by containment
	within Area  // from ParseOptions.Within: placed areas must lie in it
	munis  []AreaSummary
	gc     *geos.Context
	geoms  []*geos.Geom
	preps  []*geos.PrepGeom // prepared geoms, for the quick "wholly inside"
	bounds []orb.Bound      // the municipalities' bounding boxes
}

// newPlacer reads the stored municipalities and resolves
// opt.Municipality (an AGS or a name).
func (s *Service) newPlacer(ctx context.Context, opt ParseOptions) (*placer, error) {
	if opt.Kind == KindMunicipality {
		if opt.Within != "" {
			return nil, Errorf(EFORBIDDEN, "Gemeinden werden für den ganzen Kreis importiert, nicht für eine Gemeinde")
		}
		if opt.Municipality != "" {
			return nil, Errorf(EINVALID, "--municipality ordnet Ortsteile, Gewerbegebiete und Ausbaugebiete einer Gemeinde zu; eine Gemeinde selbst gehört zu keiner")
		}
		return &placer{}, nil
	}
	sums, err := s.Store.Areas(ctx, KindMunicipality)
	if err != nil {
		return nil, err
	}
	pl := &placer{munis: sums}
	if opt.Municipality != "" {
		m, err := FindMunicipality(sums, opt.Municipality)
		if err != nil {
			return nil, err
		}
		pl.given = m.ID
	}
	if opt.Within != "" {
		if pl.within, err = FindMunicipality(sums, opt.Within); err != nil {
			return nil, err
		}
		pl.given = 0
	}
	return pl, nil
}

// FindMunicipality returns the municipality among munis (the
// municipalities among a list of areas) with AGS or name s: ENOTFOUND when there is none, EINVALID
// when several share the name.
func FindMunicipality(munis []AreaSummary, s string) (Area, error) {
	s = strings.TrimSpace(s)
	var found []Area
	for _, m := range munis {
		if m.Kind == KindMunicipality && (m.AGS == s || strings.EqualFold(m.Name, s)) {
			found = append(found, m.Area)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		names := make([]string, 0, len(munis))
		for _, m := range munis {
			if m.Kind == KindMunicipality {
				names = append(names, fmt.Sprintf("%s (%s)", m.Name, m.AGS))
			}
		}
		if len(names) == 0 {
			return Area{}, Errorf(ENOTFOUND, "Gemeinde %q nicht gefunden: es ist noch keine Gemeinde importiert (gigaplan import areas --kind municipality)", s)
		}
		return Area{}, Errorf(ENOTFOUND, "Gemeinde %q nicht gefunden (vorhanden: %s)", s, strings.Join(names, ", "))
	}
	return Area{}, Errorf(EINVALID, "%d Gemeinden heißen %q: bitte den AGS angeben", len(found), s)
}

// place sets a.Municipality, or refuses an area that straddles two
// municipalities or, with within, lies outside it. A municipality belongs
// to none.
func (pl *placer) place(a *Area) error {
	if err := pl.placeIn(a); err != nil || pl.within.ID == 0 || a.Kind == KindMunicipality {
		return err
	}
	if a.Municipality != pl.within.ID {
		return Errorf(EFORBIDDEN, "%s: %s „%s“ liegt nicht in %s", a.Source, a.Kind.German(), a.Name, pl.within.Name)
	}
	return nil
}

func (pl *placer) placeIn(a *Area) (err error) {
	defer func() {
		// go-geos panics on GEOS exceptions; turn them into errors.
		if r := recover(); r != nil {
			err = Errorf(EINVALID, "%s: %s %q: kann keiner Gemeinde zugeordnet werden (Geometriefehler: %v)", a.Source, a.Kind.German(), a.Name, r)
		}
	}()
	if a.Kind == KindMunicipality {
		a.Municipality = 0
		return nil
	}
	if pl.given != 0 {
		a.Municipality = pl.given
		return nil
	}
	if len(pl.munis) == 0 {
		return nil
	}
	if pl.gc == nil {
		pl.gc = geos.NewContext()
		for _, m := range pl.munis {
			g, err := newGEOSMultiPolygon(pl.gc, m.Geometry)
			if err != nil {
				return fmt.Errorf("municipality %s: %w", m.Name, err)
			}
			pl.geoms = append(pl.geoms, g)
			pl.preps = append(pl.preps, g.Prepare())
			pl.bounds = append(pl.bounds, m.Geometry.Bound())
		}
	}
	g, err := newGEOSMultiPolygon(pl.gc, a.Geometry)
	if err != nil {
		return err
	}
	total := g.Area()
	if total == 0 {
		return nil
	}
	bounds := a.Geometry.Bound()
	best, second := -1, -1
	shares := make([]float64, len(pl.munis))
	for i, m := range pl.munis {
		if !pl.bounds[i].Intersects(bounds) {
			continue
		}
		if pl.preps[i].Contains(g) {
			// Wholly inside (the usual case): no intersection to compute,
			// and no other municipality can hold a share.
			a.Municipality = m.ID
			return nil
		}
		shares[i] = g.Intersection(pl.geoms[i]).Area() / total
		switch {
		case best < 0 || shares[i] > shares[best]:
			best, second = i, best
		case second < 0 || shares[i] > shares[second]:
			second = i
		}
	}
	switch {
	case best < 0 || shares[best] < 1-placeShare:
		return nil // in no municipality
	case second >= 0 && shares[second] > 1-placeShare:
		return Errorf(EINVALID, "%s: %s %q liegt in zwei Gemeinden (%s %s, %s %s): bitte die Gemeinde angeben (Befehl: --municipality, Importseite: Feld „Gemeinde“)",
			a.Source, a.Kind.German(), a.Name, pl.munis[best].Name, percent(shares[best]), pl.munis[second].Name, percent(shares[second]))
	}
	a.Municipality = pl.munis[best].ID
	return nil
}

func percent(f float64) string {
	return strings.Replace(fmt.Sprintf("%.1f %%", f*100), ".", ",", 1)
}

// AGSMismatch is an address whose AGS (from its file, e.g. HK-DE) is not
// that of the municipality the overlay placed it in.
type AGSMismatch struct {
	Address      Address
	Municipality string // its name
	AGS          string // the municipality's
}

// AreaLister is the part of Store that ScopeOf needs.
type AreaLister interface {
	AreaRefs(ctx context.Context) ([]Area, error)
}

// ScopeOf returns the stored municipality with AGS or name s, and the IDs
// of it and of every area that belongs to it: what a report or list for
// one municipality keeps. Errors as FindMunicipality.
func ScopeOf(ctx context.Context, st AreaLister, s string) (Area, map[int64]bool, error) {
	all, err := st.AreaRefs(ctx)
	if err != nil {
		return Area{}, nil, err
	}
	sums := make([]AreaSummary, 0, len(all))
	for _, a := range all {
		if a.Kind == KindMunicipality {
			sums = append(sums, AreaSummary{Area: a})
		}
	}
	m, err := FindMunicipality(sums, s)
	if err != nil {
		return Area{}, nil, err
	}
	return m, ScopeIDs(all, m.ID), nil
}

// ScopeIDs returns the IDs of municipality and of every area among all
// that belongs to it.
func ScopeIDs(all []Area, municipality int64) map[int64]bool {
	scope := map[int64]bool{municipality: true}
	for _, a := range all {
		if a.Municipality == municipality {
			scope[a.ID] = true
		}
	}
	return scope
}
