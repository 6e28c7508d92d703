package campaigns

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"gigaplan/geo"
)

// A funding project (Förderprojekt, issue 17): the municipalities that file
// it (a county agency files for several), its project area (the address
// IDs of a funding workbook's eligible list, frozen at the application),
// the rule set and market survey it was judged under, its dated milestones
// and its budget. Milestones are appended like campaign events: a wrong
// one is corrected by a later event that names it (Corrects), never
// changed. The budget (funding_budget.go) is replaced as a whole under
// the project's optimistic Version, and every change is audited.

// Milestone is one step of a funding project, in the order of
// Milestones.
type Milestone string

// The milestones, in the order a project passes them.
const (
	MilestoneBranchendialog  Milestone = "branchendialog"
	MilestoneSurveyPublished Milestone = "survey_published"
	MilestoneSurveyClosed    Milestone = "survey_closed"
	MilestoneApplication     Milestone = "application"
	MilestoneProvisional     Milestone = "provisional_approval"
	MilestoneTender          Milestone = "tender"
	MilestoneAward           Milestone = "award"
	MilestoneFinal           Milestone = "final_approval"
	MilestoneConstruction    Milestone = "construction_start"
	MilestoneCompletion      Milestone = "completion"
	MilestoneProofOfUse      Milestone = "proof_of_use"
)

// Milestones lists every milestone in order.
var Milestones = []Milestone{MilestoneBranchendialog, MilestoneSurveyPublished, MilestoneSurveyClosed, MilestoneApplication,
	MilestoneProvisional, MilestoneTender, MilestoneAward, MilestoneFinal, MilestoneConstruction, MilestoneCompletion, MilestoneProofOfUse}

var milestoneLabels = map[Milestone]string{
	MilestoneBranchendialog:  "Branchendialog",
	MilestoneSurveyPublished: "Markterkundung veröffentlicht",
	MilestoneSurveyClosed:    "Markterkundung abgeschlossen",
	MilestoneApplication:     "Förderantrag gestellt",
	MilestoneProvisional:     "vorläufiger Bescheid",
	MilestoneTender:          "Ausschreibung",
	MilestoneAward:           "Zuschlag",
	MilestoneFinal:           "endgültiger Bescheid",
	MilestoneConstruction:    "Baubeginn",
	MilestoneCompletion:      "Fertigstellung",
	MilestoneProofOfUse:      "Verwendungsnachweis",
}

// Label is the milestone's German name.
func (m Milestone) Label() string {
	if l, ok := milestoneLabels[m]; ok {
		return l
	}
	return string(m)
}

// Index is m's position in Milestones (-1: unknown).
func (m Milestone) Index() int { return slices.Index(Milestones, m) }

// ParseMilestone reads a milestone by its code or German name
// (case-insensitive).
func ParseMilestone(s string) (Milestone, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, m := range Milestones {
		if t == string(m) || t == strings.ToLower(m.Label()) {
			return m, nil
		}
	}
	codes := make([]string, len(Milestones))
	for i, m := range Milestones {
		codes[i] = string(m)
	}
	return "", geo.Errorf(geo.EINVALID, "unbekannter Meilenstein %q (möglich: %s)", s, strings.Join(codes, ", "))
}

// FundingModel is how the awarded operator is funded.
type FundingModel string

// The two models of the Gigabit-Richtlinie.
const (
	ModelGap      FundingModel = "gap"      // Wirtschaftlichkeitslückenmodell
	ModelOperator FundingModel = "operator" // Betreibermodell
)

// Label is the model's German name.
func (m FundingModel) Label() string {
	switch m {
	case ModelGap:
		return "Wirtschaftlichkeitslücke"
	case ModelOperator:
		return "Betreibermodell"
	}
	return string(m)
}

// ParseFundingModel reads "gap"/"Wirtschaftlichkeitslücke" or
// "operator"/"Betreibermodell".
func ParseFundingModel(s string) (FundingModel, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "gap", "wirtschaftlichkeitslücke", "wirtschaftlichkeitslueckenmodell", "wirtschaftlichkeitslückenmodell":
		return ModelGap, nil
	case "operator", "betreibermodell":
		return ModelOperator, nil
	}
	return "", geo.Errorf(geo.EINVALID, "unbekanntes Fördermodell %q (gap = Wirtschaftlichkeitslücke, operator = Betreibermodell)", s)
}

// MilestoneEvent is a milestone reached on a day: appended, never changed.
type MilestoneEvent struct {
	ID        int64
	ProjectID int64
	Kind      Milestone
	Day       time.Time // UTC midnight
	// Operator and Model are the award's (Zuschlag) only.
	Operator string
	Model    FundingModel
	Corrects int64 // the event this one corrects (0: none)
	Note     string
	// EnteredBy and EnteredAt say who recorded it, when.
	EnteredBy string
	EnteredAt time.Time
}

// FundingProject is a funding project with its whole record.
type FundingProject struct {
	ID   int64
	Name string
	// Municipalities are the AGS of the municipalities it is filed for.
	Municipalities []string
	// Areas are the project's areas (Ortsteile) whose eligible addresses
	// make its project area.
	Areas   []int64
	RuleSet string // a rule set's name (campaigns/rulesets.json)
	// SurveyID is the market survey it was judged under (0: none yet).
	SurveyID int64
	// Addresses is the frozen project area (sorted address IDs); FrozenOn
	// the day it was frozen (zero: not yet).
	Addresses []int64
	FrozenOn  time.Time
	// Milestones are every event as entered (ID order), corrections
	// included; Effective gives the ones that count.
	Milestones []MilestoneEvent
	Budget     Budget
	// Progress and BuildDates are the construction progress reports and
	// the expected construction start and completion (ProjectID set,
	// CampaignID and AreaID 0), appended like the milestones, in ID
	// order; ProjectBuildOf derives the figures (funding_build.go).
	Progress   []Progress
	BuildDates []BuildDate
	Version    int64
	CreatedAt  time.Time
	CreatedBy  string
}

// FundingStore persists funding projects. Implementations: data/sqlite
// and data/postgres (data/internal/sqlstore/funding.go).
type FundingStore interface {
	// AddFundingProject stores p (name, municipalities, areas, rule set,
	// survey, creator) and returns it with its ID. ECONFLICT if a project
	// of that name exists; EINVALID for an unknown survey or area.
	AddFundingProject(ctx context.Context, p FundingProject) (*FundingProject, error)
	// FundingProject returns a project with its record. ENOTFOUND if none.
	FundingProject(ctx context.Context, id int64) (*FundingProject, error)
	// FundingProjectByName finds a project by name (case-insensitive).
	// ENOTFOUND if none.
	FundingProjectByName(ctx context.Context, name string) (*FundingProject, error)
	// FundingProjects returns every project, by name.
	FundingProjects(ctx context.Context) ([]*FundingProject, error)
	// FundingProjectsOfAddress returns the projects whose frozen area holds
	// the address, without their Addresses (nil).
	FundingProjectsOfAddress(ctx context.Context, addressID int64) ([]*FundingProject, error)
	// UpdateFundingProject runs change on the stored project in one
	// transaction if its Version is version (ECONFLICT otherwise: someone
	// changed it meanwhile), then stores the new milestones, progress
	// reports and expected dates (those appended, without ID; the stored
	// ones must stay as they are, else EINVALID), the budget, and the
	// frozen area if it was empty before; the Version is bumped. change's
	// error aborts unchanged.
	UpdateFundingProject(ctx context.Context, id, version int64, change func(p *FundingProject) error) (*FundingProject, error)
}

// agsPattern is an 8-digit Amtlicher Gemeindeschlüssel.
var agsPattern = regexp.MustCompile(`^\d{8}$`)

// Validate checks a new project's fields.
func (p *FundingProject) Validate() error {
	if strings.TrimSpace(p.Name) == "" {
		return geo.Errorf(geo.EINVALID, "Förderprojekt: der Name fehlt")
	}
	if len(p.Municipalities) == 0 {
		return geo.Errorf(geo.EINVALID, "Förderprojekt %q: mindestens eine Gemeinde (AGS) angeben", p.Name)
	}
	seen := map[string]bool{}
	for _, a := range p.Municipalities {
		if !agsPattern.MatchString(a) {
			return geo.Errorf(geo.EINVALID, "Förderprojekt %q: %q ist kein Gemeindeschlüssel (AGS, 8 Ziffern)", p.Name, a)
		}
		if seen[a] {
			return geo.Errorf(geo.EINVALID, "Förderprojekt %q: Gemeinde %s doppelt angegeben", p.Name, a)
		}
		seen[a] = true
	}
	return p.Budget.Validate()
}

// Effective returns the milestones that count (not corrected by a later
// event), one per kind, in milestone order.
func (p *FundingProject) Effective() []MilestoneEvent {
	corrected := map[int64]bool{}
	for _, e := range p.Milestones {
		if e.Corrects != 0 {
			corrected[e.Corrects] = true
		}
	}
	byKind := map[Milestone]MilestoneEvent{}
	for _, e := range p.Milestones {
		if e.ID != 0 && corrected[e.ID] {
			continue
		}
		byKind[e.Kind] = e // a later uncorrected event of a kind wins
	}
	var out []MilestoneEvent
	for _, m := range Milestones {
		if e, ok := byKind[m]; ok {
			out = append(out, e)
		}
	}
	return out
}

// Reached returns the effective event of milestone m.
func (p *FundingProject) Reached(m Milestone) (MilestoneEvent, bool) {
	for _, e := range p.Effective() {
		if e.Kind == m {
			return e, true
		}
	}
	return MilestoneEvent{}, false
}

// Last is the latest milestone reached (ok false: none).
func (p *FundingProject) Last() (MilestoneEvent, bool) {
	eff := p.Effective()
	if len(eff) == 0 {
		return MilestoneEvent{}, false
	}
	return eff[len(eff)-1], true
}

// Next is the next milestone to reach ("" when the proof of use is in).
func (p *FundingProject) Next() Milestone {
	last, ok := p.Last()
	if !ok {
		return Milestones[0]
	}
	if i := last.Kind.Index(); i+1 < len(Milestones) {
		return Milestones[i+1]
	}
	return ""
}

// CheckMilestone checks a new event e against p's record and today (the
// office's day): a known kind, a date not in the future, every
// predecessor recorded, no date before its predecessor's or after its
// successor's, one event per milestone (a second one must correct the
// first), and the award's operator and model.
func (p *FundingProject) CheckMilestone(e MilestoneEvent, today time.Time) error {
	i := e.Kind.Index()
	if i < 0 {
		_, err := ParseMilestone(string(e.Kind))
		return err
	}
	label := e.Kind.Label()
	if e.Day.IsZero() {
		return geo.Errorf(geo.EINVALID, "%s: das Datum fehlt", label)
	}
	if Day(e.Day).After(Day(today)) {
		return geo.Errorf(geo.EINVALID, "%s am %s: das Datum liegt in der Zukunft (heute ist der %s)", label, GermanDate(e.Day), GermanDate(today))
	}
	if e.Kind == MilestoneAward {
		if strings.TrimSpace(e.Operator) == "" {
			return geo.Errorf(geo.EINVALID, "Zuschlag: der Betreiber fehlt")
		}
		if e.Model != ModelGap && e.Model != ModelOperator {
			return geo.Errorf(geo.EINVALID, "Zuschlag: das Fördermodell fehlt (Wirtschaftlichkeitslücke oder Betreibermodell)")
		}
	} else if e.Operator != "" || e.Model != "" {
		return geo.Errorf(geo.EINVALID, "%s: Betreiber und Fördermodell gehören nur zum Zuschlag", label)
	}
	eff := map[Milestone]MilestoneEvent{}
	for _, x := range p.Effective() {
		eff[x.Kind] = x
	}
	if e.Corrects != 0 {
		var old *MilestoneEvent
		for k := range p.Milestones {
			if p.Milestones[k].ID == e.Corrects {
				old = &p.Milestones[k]
			}
		}
		if old == nil {
			return geo.Errorf(geo.EINVALID, "%s: der korrigierte Eintrag %d gehört nicht zu diesem Projekt", label, e.Corrects)
		}
		if old.Kind != e.Kind {
			return geo.Errorf(geo.EINVALID, "%s: Eintrag %d ist ein anderer Meilenstein (%s)", label, e.Corrects, old.Kind.Label())
		}
		if cur, ok := eff[e.Kind]; !ok || cur.ID != e.Corrects {
			return geo.Errorf(geo.EINVALID, "%s: Eintrag %d ist schon korrigiert", label, e.Corrects)
		}
	} else if cur, ok := eff[e.Kind]; ok {
		return geo.Errorf(geo.EINVALID, "%s ist schon am %s erfasst (Eintrag %d); ein anderes Datum als Korrektur dieses Eintrags erfassen",
			label, GermanDate(cur.Day), cur.ID)
	}
	var missing []string
	for _, m := range Milestones[:i] {
		if _, ok := eff[m]; !ok {
			missing = append(missing, m.Label())
		}
	}
	if len(missing) > 0 {
		return geo.Errorf(geo.EINVALID, "%s: zuerst %s erfassen", label, strings.Join(missing, ", "))
	}
	for j := i - 1; j >= 0; j-- {
		if prev := eff[Milestones[j]]; Day(e.Day).Before(Day(prev.Day)) {
			return geo.Errorf(geo.EINVALID, "%s am %s liegt vor %s am %s", label, GermanDate(e.Day), Milestones[j].Label(), GermanDate(prev.Day))
		}
	}
	for _, m := range Milestones[i+1:] {
		if next, ok := eff[m]; ok && Day(e.Day).After(Day(next.Day)) {
			return geo.Errorf(geo.EINVALID, "%s am %s liegt nach %s am %s", label, GermanDate(e.Day), m.Label(), GermanDate(next.Day))
		}
	}
	return nil
}

// Phase is the project's state of play in one German line, with the
// next step: "Förderantrag gestellt am 12.03.2026, Bescheid steht aus".
func (p *FundingProject) Phase() string {
	last, ok := p.Last()
	if !ok {
		return "in Vorbereitung: Branchendialog steht aus"
	}
	d := GermanDate(last.Day)
	switch last.Kind {
	case MilestoneBranchendialog:
		return fmt.Sprintf("Branchendialog am %s; Markterkundung wird vorbereitet", d)
	case MilestoneSurveyPublished:
		return fmt.Sprintf("Markterkundung läuft seit %s", d)
	case MilestoneSurveyClosed:
		return fmt.Sprintf("Markterkundung abgeschlossen am %s; Förderantrag wird vorbereitet", d)
	case MilestoneApplication:
		return fmt.Sprintf("Förderantrag gestellt am %s, Bescheid steht aus", d)
	case MilestoneProvisional:
		return fmt.Sprintf("bewilligt am %s (vorläufiger Bescheid); Ausschreibung wird vorbereitet", d)
	case MilestoneTender:
		return fmt.Sprintf("bewilligt am %s; Ausschreibung läuft seit %s", p.approvedOn(), d)
	case MilestoneAward:
		return fmt.Sprintf("Zuschlag am %s an %s (%s); endgültiger Bescheid steht aus", d, last.Operator, last.Model.Label())
	case MilestoneFinal:
		return fmt.Sprintf("endgültiger Bescheid am %s; Baubeginn steht aus", d)
	case MilestoneConstruction:
		return fmt.Sprintf("im Bau seit %s", d)
	case MilestoneCompletion:
		return fmt.Sprintf("fertiggestellt am %s; Verwendungsnachweis steht aus", d)
	}
	return fmt.Sprintf("abgeschlossen: Verwendungsnachweis am %s", d)
}

func (p *FundingProject) approvedOn() string {
	if e, ok := p.Reached(MilestoneProvisional); ok {
		return GermanDate(e.Day)
	}
	return "–"
}

// Awarded is the award's event (ok false: none yet).
func (p *FundingProject) Awarded() (MilestoneEvent, bool) { return p.Reached(MilestoneAward) }

// SortProjects orders projects by name, then ID.
func SortProjects(ps []*FundingProject) {
	slices.SortFunc(ps, func(a, b *FundingProject) int {
		if c := cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}
