package campaigns

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gigaplan/geo"
)

// Share is who pays a part of a funding project's cost.
type Share string

// The shares: Bund, Land and Kommune always, Betreiber and Sonstige
// where they apply.
const (
	ShareBund      Share = "bund"
	ShareLand      Share = "land"
	ShareKommune   Share = "kommune"
	ShareOperator  Share = "betreiber"
	ShareOtherFund Share = "sonstige"
)

// Shares lists every share in the order tables show them.
var Shares = []Share{ShareBund, ShareLand, ShareKommune, ShareOperator, ShareOtherFund}

// Label is the share's German name.
func (s Share) Label() string {
	switch s {
	case ShareBund:
		return "Bund"
	case ShareLand:
		return "Land"
	case ShareKommune:
		return "Kommune"
	case ShareOperator:
		return "Betreiber"
	case ShareOtherFund:
		return "Sonstige"
	}
	return string(s)
}

// ParseShare reads a share's code or German name.
func ParseShare(s string) (Share, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, sh := range Shares {
		if t == string(sh) {
			return sh, nil
		}
	}
	return "", geo.Errorf(geo.EINVALID, "unbekannter Anteil %q (Bund, Land, Kommune, Betreiber, Sonstige)", s)
}

// BudgetLine is one share's approved and actual (spent) amount, in euro
// cents.
type BudgetLine struct {
	Share    Share
	Approved int64
	Actual   int64
}

// YearAmount is the municipality's share paid in one year, in euro cents.
type YearAmount struct {
	Year  int
	Cents int64
}

// Budget is a funding project's cost: the approved total, split by share,
// and the municipality's share over the years.
type Budget struct {
	Total int64 // approved total in cents
	Lines []BudgetLine
	Years []YearAmount
}

// Empty reports whether no budget was recorded.
func (b Budget) Empty() bool { return b.Total == 0 && len(b.Lines) == 0 && len(b.Years) == 0 }

// Validate checks a budget: known shares, once each, amounts not
// negative, the approved shares summing to the total, years once each
// and, when given, summing to the municipality's approved share.
func (b Budget) Validate() error {
	if b.Empty() {
		return nil
	}
	if b.Total <= 0 {
		return geo.Errorf(geo.EINVALID, "Budget: die Gesamtsumme fehlt")
	}
	seen := map[Share]bool{}
	var sum int64
	for _, l := range b.Lines {
		if !slices.Contains(Shares, l.Share) {
			return geo.Errorf(geo.EINVALID, "Budget: unbekannter Anteil %q", l.Share)
		}
		if seen[l.Share] {
			return geo.Errorf(geo.EINVALID, "Budget: Anteil %s doppelt angegeben", l.Share.Label())
		}
		seen[l.Share] = true
		if l.Approved < 0 || l.Actual < 0 {
			return geo.Errorf(geo.EINVALID, "Budget: Anteil %s: Beträge dürfen nicht negativ sein", l.Share.Label())
		}
		sum += l.Approved
	}
	if sum != b.Total {
		return geo.Errorf(geo.EINVALID, "Budget: die Anteile ergeben %s, die Gesamtsumme ist %s (Differenz %s)",
			Euro(sum), Euro(b.Total), Euro(b.Total-sum))
	}
	years := map[int]bool{}
	var ysum int64
	for _, y := range b.Years {
		if y.Year < 2000 || y.Year > 2100 {
			return geo.Errorf(geo.EINVALID, "Budget: %d ist kein Haushaltsjahr", y.Year)
		}
		if years[y.Year] {
			return geo.Errorf(geo.EINVALID, "Budget: Haushaltsjahr %d doppelt angegeben", y.Year)
		}
		years[y.Year] = true
		if y.Cents < 0 {
			return geo.Errorf(geo.EINVALID, "Budget: Haushaltsjahr %d: der Betrag darf nicht negativ sein", y.Year)
		}
		ysum += y.Cents
	}
	if len(b.Years) > 0 {
		if k := b.line(ShareKommune).Approved; ysum != k {
			return geo.Errorf(geo.EINVALID, "Budget: die Haushaltsjahre ergeben %s, der Anteil der Kommune ist %s", Euro(ysum), Euro(k))
		}
	}
	return nil
}

func (b Budget) line(s Share) BudgetLine {
	for _, l := range b.Lines {
		if l.Share == s {
			return l
		}
	}
	return BudgetLine{Share: s}
}

// BudgetRow is one share's figures.
type BudgetRow struct {
	Share    Share
	Label    string
	Approved int64
	Actual   int64
	// Part is Approved ÷ the approved total; Spent is Actual ÷ Approved
	// (0 when nothing is approved).
	Part, Spent float64
}

// BudgetFigures are a budget's sums and shares: the one computation the
// CLI, the office page and the council workbook show.
type BudgetFigures struct {
	Rows     []BudgetRow // in Shares order, only the shares recorded
	Approved int64
	Actual   int64
	Spent    float64 // Actual ÷ Approved
	// Municipality is the Kommune share, approved and actual.
	Municipality, MunicipalityActual int64
	Years                            []YearAmount // by year
}

// Figures computes b's sums and shares.
func (b Budget) Figures() BudgetFigures {
	var f BudgetFigures
	for _, s := range Shares {
		i := slices.IndexFunc(b.Lines, func(l BudgetLine) bool { return l.Share == s })
		if i < 0 {
			continue
		}
		l := b.Lines[i]
		f.Rows = append(f.Rows, BudgetRow{Share: s, Label: s.Label(), Approved: l.Approved, Actual: l.Actual,
			Part: ratio(l.Approved, b.Total), Spent: ratio(l.Actual, l.Approved)})
		f.Approved += l.Approved
		f.Actual += l.Actual
	}
	f.Spent = ratio(f.Actual, f.Approved)
	k := b.line(ShareKommune)
	f.Municipality, f.MunicipalityActual = k.Approved, k.Actual
	f.Years = slices.Clone(b.Years)
	slices.SortFunc(f.Years, func(a, b YearAmount) int { return a.Year - b.Year })
	return f
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Euro formats cents as German euro text: "1.234.567,89 €".
func Euro(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s%s,%02d €", sign, geo.Thousands(cents/100), cents%100)
}

// ParseEuro reads an amount in euro as cents: "1234567", "1234567,89",
// "1.234.567,89", "1234567.89" (a dot followed by exactly two digits at
// the end is the decimal point), with an optional "€" or "EUR". Negative
// amounts and more than two decimals are refused.
func ParseEuro(s string) (int64, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(t, "€"), "EUR"))
	bad := func() (int64, error) {
		return 0, geo.Errorf(geo.EINVALID, "%q ist kein Euro-Betrag (z. B. 1.234.567,89)", s)
	}
	if t == "" {
		return bad()
	}
	whole, frac := t, ""
	if i := strings.LastIndexByte(t, ','); i >= 0 {
		whole, frac = t[:i], t[i+1:]
		if frac == "" {
			return bad()
		}
	} else if i := strings.LastIndexByte(t, '.'); i >= 0 && len(t)-i-1 == 2 && strings.Count(t, ".") == 1 {
		whole, frac = t[:i], t[i+1:]
	}
	if strings.Contains(whole, ".") { // thousands separators: 1.234.567
		groups := strings.Split(whole, ".")
		if len(groups[0]) < 1 || len(groups[0]) > 3 {
			return bad()
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return bad()
			}
		}
		whole = strings.Join(groups, "")
	}
	if whole == "" || len(frac) > 2 {
		return bad()
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return bad()
		}
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > math.MaxInt64/100-1 {
		return bad()
	}
	var c int64
	if frac != "" {
		c, _ = strconv.ParseInt(frac, 10, 64)
		if len(frac) == 1 {
			c *= 10
		}
	}
	return w*100 + c, nil
}
