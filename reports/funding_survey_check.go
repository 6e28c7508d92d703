package reports

import (
	"context"
	"strings"

	"gigaplan/geo"
)

// SurveyMissing returns the project areas (by name, resolved as
// ProjectRows resolves them) that no market survey covers: the one check
// a funding workbook makes before it is written (CLI and office page).
// Until the market survey is a record of its own, "covered" means that
// supply data exist for addresses of the area (geo.SupplyStore.SupplyIn
// is not empty); a Source without a supply store covers nothing.
func (src Source) SurveyMissing(ctx context.Context, names []string, municipality int64) ([]string, error) {
	var missing []string
	for _, n := range names {
		var ar geo.Area
		var err error
		if municipality != 0 {
			ar, err = src.Geo.AreaIn(ctx, municipality, "", n)
		} else {
			ar, err = src.Geo.AreaByName(ctx, "", n)
		}
		if err != nil {
			return nil, err
		}
		if src.Supply == nil {
			missing = append(missing, n)
			continue
		}
		sup, err := src.Supply.SupplyIn(ctx, ar.ID)
		if err != nil {
			return nil, err
		}
		if len(sup) == 0 {
			missing = append(missing, n)
		}
	}
	return missing, nil
}

// NoSurveyError is the refusal to write a funding workbook for areas no
// market survey covers (SurveyMissing), in German: what is missing and
// how to supply it. how names the way to import supply data and the way
// to go on without on the caller's surface.
func NoSurveyError(missing []string, how string) error {
	return geo.Errorf(geo.EINVALID, "Förderantrag: für %s liegt keine Markterkundung vor (keine Versorgungsdaten der Netzbetreiber). "+
		"Ohne sie ist die Förderfähigkeit nicht belegt. %s", strings.Join(missing, ", "), how)
}
