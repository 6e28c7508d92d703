package campaigns

import (
	"strings"
	"testing"

	"gigaplan/geo"
)

// projectWith is a project whose milestones up to and including last
// were reached on consecutive Mondays from 2025-09-01 (IDs 1, 2, …).
func projectWith(last Milestone) *FundingProject {
	p := &FundingProject{ID: 1, Name: "P", Municipalities: []string{"08317096"}}
	if last == "" {
		return p
	}
	for i, m := range Milestones[:last.Index()+1] {
		e := MilestoneEvent{ID: int64(i + 1), ProjectID: 1, Kind: m, Day: Date(2025, 9, 1).AddDate(0, 0, 7*i)}
		if m == MilestoneAward {
			e.Operator, e.Model = "NetCo", ModelGap
		}
		p.Milestones = append(p.Milestones, e)
	}
	return p
}

func TestCheckMilestone(t *testing.T) {
	today := Date(2026, 3, 2)
	tests := []struct {
		name string
		p    *FundingProject
		e    MilestoneEvent
		want string // "" for valid, else a part of the message
	}{
		{"first milestone", projectWith(""), MilestoneEvent{Kind: MilestoneBranchendialog, Day: Date(2025, 6, 1)}, ""},
		{"today is fine", projectWith(""), MilestoneEvent{Kind: MilestoneBranchendialog, Day: today}, ""},
		{"in the future", projectWith(""), MilestoneEvent{Kind: MilestoneBranchendialog, Day: Date(2026, 3, 3)},
			"Branchendialog am 03.03.2026: das Datum liegt in der Zukunft (heute ist der 02.03.2026)"},
		{"no date", projectWith(""), MilestoneEvent{Kind: MilestoneBranchendialog}, "das Datum fehlt"},
		{"unknown kind", projectWith(""), MilestoneEvent{Kind: "party", Day: today}, "unbekannter Meilenstein"},
		{"predecessors missing", projectWith(MilestoneSurveyPublished), MilestoneEvent{Kind: MilestoneApplication, Day: today},
			"Förderantrag gestellt: zuerst Markterkundung abgeschlossen erfassen"},
		{"award without tender", projectWith(MilestoneProvisional),
			MilestoneEvent{Kind: MilestoneAward, Day: today, Operator: "NetCo", Model: ModelGap}, "Zuschlag: zuerst Ausschreibung erfassen"},
		{"award before the tender", projectWith(MilestoneTender), // tender on 06.10.2025
			MilestoneEvent{Kind: MilestoneAward, Day: Date(2025, 10, 5), Operator: "NetCo", Model: ModelOperator},
			"Zuschlag am 05.10.2025 liegt vor Ausschreibung am 06.10.2025"},
		{"award on the tender's day", projectWith(MilestoneTender),
			MilestoneEvent{Kind: MilestoneAward, Day: Date(2025, 10, 6), Operator: "NetCo", Model: ModelOperator}, ""},
		{"award without operator", projectWith(MilestoneTender), MilestoneEvent{Kind: MilestoneAward, Day: today, Model: ModelGap},
			"der Betreiber fehlt"},
		{"award without model", projectWith(MilestoneTender), MilestoneEvent{Kind: MilestoneAward, Day: today, Operator: "NetCo"},
			"das Fördermodell fehlt"},
		{"operator on another milestone", projectWith(MilestoneAward),
			MilestoneEvent{Kind: MilestoneFinal, Day: today, Operator: "NetCo"}, "gehören nur zum Zuschlag"},
		{"recorded twice", projectWith(MilestoneTender), MilestoneEvent{Kind: MilestoneTender, Day: today},
			"Ausschreibung ist schon am 06.10.2025 erfasst (Eintrag 6)"},
		{"correction", projectWith(MilestoneTender), MilestoneEvent{Kind: MilestoneTender, Day: Date(2025, 10, 10), Corrects: 6}, ""},
		{"correction before its predecessor", projectWith(MilestoneTender),
			MilestoneEvent{Kind: MilestoneTender, Day: Date(2025, 9, 28), Corrects: 6}, "liegt vor vorläufiger Bescheid am 29.09.2025"},
		{"correction after its successor", projectWith(MilestoneAward),
			MilestoneEvent{Kind: MilestoneTender, Day: Date(2025, 10, 14), Corrects: 6}, "liegt nach Zuschlag am 13.10.2025"},
		{"correction of another kind", projectWith(MilestoneTender),
			MilestoneEvent{Kind: MilestoneTender, Day: Date(2025, 10, 10), Corrects: 5}, "ist ein anderer Meilenstein (vorläufiger Bescheid)"},
		{"correction of an unknown entry", projectWith(MilestoneTender),
			MilestoneEvent{Kind: MilestoneTender, Day: Date(2025, 10, 10), Corrects: 99}, "gehört nicht zu diesem Projekt"},
		{"proof of use last", projectWith(MilestoneCompletion), MilestoneEvent{Kind: MilestoneProofOfUse, Day: today}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.CheckMilestone(tt.e, today)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if geo.ErrorCode(err) != geo.EINVALID || !strings.Contains(geo.ErrorMessage(err), tt.want) {
				t.Fatalf("error %v, want EINVALID containing %q", err, tt.want)
			}
		})
	}
}

func TestCorrectionTwice(t *testing.T) {
	p := projectWith(MilestoneTender)
	p.Milestones = append(p.Milestones, MilestoneEvent{ID: 7, Kind: MilestoneTender, Day: Date(2025, 10, 10), Corrects: 6})
	if e, _ := p.Reached(MilestoneTender); e.ID != 7 {
		t.Errorf("effective tender %+v, want the correction", e)
	}
	err := p.CheckMilestone(MilestoneEvent{Kind: MilestoneTender, Day: Date(2025, 10, 11), Corrects: 6}, Date(2026, 1, 1))
	if !strings.Contains(geo.ErrorMessage(err), "Eintrag 6 ist schon korrigiert") {
		t.Errorf("second correction of one entry: %v", err)
	}
}

func TestFundingPhaseAndCoverage(t *testing.T) {
	tests := []struct {
		last      Milestone
		state     CoverageState
		message   string
		next      Milestone
		phasePart string
	}{
		{"", CoverageFundingCandidate, "Förderprojekt in Vorbereitung: Förderantrag noch nicht gestellt", MilestoneBranchendialog, "Branchendialog steht aus"},
		{MilestoneSurveyClosed, CoverageFundingCandidate, "Förderprojekt in Vorbereitung: Förderantrag noch nicht gestellt", MilestoneApplication, "Förderantrag wird vorbereitet"},
		{MilestoneApplication, CoverageFunding, "Förderprojekt beantragt am 22.09.2025, Bescheid steht aus", MilestoneProvisional, "Bescheid steht aus"},
		{MilestoneProvisional, CoverageFunding, "Förderprojekt bewilligt am 29.09.2025; Ausschreibung wird vorbereitet", MilestoneTender, "vorläufiger Bescheid"},
		{MilestoneTender, CoverageFunding, "Förderprojekt bewilligt am 29.09.2025; Ausschreibung läuft", MilestoneAward, "Ausschreibung läuft seit 06.10.2025"},
		{MilestoneAward, CoverageFunding, "Förderprojekt bewilligt am 29.09.2025; Zuschlag an NetCo am 13.10.2025, Baubeginn steht aus", MilestoneFinal, "Wirtschaftlichkeitslücke"},
		{MilestoneFinal, CoverageFunding, "Förderprojekt endgültig bewilligt am 20.10.2025; Baubeginn steht aus", MilestoneConstruction, "Baubeginn steht aus"},
		{MilestoneConstruction, CoverageConstruction, "Glasfaser im Bau (Förderprojekt, Baubeginn 27.10.2025)", MilestoneCompletion, "im Bau seit"},
		{MilestoneCompletion, CoverageLive, "Glasfaser verfügbar (Förderprojekt, fertiggestellt am 03.11.2025)", MilestoneProofOfUse, "Verwendungsnachweis steht aus"},
		{MilestoneProofOfUse, CoverageLive, "Glasfaser verfügbar (Förderprojekt, fertiggestellt am 03.11.2025)", "", "abgeschlossen"},
	}
	for _, tt := range tests {
		t.Run(string(tt.last), func(t *testing.T) {
			p := projectWith(tt.last)
			state, msg := p.FundingCoverage()
			if state != tt.state || msg != tt.message {
				t.Errorf("FundingCoverage = %s %q, want %s %q", state, msg, tt.state, tt.message)
			}
			if p.Next() != tt.next {
				t.Errorf("Next = %q, want %q", p.Next(), tt.next)
			}
			if !strings.Contains(p.Phase(), tt.phasePart) {
				t.Errorf("Phase = %q, want it to contain %q", p.Phase(), tt.phasePart)
			}
		})
	}
}

// TestCoverageFundingRank: a funding project ranks below a build
// commitment and above pre-marketing and a funding candidate.
func TestCoverageFundingRank(t *testing.T) {
	order := []CoverageState{CoverageLive, CoverageConstruction, CoverageCommitted, CoverageFunding, CoveragePreMarketing,
		CoverageFundingCandidate, CoverageNone}
	for i := 1; i < len(order); i++ {
		if coverageRank[order[i-1]] <= coverageRank[order[i]] {
			t.Errorf("%s does not rank above %s", order[i-1], order[i])
		}
	}
}

func TestParseMilestoneAndModel(t *testing.T) {
	for in, want := range map[string]Milestone{"award": MilestoneAward, " Zuschlag ": MilestoneAward,
		"vorläufiger bescheid": MilestoneProvisional, "proof_of_use": MilestoneProofOfUse} {
		if got, err := ParseMilestone(in); err != nil || got != want {
			t.Errorf("ParseMilestone(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseMilestone("Spatenstich"); geo.ErrorCode(err) != geo.EINVALID {
		t.Errorf("unknown milestone: %v", err)
	}
	for in, want := range map[string]FundingModel{"gap": ModelGap, "Wirtschaftlichkeitslücke": ModelGap, "Betreibermodell": ModelOperator} {
		if got, err := ParseFundingModel(in); err != nil || got != want {
			t.Errorf("ParseFundingModel(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseFundingModel("geschenkt"); geo.ErrorCode(err) != geo.EINVALID {
		t.Errorf("unknown model: %v", err)
	}
}

func TestFundingProjectValidate(t *testing.T) {
	tests := []struct {
		name string
		p    FundingProject
		want string
	}{
		{"ok", FundingProject{Name: "P", Municipalities: []string{"08317096", "08317001"}}, ""},
		{"no name", FundingProject{Name: " ", Municipalities: []string{"08317096"}}, "der Name fehlt"},
		{"no municipality", FundingProject{Name: "P"}, "mindestens eine Gemeinde"},
		{"bad AGS", FundingProject{Name: "P", Municipalities: []string{"0831709"}}, "ist kein Gemeindeschlüssel"},
		{"AGS twice", FundingProject{Name: "P", Municipalities: []string{"08317096", "08317096"}}, "doppelt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(geo.ErrorMessage(err), tt.want)) {
				t.Errorf("Validate = %v, want %q", err, tt.want)
			}
		})
	}
}
