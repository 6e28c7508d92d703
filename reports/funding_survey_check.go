package reports

import (
	"context"
	"strings"

	"gigaplan/geo"
)

// SurveyMissing returns the project areas (by name, resolved as
// ProjectRows resolves them) that no market survey covers: the one check
// a funding workbook makes before it is written (CLI and office page).
// "Covered" means that the survey the workbook's rows read has answers
// for addresses of the area: survey when the user chose one (a survey
// recorded for one Ortsteil may have asked about two), else the latest
// survey covering the area (geo.SupplyStore.LatestSurvey). A Source
// without a supply store covers nothing.
func (src Source) SurveyMissing(ctx context.Context, names []string, municipality, survey int64) ([]string, error) {
	var missing []string
	for _, n := range names {
		ar, err := geo.AreaNamed(ctx, src.Geo, municipality, n)
		if err != nil {
			return nil, err
		}
		if src.Supply == nil {
			missing = append(missing, n)
			continue
		}
		sup, err := src.Supply.SurveySupply(ctx, survey, ar.ID)
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

// fundingAddressImports is the number of address imports the cover lists
// (the newest, one per file name).
const fundingAddressImports = 3

// FundingImports returns the recorded imports that feed a funding
// workbook for the named project areas (resolved as ProjectRows resolves
// them), newest first: the newest address imports (one per file, at most
// fundingAddressImports, of the municipality or of none), the imports of
// the files the project areas came from (geo.Area.Source), and the newest
// supply import (each supply import replaces the supply data before it).
// A store that records no imports gives none.
func (src Source) FundingImports(ctx context.Context, names []string, municipality int64) ([]geo.Import, error) {
	is, ok := src.Geo.(geo.ImportStore)
	if !ok {
		return nil, nil
	}
	all, err := is.Imports(ctx)
	if err != nil {
		return nil, err
	}
	areaFiles := map[string]bool{}
	for _, n := range names {
		ar, err := geo.AreaNamed(ctx, src.Geo, municipality, n)
		if err != nil {
			return nil, err
		}
		if f := sourceFile(ar.Source); f != "" {
			areaFiles[f] = true
		}
	}
	var out []geo.Import
	addrFiles := map[string]bool{}
	supply := false
	for _, im := range all {
		switch im.Kind {
		case geo.ImportAddresses:
			if len(addrFiles) < fundingAddressImports && !addrFiles[im.File] && (im.Municipality == 0 || municipality == 0 || im.Municipality == municipality) {
				addrFiles[im.File] = true
				out = append(out, im)
			}
		case geo.ImportAreas:
			for _, f := range strings.Split(im.File, ", ") {
				if areaFiles[f] {
					out = append(out, im)
					delete(areaFiles, f) // the newest import of the file
					break
				}
			}
		case geo.ImportSupply:
			if !supply {
				supply = true
				out = append(out, im)
			}
		}
	}
	return out, nil
}

// sourceFile is the file of a record's Source ("dir/ortsteile.geojson#3",
// "adressen.csv:12"): its base name without the record number.
func sourceFile(source string) string {
	f := geo.ImportFileName(source)
	if i := strings.LastIndexAny(f, "#:"); i >= 0 && i+1 < len(f) && strings.Trim(f[i+1:], "0123456789") == "" {
		f = f[:i]
	}
	return f
}
