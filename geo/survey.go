package geo

import (
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Survey is a market survey (Markterkundungsverfahren, MEV): which project
// area it covers, when it ran, the time horizon operators were asked
// about, and the operators it concerns. Supply data belongs to a survey
// and within it to one operator (SupplyStore.ReplaceOperatorSupply).
type Survey struct {
	ID   int64
	Name string
	// AreaID is the project area the survey covers (an area ID); 0 for a
	// survey that covers every address (the one migration 0017 made of
	// the supply data stored before).
	AreaID   int64
	From, To time.Time // the period it ran; zero if not recorded
	// Published is the day the survey was published; zero if not
	// recorded.
	Published time.Time
	// HorizonYears is the time horizon of planned builds the survey
	// asked about, MinHorizon..MaxHorizon years.
	HorizonYears int
	// Branchendialog is the day of the dialogue with the operators; zero
	// if there was none.
	Branchendialog time.Time
	CreatedAt      time.Time
	CreatedBy      string
	// Operators are the operators asked or answered, by name.
	Operators []SurveyOperator
}

// SurveyOperator is one operator of a survey.
type SurveyOperator struct {
	Name  string
	Asked bool // the office sent the survey to the operator
	// AnsweredOn is the day the operator's answer came; zero: no answer.
	AnsweredOn time.Time
}

// Answered reports whether the operator has answered.
func (o SurveyOperator) Answered() bool { return !o.AnsweredOn.IsZero() }

// The time horizon of a survey is three to seven years (Gigabit-RL 2.0).
const (
	MinHorizon = 3
	MaxHorizon = 7
)

// OperatorNames returns the names of the survey's operators for which keep
// is true, in the order of Operators.
func (s Survey) OperatorNames(keep func(SurveyOperator) bool) []string {
	var out []string
	for _, o := range s.Operators {
		if keep(o) {
			out = append(out, o.Name)
		}
	}
	return out
}

// Asked, Answered and NotAnswered name the operators asked, those that
// answered, and those asked that have not answered.
func (s Survey) Asked() []string {
	return s.OperatorNames(func(o SurveyOperator) bool { return o.Asked })
}

// Answered: see Asked.
func (s Survey) Answered() []string {
	return s.OperatorNames(SurveyOperator.Answered)
}

// NotAnswered: see Asked.
func (s Survey) NotAnswered() []string {
	return s.OperatorNames(func(o SurveyOperator) bool { return o.Asked && !o.Answered() })
}

// Operator returns the operator of that name (compared as given).
func (s Survey) Operator(name string) (SurveyOperator, bool) {
	i := slices.IndexFunc(s.Operators, func(o SurveyOperator) bool { return o.Name == name })
	if i < 0 {
		return SurveyOperator{}, false
	}
	return s.Operators[i], true
}

// Validate checks a survey before it is stored: EINVALID with a German
// message for an empty name, a horizon outside 3..7 years, or a period
// that ends before it starts.
func (s Survey) Validate() error {
	switch {
	case strings.TrimSpace(s.Name) == "":
		return Errorf(EINVALID, "Markterkundung: Name fehlt")
	case s.HorizonYears < MinHorizon || s.HorizonYears > MaxHorizon:
		return Errorf(EINVALID, "Markterkundung: Zeithorizont %d Jahre, erlaubt sind %d bis %d Jahre", s.HorizonYears, MinHorizon, MaxHorizon)
	case !s.From.IsZero() && !s.To.IsZero() && s.To.Before(s.From):
		return Errorf(EINVALID, "Markterkundung: Zeitraum endet (%s) vor seinem Beginn (%s)", s.To.Format("02.01.2006"), s.From.Format("02.01.2006"))
	}
	for _, o := range s.Operators {
		if strings.TrimSpace(o.Name) == "" {
			return Errorf(EINVALID, "Markterkundung: Betreiber ohne Namen")
		}
	}
	return nil
}

// ParseHorizon reads a survey's time horizon: "5", "5y", "5 J", "5 Jahre"
// (case and spaces do not matter). EINVALID with a German message unless
// it is a whole number of years from 3 to 7.
func ParseHorizon(s string) (int, error) {
	n, err := HorizonYears(s)
	if err != nil {
		return 0, err
	}
	if n < MinHorizon || n > MaxHorizon {
		return 0, Errorf(EINVALID, "Zeithorizont %q: erlaubt sind %d bis %d Jahre", s, MinHorizon, MaxHorizon)
	}
	return n, nil
}

// HorizonYears reads a number of years as ParseHorizon does, without its
// range: a rule set checks its own (campaigns.RuleSet.Horizon).
func HorizonYears(s string) (int, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, unit := range []string{"jahre", "jahr", "years", "year", "y", "j"} {
		if strings.HasSuffix(t, unit) {
			t = strings.TrimSpace(strings.TrimSuffix(t, unit))
			break
		}
	}
	n, err := strconv.Atoi(t)
	if err != nil {
		return 0, Errorf(EINVALID, "Zeithorizont %q: erwartet eine ganze Zahl von Jahren, z. B. 5y oder \"5 Jahre\"", s)
	}
	return n, nil
}

// SplitOperators reads a comma-separated list of operator names ("A, B,C"),
// dropping empty entries and repeats.
func SplitOperators(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// Label is the survey for people: "Name (#ID)".
func (s Survey) Label() string { return fmt.Sprintf("%s (#%d)", s.Name, s.ID) }

// PickSurvey picks the survey an import goes into from the stored ones
// (svs): the one of ID id, or when id is 0 the only one. EINVALID with a
// German message listing the surveys when id is 0 and there are none or
// several; ENOTFOUND when no survey has ID id.
func PickSurvey(svs []Survey, id int64) (Survey, error) {
	list := func() string {
		var b []string
		for _, s := range svs {
			b = append(b, fmt.Sprintf("%d „%s“", s.ID, s.Name))
		}
		return strings.Join(b, ", ")
	}
	switch {
	case id != 0:
		for _, s := range svs {
			if s.ID == id {
				return s, nil
			}
		}
		if len(svs) == 0 {
			return Survey{}, Errorf(ENOTFOUND, "Markterkundung %d gibt es nicht: es gibt noch keine (anlegen mit gigaplan survey add)", id)
		}
		return Survey{}, Errorf(ENOTFOUND, "Markterkundung %d gibt es nicht; vorhanden: %s", id, list())
	case len(svs) == 0:
		return Survey{}, Errorf(EINVALID, "Es gibt noch keine Markterkundung: zuerst eine anlegen (gigaplan survey add --area … --from … --to … --horizon 5y)")
	case len(svs) > 1:
		return Survey{}, Errorf(EINVALID, "Es gibt %d Markterkundungen; bitte eine angeben: %s", len(svs), list())
	}
	return svs[0], nil
}

// OtherOperators counts the records whose operator column names another
// operator than operator (an answer holds one operator's rows) and
// returns the first such name, for a warning.
func OtherOperators(recs []Supply, operator string) (n int, example string) {
	for _, r := range recs {
		if r.Operator != "" && !strings.EqualFold(strings.TrimSpace(r.Operator), strings.TrimSpace(operator)) {
			if n == 0 {
				example = r.Operator
			}
			n++
		}
	}
	return n, example
}

// AreaScope is an operator's answer measured against the survey's project
// area.
type AreaScope struct {
	Addresses int     // official addresses in the project area
	Forgotten []int64 // of those, the ones no row reported, ascending
	Outside   int     // rows for addresses outside the project area
}

// ScopeAnswer measures the matched rows of an answer (supply) and the
// report's forgotten addresses against the project area's addresses
// (inArea, by ID). An error from inArea is returned unchanged.
func ScopeAnswer(rep *MatchReport, supply []Supply, inArea iter.Seq2[Address, error]) (AreaScope, error) {
	var sc AreaScope
	in := map[int64]bool{}
	for a, err := range inArea {
		if err != nil {
			return AreaScope{}, err
		}
		in[a.ID] = true
	}
	sc.Addresses = len(in)
	for _, id := range rep.Forgotten {
		if in[id] {
			sc.Forgotten = append(sc.Forgotten, id)
		}
	}
	for _, s := range supply {
		if !in[s.AddressID] {
			sc.Outside++
		}
	}
	return sc, nil
}
