package campaigns

import (
	"golang.org/x/crypto/bcrypt"
	"math"
	"strings"
	"testing"
	"time"

	"gigaplan/geo"
)

// The tests in this file check the documented rules at their exact
// boundaries: the value on the boundary itself and the one just beyond.

// TestQuotaTargetEdgeCases: Quota is 0 (a number) when there is no
// denominator; Target is the smallest n with n ≥ threshold × denominator,
// and 0 (never negative) without a denominator or without a quota.
func TestQuotaTargetEdgeCases(t *testing.T) {
	tests := []struct {
		name           string
		threshold      float64
		denom, signed  int
		quota          float64
		target, needed int
	}{
		{name: "denominator 0 with sign-ups", threshold: 0.33, denom: 0, signed: 5, quota: 0, target: 0, needed: 0},
		{name: "negative denominator counts as none", threshold: 0.33, denom: -5, signed: 0, quota: 0, target: 0, needed: 0},
		{name: "negative threshold counts as no quota", threshold: -0.5, denom: 100, signed: 0, quota: 0, target: 0, needed: 0},
		{name: "threshold exactly 1", threshold: 1, denom: 100, signed: 99, quota: 0.99, target: 100, needed: 1},
		{name: "exactly at the target", threshold: 0.25, denom: 100, signed: 25, quota: 0.25, target: 25, needed: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := Quota(tt.signed, tt.denom)
			if math.IsNaN(q) || math.IsInf(q, 0) || q != tt.quota {
				t.Errorf("Quota(%d, %d) = %v, want %v", tt.signed, tt.denom, q, tt.quota)
			}
			if g := Target(tt.threshold, tt.denom); g != tt.target {
				t.Errorf("Target(%v, %d) = %d, want %d", tt.threshold, tt.denom, g, tt.target)
			}
			if n := Needed(tt.threshold, tt.denom, tt.signed); n != tt.needed {
				t.Errorf("Needed = %d, want %d", n, tt.needed)
			}
		})
	}
}

// TestPaceNeededNothingNeeded: with nothing needed the pace is 0 on any
// day, also after the deadline (only a positive need gives +Inf).
func TestPaceNeededNothingNeeded(t *testing.T) {
	tests := []struct {
		name           string
		needed         int
		asOf, deadline string
		want           float64
	}{
		{name: "reached, before the deadline", needed: 0, asOf: "2026-11-01", deadline: "2026-11-26", want: 0},
		{name: "reached, on the deadline day", needed: 0, asOf: "2026-11-26", deadline: "2026-11-26", want: 0},
		{name: "reached, after the deadline", needed: 0, asOf: "2026-11-27", deadline: "2026-11-26", want: 0},
		{name: "one needed after the deadline", needed: 1, asOf: "2026-11-27", deadline: "2026-11-26", want: math.Inf(1)},
		{name: "one needed on the deadline day", needed: 1, asOf: "2026-11-26", deadline: "2026-11-26", want: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PaceNeeded(tt.needed, d(tt.asOf), d(tt.deadline))
			if math.IsNaN(got) || got != tt.want {
				t.Errorf("PaceNeeded(%d) = %v, want %v", tt.needed, got, tt.want)
			}
		})
	}
}

// TestRecentPaceStartDay: a history whose only sample lies on the start
// day spans no day, so there is no pace (0, not NaN).
func TestRecentPaceStartDay(t *testing.T) {
	start := d("2026-09-01")
	tests := []struct {
		name    string
		history []Sample
		asOf    string
		want    float64
	}{
		{name: "only a count on the start day", history: []Sample{{start, 30}}, asOf: "2026-09-04", want: 0},
		{name: "exactly the window", history: []Sample{{start.AddDate(0, 0, 14), 28}}, asOf: "2026-09-15", want: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := RecentPace(tt.history, start, d(tt.asOf))
			if math.IsNaN(got) || math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("RecentPace = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestShapeAt: a shape is interpolated linearly between its knots and
// clamped to its ends outside [0, 1], including exactly at 0 and 1.
func TestShapeAt(t *testing.T) {
	s := Shape{0, 0.25, 1}
	tests := []struct {
		name string
		t    float64
		want float64
	}{
		{name: "before the start", t: -1, want: 0},
		{name: "start", t: 0, want: 0},
		{name: "between the first knots", t: 0.25, want: 0.125},
		{name: "on the middle knot", t: 0.5, want: 0.25},
		{name: "between the last knots", t: 0.75, want: 0.625},
		{name: "end", t: 1, want: 1},
		{name: "after the end", t: 2, want: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.At(tt.t); math.IsNaN(got) || math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("At(%v) = %v, want %v", tt.t, got, tt.want)
			}
		})
	}
}

// TestFitShapeIgnoresEmptyAreas: an area whose final count is 0 has no
// course to normalise; it is ignored (and yields no NaN).
func TestFitShapeIgnoresEmptyAreas(t *testing.T) {
	start := d("2025-01-06")
	end := start.AddDate(0, 0, 84)
	zero := Finished{Start: start, End: end, History: []Sample{{start.AddDate(0, 0, 7), 0}, {start.AddDate(0, 0, 84), 0}}}
	good := Finished{Start: start, End: end, History: synthHistory(start, 12, 600, 12)}
	tests := []struct {
		name   string
		done   []Finished
		wantOK bool
		want   Shape // nil: LinearShape
	}{
		{name: "only an area without sign-ups", done: []Finished{zero}, wantOK: false},
		{name: "an area without sign-ups next to a good one", done: []Finished{zero, good}, wantOK: true},
	}
	alone, _ := FitShape([]Finished{good})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := FitShape(tt.done)
			if ok != tt.wantOK {
				t.Fatalf("FitShape ok = %v, want %v (shape %v)", ok, tt.wantOK, s)
			}
			want := LinearShape
			if ok {
				want = alone
			}
			if len(s) != len(want) {
				t.Fatalf("shape %v, want %v", s, want)
			}
			for i := range s {
				if math.IsNaN(s[i]) || math.Abs(s[i]-want[i]) > 1e-12 {
					t.Errorf("knot %d = %v, want %v", i, s[i], want[i])
				}
			}
		})
	}
}

// TestPredictBoundaries checks Predict's documented model at its
// boundaries. The campaign runs 64 days, so that the normalised times and
// the shapes' values below are exact binary fractions.
func TestPredictBoundaries(t *testing.T) {
	start := d("2026-01-05")
	deadline := start.AddDate(0, 0, 64)
	day := func(n int) time.Time { return start.AddDate(0, 0, n) }
	convex := Shape{0, 0.125, 0.25, 0.5, 1} // knots at t = 0, 1/4, 1/2, 3/4, 1
	tests := []struct {
		name      string
		asOf      time.Time
		history   []Sample
		target    int
		shape     Shape
		model     Model
		reachable bool
		date      time.Time // checked when not zero
	}{
		{
			name: "a count exactly at the target is reached", asOf: day(14),
			history: []Sample{{day(7), 50}, {day(14), 100}}, target: 100,
			model: ModelReached, reachable: true, date: day(14),
		},
		{
			name: "target 0 (no quota) is not a reached threshold", asOf: day(14),
			history: []Sample{{day(7), 10}, {day(14), 20}}, target: 0,
			model: ModelLinear, reachable: true, date: day(14),
		},
		{
			name: "samples after the as-of date are ignored", asOf: day(14),
			history: []Sample{{day(7), 70}, {day(14), 140}, {day(28), 420}}, target: 500,
			model: ModelLinear, reachable: true, date: day(14 + 36), // 10 a day: (500-140)/10 = 36 days
		},
		{
			name: "one count on the start day gives no pace", asOf: day(3),
			history: []Sample{{day(0), 30}}, target: 100,
			model: ModelLinear, reachable: false,
		},
		{
			name: "counts stuck at 0 give no forecast", asOf: day(14),
			history: []Sample{{day(7), 0}, {day(14), 0}}, target: 100,
			model: ModelLinear, reachable: false,
		},
		{
			name: "exactly the horizon is reachable", asOf: day(14),
			history: []Sample{{day(14), 14}}, target: 14 + 3*365, // 1 a day
			model: ModelLinear, reachable: true, date: day(14 + 3*365),
		},
		{
			name: "one day beyond the horizon is not", asOf: day(14),
			history: []Sample{{day(14), 14}}, target: 14 + 3*365 + 1,
			model: ModelLinear, reachable: false,
		},
		{
			name: "LinearShape means the linear model", asOf: day(16),
			history: []Sample{{day(16), 16}}, target: 40, shape: LinearShape,
			model: ModelLinear, reachable: true, date: day(40),
		},
		{
			name: "shape reaches the target exactly on a day", asOf: day(16),
			history: []Sample{{day(16), 16}}, target: 64, shape: convex, // 16 × 0.5/0.125 = 64 at t = 3/4
			model: ModelShape, reachable: true, date: day(48),
		},
		{
			name: "past the deadline the shape's final count grows at the recent pace", asOf: day(16),
			history: []Sample{{day(16), 16}}, target: 200, shape: convex, // final 16/0.125 = 128, then 1 a day
			model: ModelShape, reachable: true, date: day(64 + 72),
		},
		{
			name: "exactly MinShapeShare behind the last sample uses the shape", asOf: day(32),
			history: []Sample{{day(32), 10}}, target: 150, shape: Shape{0, MinShapeShare, 1},
			model: ModelShape, reachable: true,
		},
		{
			name: "less than MinShapeShare behind the last sample: linear", asOf: day(32),
			history: []Sample{{day(32), 10}}, target: 150, shape: Shape{0, 0.04, 1},
			model: ModelLinear, reachable: true,
		},
		{
			name: "a count of 0 cannot be scaled by the shape", asOf: day(32),
			history: []Sample{{day(32), 0}}, target: 150, shape: Shape{0, 0.5, 1},
			model: ModelLinear, reachable: false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Predict(ForecastInput{Start: start, Deadline: deadline, AsOf: tt.asOf, History: tt.history, Target: tt.target, Shape: tt.shape})
			if f.Model != tt.model || f.Reachable != tt.reachable {
				t.Fatalf("Predict = %+v, want model %s, reachable %v", f, tt.model, tt.reachable)
			}
			if !tt.date.IsZero() && !f.Date.Equal(tt.date) {
				t.Errorf("forecast %s, want %s", f.Date.Format(time.DateOnly), tt.date.Format(time.DateOnly))
			}
			if !f.Reachable && !f.Date.IsZero() {
				t.Errorf("unreachable forecast with date %s", f.Date.Format(time.DateOnly))
			}
		})
	}
}

// TestCheckPasswordRulesBoundaries: at least MinPasswordLength characters
// (not bytes), at most MaxPasswordLength characters (not bcrypt's 72
// bytes), and not easy to guess.
func TestCheckPasswordRulesBoundaries(t *testing.T) {
	tests := []struct {
		name, pw string
		why      string // part of the message when refused; "" accepts
	}{
		{"one character short", "Kirchturm A", "zu kurz"},
		{"exactly MinPasswordLength characters", "Kirchturm Ap", ""},
		{"MinPasswordLength umlauts (more bytes)", "äöüßÄÖÜäöüßÄ", ""},
		{"one umlaut short", "äöüßÄÖÜäöüß", "zu kurz"},
		{"73 bytes: longer than bcrypt reads", "Kirchturm Apfel Regen Blau Wiese Sonne Kartoffel Brücke Laterne Nordwind", ""},
		{"MaxPasswordLength characters", strings.Repeat("Kirchturm Apfel Regen ", 12)[:MaxPasswordLength-1] + "x", ""},
		{"one character too long", strings.Repeat("Kirchturm Apfel Regen ", 12)[:MaxPasswordLength] + "x", "zu lang"},
		{"in the list", "qazwsxedcrfv", "Liste häufiger"},
		{"in the list, capitalised", "1QAZ2WSX3EDC", "Liste häufiger"},
		{"a word twice", "passwordpassword", "wiederholt nur „password“"},
		{"one character", "aaaaaaaaaaaa", "wiederholt nur „a“"},
		{"a run of digits", "123456789012", "Zeichenfolge"},
		{"a run down", "987654321098", "Zeichenfolge"},
		{"letters in a row", "abcdefghijklm", "Zeichenfolge"},
		{"common word and digits", "passwort1234", "angehängten"},
		{"common word and more than four", "Sommer2026!!!", ""},
		{"control character", "Kirchturm\x00Apfel", "Steuerzeichen"},
		{"four random words", "Kirchturm Apfel Regen Blau", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckPasswordRules(tt.pw)
			switch {
			case tt.why == "" && err != nil:
				t.Errorf("CheckPasswordRules(%q): %v, want nil", tt.pw, err)
			case tt.why != "" && (geo.ErrorCode(err) != geo.EINVALID || !strings.Contains(err.Error(), tt.why)):
				t.Errorf("CheckPasswordRules(%q): %v, want EINVALID with %q", tt.pw, err, tt.why)
			}
		})
	}
}

// TestPasswordHashes: every character of a long password counts (bcrypt
// alone stops at 72 bytes), and hashes made before the pre-hash still
// verify.
func TestPasswordHashes(t *testing.T) {
	long := strings.Repeat("Kirchturm Apfel Regen ", 4) // 88 bytes
	h, err := HashPassword(long + "Blau")
	if err != nil {
		t.Fatal(err)
	}
	if !CheckPassword(h, long+"Blau") || CheckPassword(h, long+"Grün") {
		t.Error("two passwords alike in their first 72 bytes are one")
	}
	old, err := bcrypt.GenerateFromPassword([]byte("Kirchturm Apfel"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	if !CheckPassword(old, "Kirchturm Apfel") || CheckPassword(old, "Kirchturm Apfe") {
		t.Error("an older plain bcrypt hash does not verify")
	}
	if CheckPassword(nil, "") || CheckPassword([]byte(hashPrefix+"x"), "x") {
		t.Error("no hash or a broken one verifies")
	}
}

// TestStatusActive: sign-ups are collected while running or extended,
// and in no other status.
func TestStatusActive(t *testing.T) {
	for _, s := range Statuses {
		t.Run(string(s), func(t *testing.T) {
			want := s == StatusRunning || s == StatusExtended
			if got := s.Active(); got != want {
				t.Errorf("%s.Active() = %v, want %v", s, got, want)
			}
		})
	}
}

// TestCheckTransitionMessages: a final status says so; any other names
// the allowed next steps.
func TestCheckTransitionMessages(t *testing.T) {
	tests := []struct {
		name     string
		from, to Status
		want     string
		wantNot  string
	}{
		{name: "live is final", from: StatusLive, to: StatusCancelled, want: "ist endgültig", wantNot: "möglich"},
		{name: "cancelled is final", from: StatusCancelled, to: StatusRunning, want: "ist endgültig", wantNot: "möglich"},
		{name: "running lists its next steps", from: StatusRunning, to: StatusLive, want: "möglich: verlängert (extended), Quote erreicht (reached), nicht erreicht (geparkt) (missed), abgebrochen (cancelled)", wantNot: "endgültig"},
		{name: "construction lists live", from: StatusConstruction, to: StatusCancelled, want: "möglich: in Betrieb (live)", wantNot: "endgültig"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckTransition(tt.from, tt.to)
			if err == nil {
				t.Fatal("transition allowed")
			}
			if msg := err.Error(); !strings.Contains(msg, tt.want) || strings.Contains(msg, tt.wantNot) {
				t.Errorf("message %q, want %q and not %q", msg, tt.want, tt.wantNot)
			}
		})
	}
}

// TestValidateThresholdBounds: a threshold lies between 0 and 1, both
// included (0: no quota; 1: every household).
func TestValidateThresholdBounds(t *testing.T) {
	tests := []struct {
		name      string
		threshold float64
		ok        bool
	}{
		{name: "0", threshold: 0, ok: true},
		{name: "1", threshold: 1, ok: true},
		{name: "just above 1", threshold: 1.0001, ok: false},
		{name: "just below 0", threshold: -0.0001, ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Campaign{Provider: "P", Name: "K", Threshold: tt.threshold, Start: d("2026-09-01"), Deadline: d("2026-11-30"),
				Areas: []CampaignArea{{AreaID: 1, AreaName: "Nord"}}}
			if err := c.Validate(); (err == nil) != tt.ok {
				t.Errorf("Validate(threshold %v) = %v, want ok %v", tt.threshold, err, tt.ok)
			}
		})
	}
}

// TestCheckEntryBoundaries: 0 and exactly the denominator are allowed, an
// unchanged count needs no comment, and a denominator of 0 (none known)
// sets no upper limit.
func TestCheckEntryBoundaries(t *testing.T) {
	c := &Campaign{Name: "DG Nord", Counting: CountHouseholds, Start: d("2026-09-01"), Deadline: d("2026-11-30")}
	today := d("2026-11-23")
	prev := &Entry{AsOf: d("2026-11-16"), Count: 200}
	tests := []struct {
		name  string
		e     Entry
		den   int
		prev  *Entry
		ok    bool
		inMsg string
	}{
		{name: "count 0", e: Entry{AsOf: d("2026-09-08"), Count: 0}, den: 1000, ok: true},
		{name: "count -1", e: Entry{AsOf: d("2026-09-08"), Count: -1}, den: 1000, inMsg: "ist negativ"},
		{name: "exactly the denominator", e: Entry{AsOf: d("2026-11-23"), Count: 1000}, den: 1000, prev: prev, ok: true},
		{name: "one above the denominator", e: Entry{AsOf: d("2026-11-23"), Count: 1001}, den: 1000, prev: prev, inMsg: "ist größer als die Zahl der Haushalte im Gebiet (1.000)"},
		{name: "no denominator known", e: Entry{AsOf: d("2026-11-23"), Count: 250}, den: 0, prev: prev, ok: true},
		{name: "unchanged count without comment", e: Entry{AsOf: d("2026-11-23"), Count: 200}, den: 1000, prev: prev, ok: true},
		{name: "one lower without comment", e: Entry{AsOf: d("2026-11-23"), Count: 199}, den: 1000, prev: prev, inMsg: "ist kleiner als 200"},
		{name: "on the start day", e: Entry{AsOf: d("2026-09-01"), Count: 3}, den: 1000, ok: true},
		{name: "today", e: Entry{AsOf: d("2026-11-23"), Count: 210}, den: 1000, prev: prev, ok: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckEntry(tt.e, c, tt.den, tt.prev, today)
			if tt.ok {
				if err != nil {
					t.Errorf("CheckEntry: %v, want nil", err)
				}
				return
			}
			if geo.ErrorCode(err) != geo.EINVALID || !strings.Contains(err.Error(), tt.inMsg) {
				t.Errorf("CheckEntry: %v, want EINVALID containing %q", err, tt.inMsg)
			}
		})
	}
}

// TestEffectiveHighestIDWins: the entry entered last (highest ID) wins
// for its date, whatever the order of the log given.
func TestEffectiveHighestIDWins(t *testing.T) {
	tests := []struct {
		name    string
		entries []Entry
		want    int
	}{
		{name: "in ID order", entries: []Entry{{ID: 2, AsOf: d("2026-09-15"), Count: 30}, {ID: 3, AsOf: d("2026-09-15"), Count: 25}}, want: 25},
		{name: "newest first", entries: []Entry{{ID: 3, AsOf: d("2026-09-15"), Count: 25}, {ID: 2, AsOf: d("2026-09-15"), Count: 30}}, want: 25},
		{name: "newest in the middle", entries: []Entry{{ID: 1, AsOf: d("2026-09-15"), Count: 20}, {ID: 7, AsOf: d("2026-09-15"), Count: 22},
			{ID: 4, AsOf: d("2026-09-15"), Count: 30}}, want: 22},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Effective(tt.entries)
			if len(got) != 1 || got[0].Count != tt.want {
				t.Errorf("Effective = %v, want one sample of %d", got, tt.want)
			}
		})
	}
}

// TestBetterIsStrict: the coverage order is strict: no campaign is better
// than itself, so the first of equals stays.
func TestBetterIsStrict(t *testing.T) {
	start := d("2026-09-01")
	tests := []struct {
		name string
		c    Coverage
	}{
		{name: "pre-marketing", c: Coverage{State: CoveragePreMarketing, Quota: 0.2, Threshold: 0.33}},
		{name: "live", c: Coverage{State: CoverageLive}},
		{name: "funding candidate", c: Coverage{State: CoverageFundingCandidate}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if better(tt.c, tt.c, start, start, 7, 7) {
				t.Errorf("better(x, x) = true")
			}
		})
	}
}

// TestCoverageMessageStatusAndDates: "planned" shows for a planned area
// and for a campaign whose start lies ahead; success needs the target to
// be reached, not merely a target to exist.
func TestCoverageMessageStatusAndDates(t *testing.T) {
	today := d("2026-11-23")
	running := Coverage{State: CoveragePreMarketing, Status: StatusRunning, Quota: 0.2, Threshold: 0.33, Target: 330, Needed: 130,
		Start: d("2026-09-01"), Deadline: d("2026-11-26")}
	tests := []struct {
		name string
		mod  func(c *Coverage)
		want string
	}{
		{name: "running, contracts missing", mod: func(c *Coverage) {}, want: "Vorvermarktung läuft: 20 % von 33 %, noch 130 Verträge bis 26.11.2026"},
		{name: "running, target reached", mod: func(c *Coverage) { c.Quota, c.Needed = 0.34, 0 },
			want: "Vorvermarktung erfolgreich: 34 % von 33 % erreicht, Ausbauentscheidung steht aus"},
		{name: "planned, start already passed", mod: func(c *Coverage) { c.Status = StatusPlanned }, want: "Vorvermarktung geplant ab 01.09.2026"},
		{name: "running, start ahead", mod: func(c *Coverage) { c.Start = d("2026-12-01"); c.Deadline = d("2027-02-01") },
			want: "Vorvermarktung geplant ab 01.12.2026"},
		{name: "running, starts today", mod: func(c *Coverage) { c.Start = today },
			want: "Vorvermarktung läuft: 20 % von 33 %, noch 130 Verträge bis 26.11.2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := running
			tt.mod(&c)
			if got := c.message(today); got != tt.want {
				t.Errorf("message = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestReadEntriesCSVShapes: optional trailing columns may be missing from
// a row, and comma is the separator unless the header line has more
// semicolons than commas.
func TestReadEntriesCSVShapes(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		comment string
		source  Source
	}{
		{name: "row without the optional columns", in: "campaign,area,date,count,source,comment\nDG,Nord,2026-11-16,120\n", source: SourceProvider},
		{name: "row without the comment", in: "campaign,area,date,count,source,comment\nDG,Nord,2026-11-16,120,manual\n", source: SourceManual},
		{name: "blank line before a comma header", in: "\ncampaign,area,date,count,comment\nDG,Nord,2026-11-16,120,x;y\n", comment: "x;y", source: SourceProvider},
		{name: "semicolons within a comma file", in: "campaign,area,date,count,comment\nDG,Nord,2026-11-16,120,a;b;c;d;e\n", comment: "a;b;c;d;e", source: SourceProvider},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es, _, err := ReadEntriesCSV("x.csv", strings.NewReader(tt.in), 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(es) != 1 || es[0].Campaign != "DG" || es[0].Area != "Nord" || es[0].Count != 120 || es[0].Comment != tt.comment || es[0].Source != tt.source {
				t.Errorf("entries %+v", es)
			}
		})
	}
}

// TestLoadRuleSetsBounds: min_down and min_up up to geo.MaxBandwidth
// inclusive, planned_years 0..10 inclusive.
func TestLoadRuleSetsBounds(t *testing.T) {
	tests := []struct {
		name   string
		fields string
		ok     bool
	}{
		{name: "min_down exactly MaxBandwidth", fields: `"min_down": 100000`, ok: true},
		{name: "min_down above MaxBandwidth", fields: `"min_down": 100001`},
		{name: "min_up exactly MaxBandwidth", fields: `"min_down": 300, "min_up": 100000`, ok: true},
		{name: "min_up above MaxBandwidth", fields: `"min_down": 300, "min_up": 100001`},
		{name: "min_up 0", fields: `"min_down": 300, "min_up": 0`, ok: true},
		{name: "planned_years 0", fields: `"min_down": 300, "planned_years": 0`, ok: true},
		{name: "planned_years 10", fields: `"min_down": 300, "planned_years": 10`, ok: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := `[{"name": "a", "valid_from": "2025-01-01", ` + tt.fields + `}]`
			sets, err := LoadRuleSets(strings.NewReader(in))
			if tt.ok && (err != nil || len(sets) != 1) {
				t.Errorf("LoadRuleSets(%s): %v, want one set", tt.fields, err)
			}
			if !tt.ok && geo.ErrorCode(err) != geo.EINVALID {
				t.Errorf("LoadRuleSets(%s): %v, want EINVALID", tt.fields, err)
			}
		})
	}
	if float64(geo.MaxBandwidth) != 100000 {
		t.Fatalf("geo.MaxBandwidth is %d: update the cases above", geo.MaxBandwidth)
	}
}

// TestEvaluatePlansAndNames: with a horizon of 0 years plans are not
// considered, not even one without a date; among campaigns with the same
// exclusion the deciding one names the reason.
func TestEvaluatePlansAndNames(t *testing.T) {
	asOf := Date(2026, 3, 2)
	tests := []struct {
		name string
		got  func() Eligibility
		want Eligibility
	}{
		{
			name: "horizon 0 ignores an undated plan",
			got: func() Eligibility {
				return Evaluate(RuleSet{Thresholds: []Threshold{{MinDown: 300}}}, asOf, &geo.Supply{Download: 50, Upload: 10, PlannedOperator: "X"}, CoverageNone, "")
			},
			want: Eligibility{true, "förderfähig: beste Versorgung 50/10 Mbit/s unter 300 Mbit/s"},
		},
		{
			name: "horizon 0 ignores a plan dated today",
			got: func() Eligibility {
				return Evaluate(RuleSet{Thresholds: []Threshold{{MinDown: 300}}}, asOf, &geo.Supply{Download: 50, Upload: 10, PlannedOperator: "X", PlannedDate: asOf}, CoverageNone, "")
			},
			want: Eligibility{true, "förderfähig: beste Versorgung 50/10 Mbit/s unter 300 Mbit/s"},
		},
		{
			name: "two committed campaigns: the deciding one is named",
			got: func() Eligibility {
				cov := Coverage{State: CoverageCommitted, Status: StatusCommitted, Campaign: "Erste",
					Campaigns: []CoverageItem{{Campaign: "Erste", Status: StatusCommitted, State: CoverageCommitted},
						{Campaign: "Zweite", Status: StatusCommitted, State: CoverageCommitted}}}
				return EvaluateCoverage(RuleSet{Thresholds: []Threshold{{MinDown: 300}}, ExcludeCampaigns: true}, asOf, nil, cov)
			},
			want: Eligibility{false, "nicht förderfähig: Ausbau zugesagt (Kampagne Erste)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.got(); got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestMbitNotANumber: a bandwidth that is not a finite number shows as
// "?", never as NaN or Inf.
func TestMbitNotANumber(t *testing.T) {
	tests := []struct {
		name string
		v    float64
		want string
	}{
		{name: "NaN", v: math.NaN(), want: "?"},
		{name: "+Inf", v: math.Inf(1), want: "?"},
		{name: "-Inf", v: math.Inf(-1), want: "?"},
		{name: "decimal", v: 50.5, want: "50,5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mbit(tt.v); got != tt.want {
				t.Errorf("mbit(%v) = %q, want %q", tt.v, got, tt.want)
			}
		})
	}
}

// TestCheckTokenNameBounds: a name (trimmed) of 1 to MaxTokenName
// characters without control characters.
func TestCheckTokenNameBounds(t *testing.T) {
	tests := []struct {
		name  string
		token string
		ok    bool
	}{
		{name: "empty", token: "", ok: false},
		{name: "only spaces", token: "   ", ok: false},
		{name: "one character", token: "x", ok: true},
		{name: "exactly MaxTokenName umlauts", token: strings.Repeat("ö", MaxTokenName), ok: true},
		{name: "exactly MaxTokenName with spaces around", token: "  " + strings.Repeat("a", MaxTokenName) + " ", ok: true},
		{name: "one character too many", token: strings.Repeat("ö", MaxTokenName+1), ok: false},
		{name: "inner space", token: "Anbieter Süd", ok: true},
		{name: "unit separator", token: "a\x1fb", ok: false},
		{name: "tab", token: "a\tb", ok: false},
		{name: "delete", token: "a\x7fb", ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckTokenName(tt.token)
			if tt.ok && err != nil {
				t.Errorf("CheckTokenName(%q): %v", tt.token, err)
			}
			if !tt.ok && geo.ErrorCode(err) != geo.EINVALID {
				t.Errorf("CheckTokenName(%q): %v, want EINVALID", tt.token, err)
			}
		})
	}
}

// TestCheckAdminChangeLastAdmin: a change may not leave no enabled admin.
func TestCheckAdminChangeLastAdmin(t *testing.T) {
	one := []User{{ID: 1, Role: RoleAdmin}, {ID: 2, Role: RoleAdmin, Disabled: true}, {ID: 3, Role: RoleEditor}}
	two := []User{{ID: 1, Role: RoleAdmin}, {ID: 2, Role: RoleAdmin}, {ID: 3, Role: RoleEditor}}
	tests := []struct {
		name    string
		users   []User
		target  int64
		role    Role
		disable bool
		ok      bool
	}{
		{name: "demoting the last enabled admin", users: one, target: 1, role: RoleEditor, ok: false},
		{name: "disabling the last enabled admin", users: one, target: 1, role: RoleAdmin, disable: true, ok: false},
		{name: "the last enabled admin stays", users: one, target: 1, role: RoleAdmin, ok: true},
		{name: "demoting a disabled admin", users: one, target: 2, role: RoleViewer, ok: true},
		{name: "demoting an editor", users: one, target: 3, role: RoleViewer, disable: true, ok: true},
		{name: "demoting one of two admins", users: two, target: 1, role: RoleEditor, ok: true},
		{name: "disabling one of two admins", users: two, target: 2, role: RoleAdmin, disable: true, ok: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckAdminChange(tt.users, tt.target, tt.role, tt.disable)
			if tt.ok && err != nil {
				t.Errorf("CheckAdminChange: %v", err)
			}
			if !tt.ok && geo.ErrorCode(err) != geo.EINVALID {
				t.Errorf("CheckAdminChange: %v, want EINVALID", err)
			}
		})
	}
}
