package reports

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// The sheet "Deckblatt": the applicant, the rule set, the market survey
// (or, without one, a red warning), the key figures as formulas over the
// summary, and the sources as recorded by the imports.

// Cover column widths.
const (
	coverLabelWidth = 40
	coverValueWidth = 72
)

// fundingNoSurveyTitle is the cover's warning without a market survey.
const fundingNoSurveyTitle = "Ohne Markterkundung: Förderfähigkeit nicht belegt"

// coverPair is one label and value row of the cover.
type coverPair struct {
	label string
	value any // a string, or an excelize.Cell
	style int // style of a string value (0: wrapped text)
}

// coverAGS is the municipality key shown: the option's, else the one the
// address rows carry (the AGS the overlay or the address file gives),
// else a note that it is unknown.
func (fw *fundingWriter) coverAGS() string {
	if fw.opt.AGS != "" {
		return fw.opt.AGS
	}
	switch len(fw.agsSeen) {
	case 0:
		return "nicht bekannt (keine Gemeinde und kein AGS in den Adressdaten)"
	case 1:
		return fw.agsSeen[0] + " (aus den Adressdaten)"
	}
	return strings.Join(fw.agsSeen, ", ") + " (mehrere in den Adressdaten)"
}

// fundingImportLabel names an import kind on the cover.
func fundingImportLabel(im geo.Import) string {
	switch im.Kind {
	case geo.ImportAddresses:
		return "Adressen"
	case geo.ImportSupply:
		return "Versorgung (Markterkundung)"
	case geo.ImportAreas:
		switch im.AreaKind {
		case geo.KindMunicipality:
			return "Gebiete: Gemeindegrenzen"
		case geo.KindDistrict:
			return "Gebiete: Ortsteile"
		case geo.KindZone:
			return "Gebiete: Gewerbegebiete"
		case geo.KindBuildArea:
			return "Gebiete: Ausbaugebiete"
		}
		return "Gebiete"
	}
	return string(im.Kind)
}

// fundingImportText describes an import: file, rows, date, who, digest.
func fundingImportText(im geo.Import) string {
	var b strings.Builder
	b.WriteString(im.File)
	fmt.Fprintf(&b, " · %s Datensätze · importiert am %s", formatIntDE(im.Rows), im.ImportedAt.In(berlin()).Format("02.01.2006 15:04"))
	if im.By != "" {
		b.WriteString(" von " + im.By)
	}
	if len(im.SHA256) >= 16 {
		b.WriteString(" · SHA-256 " + im.SHA256[:16] + "…")
	}
	return b.String()
}

// formatIntDE formats n with German thousands separators.
func formatIntDE(n int) string { return campaigns.Thousands(int64(n)) }

// berlin is the office's time zone for the import times shown.
func berlin() *time.Location { return campaigns.Location }

// addressDataDate is the date of the address data: the newest address
// import's, zero if none is recorded.
func (fw *fundingWriter) addressDataDate() time.Time {
	var t time.Time
	for _, im := range fw.opt.Imports {
		if im.Kind == geo.ImportAddresses && im.ImportedAt.After(t) {
			t = im.ImportedAt
		}
	}
	return t
}

// sourcePairs are the rows of the sources block: the recorded imports,
// and what is missing said plainly.
func (fw *fundingWriter) sourcePairs() []coverPair {
	var out []coverPair
	var haveAddr, haveSupply bool
	// Addresses, areas, supply; newest first within a kind.
	rank := map[geo.ImportKind]int{geo.ImportAddresses: 0, geo.ImportAreas: 1, geo.ImportSupply: 2}
	imports := slices.Clone(fw.opt.Imports)
	slices.SortStableFunc(imports, func(a, b geo.Import) int { return cmp.Compare(rank[a.Kind], rank[b.Kind]) })
	for _, im := range imports {
		out = append(out, coverPair{label: fundingImportLabel(im), value: fundingImportText(im)})
		haveAddr = haveAddr || im.Kind == geo.ImportAddresses
		haveSupply = haveSupply || im.Kind == geo.ImportSupply
	}
	if !haveAddr {
		out = append(out, coverPair{label: "Adressen", value: "Import nicht erfasst (vor der Aufzeichnung der Importe oder als Demo-Daten geladen)"})
	}
	if !haveSupply {
		v := "keine Versorgungsdaten importiert: keine Markterkundung"
		if !fw.opt.WithoutSurvey {
			v = "Import nicht erfasst"
		}
		out = append(out, coverPair{label: "Versorgung (Markterkundung)", value: v, style: fw.st.warningText})
	}
	out = append(out,
		coverPair{label: "Koordinaten", value: "ETRS89/UTM32 (EPSG:25832) und WGS84, aus den Adressdaten umgerechnet"},
		coverPair{label: "Förderfähigkeit", value: "Je Adresse nach dem oben genannten Regelwerk bewertet; Begründung in der Adressliste."},
		coverPair{label: "Erstellt mit", value: "Gigaplan am " + fundingNow().Format("02.01.2006")},
	)
	return out
}

// surveyPairs are the rows of the market-survey block. The survey record
// (period, publication, time horizon, operators asked and answered,
// Branchendialog) goes here when it exists; until then the block says
// whether supply data cover the project area.
func (fw *fundingWriter) surveyPairs() []coverPair {
	if fw.opt.WithoutSurvey {
		return []coverPair{{label: "Markterkundungsverfahren", value: "keines: für das Projektgebiet liegen keine Versorgungsdaten vor", style: fw.st.warningText}}
	}
	var files []string
	for _, im := range fw.opt.Imports {
		if im.Kind == geo.ImportSupply {
			files = append(files, im.File+" ("+im.ImportedAt.In(berlin()).Format("02.01.2006")+")")
		}
	}
	v := "Versorgungsdaten für das Projektgebiet liegen vor"
	if len(files) > 0 {
		v += ": " + strings.Join(files, ", ")
	}
	out := []coverPair{{label: "Markterkundungsverfahren", value: v}}
	if fw.opt.Survey != nil {
		// The survey's record: period, publication, horizon, operators
		// asked, answered and without an answer, Branchendialog (the same
		// block as the sheet Markterkundung and gigaplan survey show).
		for _, r := range SurveyBlock(*fw.opt.Survey, fw.opt.SurveyArea) {
			out = append(out, coverPair{label: r.Label, value: r.Value})
		}
	}
	return out
}

// coverSheet writes the sheet "Deckblatt", which exists from the start
// (the first sheet) and is filled last, when the counts are known.
func (fw *fundingWriter) coverSheet() error {
	st, opt := fw.st, fw.opt
	if err := fw.fundingPrint(FundingSheetCover, 0); err != nil {
		return err
	}
	sw, err := fw.f.NewStreamWriter(FundingSheetCover)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 1, coverLabelWidth); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, 2, coverValueWidth); err != nil {
		return err
	}
	s := &fundingSheet{sw: sw, plain: st.plain}
	merged := func(style int, text string, width float64, lineHeight float64) error {
		h := fundingRowHeight(fundingWrapLines(text, width))
		if lineHeight > 0 {
			h = lineHeight * float64(fundingWrapLines(text, width))
		}
		if _, err := s.addHeight(h, excelize.Cell{StyleID: style, Value: text}); err != nil {
			return err
		}
		return sw.MergeCell(fundingCell(1, s.row), fundingCell(2, s.row))
	}
	// The title at 14 pt: fewer characters per line, taller lines.
	if err := merged(st.title, opt.Title, (coverLabelWidth+coverValueWidth)*10/14, 20); err != nil {
		return err
	}
	if opt.WithoutSurvey {
		s.skip(1)
		if err := merged(st.warning, fundingNoSurveyTitle, (coverLabelWidth+coverValueWidth)*10/12, 18); err != nil {
			return err
		}
		if err := merged(st.warningText, "Für das Projektgebiet liegen keine Versorgungsdaten aus einem Markterkundungsverfahren vor. "+
			"Adressen, die nur mangels Meldung förderfähig wären, sind als „ungeklärt“ ausgewiesen, nicht als förderfähig; "+
			"die Kostenschätzung rechnet sie als Obergrenze mit. Vor dem Antrag ist das Markterkundungsverfahren durchzuführen.",
			coverLabelWidth+coverValueWidth, 0); err != nil {
			return err
		}
	}
	section := func(title string, pairs []coverPair) error {
		s.skip(1)
		if _, err := s.addHeight(20, excelize.Cell{StyleID: st.section, Value: title}, excelize.Cell{StyleID: st.section}); err != nil {
			return err
		}
		for _, p := range pairs {
			v := p.value
			lines := fundingWrapLines(p.label, coverLabelWidth)
			if text, ok := v.(string); ok {
				style := p.style
				if style == 0 {
					style = st.wrap
				}
				lines = max(lines, fundingWrapLines(text, coverValueWidth))
				v = excelize.Cell{StyleID: style, Value: text}
			}
			h := 0.0
			if lines > 1 {
				h = fundingRowHeight(lines)
			}
			if _, err := s.addHeight(h, excelize.Cell{StyleID: st.label, Value: p.label}, v); err != nil {
				return err
			}
		}
		return nil
	}

	areas := opt.Areas
	if len(areas) == 0 {
		for _, d := range fw.districtOrder {
			if d != "" {
				areas = append(areas, d)
			}
		}
	}
	municipality := opt.Municipality
	if municipality == "" {
		municipality = "nicht angegeben"
	}
	contact := opt.Contact
	if contact == "" {
		contact = "nicht angegeben"
	}
	addrDate := any("nicht erfasst")
	if d := fw.addressDataDate(); !d.IsZero() {
		day := d.In(berlin())
		addrDate = excelize.Cell{StyleID: st.date, Value: time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)}
	}
	if err := section("Antragsteller", []coverPair{
		{label: "Gemeinde", value: municipality},
		{label: "Amtlicher Gemeindeschlüssel (AGS)", value: excelize.Cell{StyleID: st.textLeft, Value: fw.coverAGS()}},
		{label: "Ansprechpartner", value: contact},
		{label: "Projektgebiet", value: strings.Join(areas, ", ")},
		{label: "Stand der Adressdaten", value: addrDate},
	}); err != nil {
		return err
	}
	rule := opt.RuleTitle
	if rule == "" {
		rule = "nicht angegeben"
	}
	rating := []coverPair{
		{label: "Förderregelwerk", value: rule},
		{label: "Regelwerk (Kennung)", value: opt.RuleSet},
	}
	if opt.RuleSource != "" {
		rating = append(rating, coverPair{label: "Quelle des Regelwerks", value: opt.RuleSource})
	}
	if opt.HorizonYears > 0 {
		rating = append(rating, coverPair{label: "Zeithorizont der Markterkundung", value: fmt.Sprintf("%d Jahre", opt.HorizonYears)})
	}
	rating = append(rating, coverPair{label: "Stand der Bewertung", value: excelize.Cell{StyleID: st.date, Value: opt.AsOf}})
	if err := section("Bewertung", rating); err != nil {
		return err
	}
	if err := section("Markterkundung", fw.surveyPairs()); err != nil {
		return err
	}

	// Key figures: formulas over the summary's first table, so that they
	// follow an edit of the address list as the summary does.
	sum := fw.sum
	figures := []coverPair{
		{label: "Adressen im Projektgebiet", value: excelize.Cell{StyleID: st.integerLeft, Value: sum.Rows, Formula: fw.summaryAllRef()}},
		{label: "davon förderfähig", value: excelize.Cell{StyleID: st.integerLeft, Value: sum.Eligible, Formula: fw.summaryEligibleRef()}},
	}
	if open := fw.summaryOpenRef(); open != "" {
		figures = append(figures, coverPair{label: "davon ungeklärt (keine Markterkundung)",
			value: excelize.Cell{StyleID: st.integerLeftRed, Value: sum.Undecided, Formula: open}})
	}
	figures = append(figures,
		coverPair{label: "Wohneinheiten der förderfähigen Adressen", value: excelize.Cell{StyleID: st.integerLeft, Value: sum.Households, Formula: fw.summaryRef(3)}},
		coverPair{label: "Unternehmen der förderfähigen Adressen", value: excelize.Cell{StyleID: st.integerLeft, Value: sum.Businesses, Formula: fw.summaryRef(4)}},
		coverPair{label: "Besondere Standorte (Schulen, Krankenhäuser, kommunale Einrichtungen)", value: excelize.Cell{StyleID: st.integerLeft, Value: len(fw.special)}},
	)
	if fw.costTotalCell != "" {
		figures = append(figures, coverPair{label: "Geschätzte Gesamtkosten (siehe Blatt Kosten)",
			value: excelize.Cell{StyleID: st.euroLeft, Value: float64(sum.Connections()) * opt.CostPerConnection, Formula: fw.costTotalCell}})
	}
	if len(fw.addressSheets) > 1 {
		figures = append(figures, coverPair{label: "Adresslisten", value: strings.Join(fw.addressSheets, ", ") + " (Zeilenlimit von Excel)"})
	}
	if err := section("Kennzahlen", figures); err != nil {
		return err
	}
	if err := section("Quellen", fw.sourcePairs()); err != nil {
		return err
	}
	return sw.Flush()
}
