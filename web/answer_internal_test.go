package web

import (
	"testing"
	"time"

	"gigaplan/campaigns"
)

func ymd(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// TestAnswerOf: the badge, the key sentence in both languages, and the
// deadline with its year and the days left.
func TestAnswerOf(t *testing.T) {
	today := ymd(2026, 12, 3)
	pre := func(st campaigns.Status, quota float64, signed, target int) campaigns.Coverage {
		return campaigns.Coverage{State: campaigns.CoveragePreMarketing, Status: st, Quota: quota, Threshold: 0.33,
			Signed: signed, Target: target, Needed: max(0, target-signed), Start: ymd(2026, 9, 1), Deadline: ymd(2026, 12, 22),
			Message: "(German)"}
	}
	tests := []struct {
		name     string
		cov      campaigns.Coverage
		lang     string
		headline string
		reached  bool
		message  string
		deadline string
	}{
		{name: "running", cov: pre(campaigns.StatusRunning, 0.3194, 131, 136), lang: langDE, headline: "Vorvermarktung",
			message: "(German)", deadline: "22.12.2026 noch 19 Tage"},
		{name: "running in English", cov: pre(campaigns.StatusExtended, 0.3194, 131, 136), lang: langEN, headline: "Pre-marketing",
			message: "Pre-marketing running: 31,9 % of 33 %, 5 more contracts needed by 22.12.2026", deadline: "22.12.2026 19 days left"},
		{name: "one contract short", cov: pre(campaigns.StatusRunning, 0.32, 135, 136), lang: langEN, headline: "Pre-marketing",
			message: "Pre-marketing running: 32 % of 33 %, 1 more contract needed by 22.12.2026", deadline: "22.12.2026 19 days left"},
		{name: "target met while running", cov: pre(campaigns.StatusRunning, 0.35, 140, 136), lang: langDE, headline: "Quote erreicht",
			reached: true, message: "(German)", deadline: "22.12.2026 noch 19 Tage"},
		{name: "reached in English", cov: pre(campaigns.StatusReached, 0.36, 150, 136), lang: langEN, headline: "Quota reached",
			reached: true, message: "Pre-marketing successful: 36 % of 33 % reached, the roll-out decision is pending"},
		{name: "planned", cov: pre(campaigns.StatusPlanned, 0, 0, 136), lang: langEN, headline: "Pre-marketing",
			message: "Pre-marketing planned from 01.09.2026"},
		{name: "past deadline", cov: func() campaigns.Coverage {
			c := pre(campaigns.StatusRunning, 0.30, 120, 136)
			c.Deadline = ymd(2026, 11, 30)
			return c
		}(), lang: langEN, headline: "Pre-marketing", message: "Pre-marketing ended on 30.11.2026: 30 % of 33 %, the result is being evaluated"},
		{name: "funding candidate", cov: campaigns.Coverage{State: campaigns.CoverageFundingCandidate, Status: campaigns.StatusMissed, Message: "(German)"},
			lang: langEN, headline: "Public funding under review", message: "Pre-marketing did not reach its quota: public funding is being reviewed"},
		{name: "none", cov: campaigns.Coverage{State: campaigns.CoverageNone, Message: "noch keine Planung"}, lang: langEN,
			headline: "No plans yet", message: "no plans yet"},
		{name: "live", cov: campaigns.Coverage{State: campaigns.CoverageLive, Status: campaigns.StatusLive, Message: "Glasfaser verfügbar"},
			lang: langDE, headline: "Glasfaser verfügbar", message: "Glasfaser verfügbar"},
		{name: "live since, in English", cov: campaigns.Coverage{State: campaigns.CoverageLive, Status: campaigns.StatusLive,
			Message: "Glasfaser verfügbar seit 01.03.2026", LiveSince: ymd(2026, 3, 1)},
			lang: langEN, headline: "Fibre available", message: "Fibre available since 01.03.2026"},
		{name: "construction with completion, in English", cov: campaigns.Coverage{State: campaigns.CoverageConstruction, Status: campaigns.StatusConstruction,
			Message: "Glasfaser im Bau, Fertigstellung voraussichtlich 2027", Completion: ymd(2027, 6, 30)},
			lang: langEN, headline: "Fibre under construction", message: "Fibre under construction, completion expected in 2027"},
		{name: "funding project, in English", cov: campaigns.Coverage{State: campaigns.CoverageFunding, FundingProject: "Weiße Flecken",
			Campaign: "Weiße Flecken", Message: "Förderprojekt beantragt am 30.11.2026, Bescheid steht aus",
			MessageEN: "Public funding applied for on 30.11.2026, the decision is pending"},
			lang: langEN, headline: "Publicly funded project", message: "Public funding applied for on 30.11.2026, the decision is pending"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := answerOf(tt.cov, tt.lang, today)
			if v.Headline != tt.headline || v.Reached != tt.reached {
				t.Errorf("badge %q (reached %v), want %q (%v)", v.Headline, v.Reached, tt.headline, tt.reached)
			}
			if v.Message != tt.message || v.MessageLang != "" {
				t.Errorf("message %q (lang %q), want %q", v.Message, v.MessageLang, tt.message)
			}
			if got := v.Deadline + " " + v.DaysLeft; (v.Deadline != "" || tt.deadline != "") && got != tt.deadline {
				t.Errorf("deadline %q, want %q", got, tt.deadline)
			}
		})
	}
	// A funding project is named as such, not as a campaign.
	if v := answerOf(tests[len(tests)-1].cov, langDE, today); v.Project != "Weiße Flecken" || v.Campaign != "" {
		t.Errorf("funding project: project %q, campaign %q", v.Project, v.Campaign)
	}
	// A state the English does not know keeps its German, marked so.
	v := answerOf(campaigns.Coverage{State: "funding_project", Message: "Förderprojekt beantragt"}, langEN, today)
	if v.Message != "Förderprojekt beantragt" || v.MessageLang != langDE {
		t.Errorf("unknown state in English: %q lang %q", v.Message, v.MessageLang)
	}
}

func TestUpcomingEvenings(t *testing.T) {
	today := ymd(2026, 12, 3)
	out := []campaigns.Outreach{
		{AreaID: 0, Date: ymd(2026, 11, 20), Kind: campaigns.OutreachInfoEvening, Title: "vorbei"},
		{AreaID: 0, Date: ymd(2026, 12, 3), Kind: campaigns.OutreachInfoEvening, Title: "heute, Rathaus"},
		{AreaID: 7, Date: ymd(2026, 12, 10), Kind: campaigns.OutreachInfoEvening, Title: "Halle Windschlägen"},
		{AreaID: 8, Date: ymd(2026, 12, 11), Kind: campaigns.OutreachInfoEvening, Title: "anderer Ortsteil"},
		{AreaID: 0, Date: ymd(2026, 12, 12), Kind: campaigns.OutreachLetter, Title: "Brief"},
	}
	got := upcomingEvenings(out, 7, today)
	want := []eventView{{"03.12.2026", "heute, Rathaus"}, {"10.12.2026", "Halle Windschlägen"}}
	if len(got) != len(want) {
		t.Fatalf("%v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%d: %v, want %v", i, got[i], want[i])
		}
	}
}

func TestAsOfDate(t *testing.T) {
	today := ymd(2026, 12, 3)
	c := &campaigns.Campaign{Start: ymd(2026, 9, 1), Events: []campaigns.Event{
		{AreaID: 7, Kind: campaigns.EventStatus, Effective: ymd(2026, 10, 5)},
		{AreaID: 8, Kind: campaigns.EventStatus, Effective: ymd(2026, 11, 1)},
		{AreaID: 0, Kind: campaigns.EventDeadline, Effective: ymd(2026, 10, 20)},
		{AreaID: 7, Kind: campaigns.EventStatus, Effective: ymd(2026, 12, 24)}, // not yet effective
	}}
	if got := asOfDate(c, campaigns.CampaignArea{AreaID: 7}, today); !got.Equal(ymd(2026, 10, 20)) {
		t.Errorf("area 7: %s, want 20.10.2026", campaigns.GermanDate(got))
	}
	if got := asOfDate(c, campaigns.CampaignArea{AreaID: 9}, today); !got.Equal(ymd(2026, 10, 20)) {
		t.Errorf("area 9: %s, want the campaign's event 20.10.2026", campaigns.GermanDate(got))
	}
	if got := asOfDate(&campaigns.Campaign{Start: ymd(2027, 1, 1)}, campaigns.CampaignArea{}, today); !got.Equal(today) {
		t.Errorf("future start: %s, want today", campaigns.GermanDate(got))
	}
}
