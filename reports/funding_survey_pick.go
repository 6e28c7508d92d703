package reports

import (
	"context"
	"fmt"
	"strings"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// SurveyHints say, on the caller's surface, how to choose a market survey
// and how to give a time horizon: FundingSurvey's refusals end with them.
type SurveyHints struct {
	Choose  string // e.g. "--survey NR wählen"
	Horizon string // e.g. "mit --horizon"
}

// FundingSurvey applies the market survey that a funding workbook of the
// named project areas reads (names resolved as ProjectRows resolves them,
// in ro.Municipality) to the workbook's row and sheet options: survey id
// when not 0 (ENOTFOUND if there is none), else the latest survey covering
// the first area, which must then be the latest of every other area that
// has one (EINVALID naming them otherwise: the workbook reads one survey
// for all its rows, and would read the first area's for the others). The
// survey gives the rows' supply (ro.Survey), the sheet "Markterkundung"
// (opt.Survey, opt.SurveyArea, opt.OperatorSupply) and, unless
// horizonGiven, its own time horizon, checked against ro.Rules (ro and opt
// HorizonYears). Without a survey covering the first area (and id 0) it
// changes nothing; SurveyMissing then tells which areas lack one.
//
// gigaplan report funding and the office's download both call it, so the
// same request writes the same workbook on either surface.
func (src Source) FundingSurvey(ctx context.Context, names []string, id int64, horizonGiven bool, hints SurveyHints, ro *RowOptions, opt *FundingOptions) error {
	if src.Supply == nil || len(names) == 0 {
		return nil
	}
	ids := make([]int64, len(names))
	for i, n := range names {
		ar, err := geo.AreaNamed(ctx, src.Geo, ro.Municipality, n)
		if err != nil {
			return err
		}
		ids[i] = ar.ID
	}
	var sv geo.Survey
	var err error
	if id != 0 {
		sv, err = src.Supply.Survey(ctx, id)
	} else {
		sv, err = src.Supply.LatestSurvey(ctx, ids[0])
		if geo.ErrorCode(err) == geo.ENOTFOUND {
			return nil
		}
		if err == nil {
			err = src.sameSurvey(ctx, sv, names, ids, hints)
		}
	}
	if err != nil {
		return err
	}
	ro.Survey = sv.ID
	opt.Survey, opt.SurveyArea = &sv, src.AreaLabel(ctx, sv.AreaID)
	opt.OperatorSupply = map[int64][]geo.Supply{}
	for _, aid := range ids {
		per, err := src.Supply.OperatorSupplyIn(ctx, sv.ID, aid)
		if err != nil {
			return err
		}
		for k, v := range per {
			opt.OperatorSupply[k] = v
		}
	}
	if horizonGiven || sv.HorizonYears <= 0 || ro.Rules == nil {
		return nil
	}
	y, err := SurveyHorizon(sv, *ro.Rules, hints.Horizon)
	if err != nil {
		return err
	}
	ro.HorizonYears, opt.HorizonYears = y, y
	return nil
}

// SurveyHorizon is survey sv's own time horizon under rule set rs (the
// rule set's default when sv has none): EINVALID, naming the survey and
// ending with how to give a horizon instead, when rs does not allow it.
func SurveyHorizon(sv geo.Survey, rs campaigns.RuleSet, how string) (int, error) {
	y, err := rs.Horizon(max(sv.HorizonYears, 0))
	if err != nil {
		return 0, geo.Errorf(geo.EINVALID, "die Markterkundung %s hat einen Zeithorizont von %d Jahren: %s – bitte %s den Zeithorizont angeben, nach dem gezählt werden soll",
			sv.Label(), sv.HorizonYears, geo.ErrorMessage(err), how)
	}
	return y, nil
}

// AreaHorizon is the time horizon by which the addresses of an area (its
// ID; 0: all addresses) are judged when nobody gives one: that of the
// latest market survey covering the area, as the area's funding workbook
// reads it (FundingSurvey), else the rule set's default. The address
// exports of the command line and of the office use it, so that their
// column "förderfähig" reads as the workbook does.
func (src Source) AreaHorizon(ctx context.Context, area int64, rs campaigns.RuleSet, how string) (int, error) {
	if area == 0 || src.Supply == nil {
		return rs.Horizon(0)
	}
	sv, err := src.Supply.LatestSurvey(ctx, area)
	if geo.ErrorCode(err) == geo.ENOTFOUND {
		return rs.Horizon(0)
	}
	if err != nil {
		return 0, err
	}
	return SurveyHorizon(sv, rs, how)
}

// sameSurvey refuses areas whose latest surveys differ from first, the
// first area's. An area without any survey is left to SurveyMissing.
func (src Source) sameSurvey(ctx context.Context, first geo.Survey, names []string, ids []int64, hints SurveyHints) error {
	var differ []string
	for i, id := range ids[1:] {
		sv, err := src.Supply.LatestSurvey(ctx, id)
		if geo.ErrorCode(err) == geo.ENOTFOUND {
			continue
		}
		if err != nil {
			return err
		}
		if sv.ID != first.ID {
			differ = append(differ, fmt.Sprintf("%s: %s (Nr. %d)", names[i+1], sv.Name, sv.ID))
		}
	}
	if len(differ) == 0 {
		return nil
	}
	return geo.Errorf(geo.EINVALID, "Förderantrag: die Gebiete haben verschiedene Markterkundungen (%s: %s (Nr. %d); %s). "+
		"Ein Förderantrag liest eine Markterkundung: %s oder je Markterkundung einen Antrag erstellen.",
		names[0], first.Name, first.ID, strings.Join(differ, "; "), hints.Choose)
}

// AreaLabel names the area a survey covers: "alle Adressen" for none.
func (src Source) AreaLabel(ctx context.Context, id int64) string {
	if id == 0 {
		return "alle Adressen"
	}
	if refs, err := src.Geo.AreaRefs(ctx); err == nil {
		for _, a := range refs {
			if a.ID == id {
				return a.Name
			}
		}
	}
	return fmt.Sprintf("Gebiet %d", id)
}
