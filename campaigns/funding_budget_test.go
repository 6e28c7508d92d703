package campaigns

import (
	"reflect"
	"strings"
	"testing"

	"gigaplan/geo"
)

func TestBudgetValidate(t *testing.T) {
	lines := func(bund, land, kommune int64) []BudgetLine {
		return []BudgetLine{{Share: ShareBund, Approved: bund}, {Share: ShareLand, Approved: land}, {Share: ShareKommune, Approved: kommune}}
	}
	tests := []struct {
		name string
		b    Budget
		want string
	}{
		{"empty", Budget{}, ""},
		{"50/40/10", Budget{Total: 1_000_000_00, Lines: lines(500_000_00, 400_000_00, 100_000_00)}, ""},
		{"with years", Budget{Total: 1_000_000_00, Lines: lines(500_000_00, 400_000_00, 100_000_00),
			Years: []YearAmount{{2026, 30_000_00}, {2027, 70_000_00}}}, ""},
		{"shares short by a cent", Budget{Total: 1_000_000_00, Lines: lines(500_000_00, 400_000_00, 99_999_99)},
			"die Anteile ergeben 999.999,99 €, die Gesamtsumme ist 1.000.000,00 € (Differenz 0,01 €)"},
		{"no total", Budget{Lines: lines(1, 0, 0)}, "die Gesamtsumme fehlt"},
		{"negative", Budget{Total: 100, Lines: []BudgetLine{{Share: ShareBund, Approved: 200}, {Share: ShareLand, Approved: -100}}},
			"dürfen nicht negativ sein"},
		{"share twice", Budget{Total: 200, Lines: []BudgetLine{{Share: ShareBund, Approved: 100}, {Share: ShareBund, Approved: 100}}},
			"Anteil Bund doppelt"},
		{"unknown share", Budget{Total: 100, Lines: []BudgetLine{{Share: "eu", Approved: 100}}}, "unbekannter Anteil"},
		{"years do not sum to Kommune", Budget{Total: 1_000_000_00, Lines: lines(500_000_00, 400_000_00, 100_000_00),
			Years: []YearAmount{{2026, 30_000_00}}}, "die Haushaltsjahre ergeben 30.000,00 €, der Anteil der Kommune ist 100.000,00 €"},
		{"year twice", Budget{Total: 100, Lines: lines(0, 0, 100), Years: []YearAmount{{2026, 50}, {2026, 50}}}, "doppelt"},
		{"not a year", Budget{Total: 100, Lines: lines(0, 0, 100), Years: []YearAmount{{26, 100}}}, "kein Haushaltsjahr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.b.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if geo.ErrorCode(err) != geo.EINVALID || !strings.Contains(geo.ErrorMessage(err), tt.want) {
				t.Fatalf("Validate = %v, want EINVALID with %q", err, tt.want)
			}
		})
	}
}

func TestBudgetFigures(t *testing.T) {
	b := Budget{Total: 2_000_000_00, Lines: []BudgetLine{
		{Share: ShareKommune, Approved: 150_000_00, Actual: 50_000_00},
		{Share: ShareOperator, Approved: 50_000_00},
		{Share: ShareBund, Approved: 1_000_000_00, Actual: 250_000_00},
		{Share: ShareLand, Approved: 800_000_00, Actual: 200_000_00},
	}, Years: []YearAmount{{2028, 50_000_00}, {2026, 40_000_00}, {2027, 60_000_00}}}
	if err := b.Validate(); err != nil {
		t.Fatal(err)
	}
	f := b.Figures()
	want := BudgetFigures{
		Rows: []BudgetRow{
			{ShareBund, "Bund", 1_000_000_00, 250_000_00, 0.5, 0.25},
			{ShareLand, "Land", 800_000_00, 200_000_00, 0.4, 0.25},
			{ShareKommune, "Kommune", 150_000_00, 50_000_00, 0.075, 1.0 / 3},
			{ShareOperator, "Betreiber", 50_000_00, 0, 0.025, 0},
		},
		Approved: 2_000_000_00, Actual: 500_000_00, Spent: 0.25,
		Municipality: 150_000_00, MunicipalityActual: 50_000_00,
		Years: []YearAmount{{2026, 40_000_00}, {2027, 60_000_00}, {2028, 50_000_00}},
	}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("Figures:\n got %+v\nwant %+v", f, want)
	}
	if b.Years[0].Year != 2028 {
		t.Error("Figures sorted the budget's own years")
	}
	if got := (Budget{}).Figures(); got.Approved != 0 || got.Spent != 0 || got.Rows != nil {
		t.Errorf("empty budget: %+v", got)
	}
}

func TestEuroAndParseEuro(t *testing.T) {
	for cents, want := range map[int64]string{0: "0,00 €", 5: "0,05 €", 123456789: "1.234.567,89 €", -150: "-1,50 €"} {
		if got := Euro(cents); got != want {
			t.Errorf("Euro(%d) = %q, want %q", cents, got, want)
		}
	}
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1234567", 1234567_00, true},
		{"1.234.567,89", 1234567_89, true},
		{"1234567,8", 1234567_80, true},
		{"1234567.89", 1234567_89, true},
		{"1.234.567", 1234567_00, true},
		{" 12,50 € ", 12_50, true},
		{"100 EUR", 100_00, true},
		{"0", 0, true},
		{"", 0, false},
		{"-5", 0, false},
		{"1,234", 0, false},
		{"12,", 0, false},
		{"1.23.456", 0, false},
		{"1234.5", 0, false},
		{"12a", 0, false},
		{"1.5e6", 0, false},
		{"99999999999999999999", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseEuro(tt.in)
		if tt.ok != (err == nil) || got != tt.want {
			t.Errorf("ParseEuro(%q) = %d, %v; want %d, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil && geo.ErrorCode(err) != geo.EINVALID {
			t.Errorf("ParseEuro(%q): code %s", tt.in, geo.ErrorCode(err))
		}
	}
}

// FuzzParseEuro: ParseEuro never panics, never gives a negative amount,
// and what Euro prints reads back as the same cents.
func FuzzParseEuro(f *testing.F) {
	for _, s := range []string{"1.234.567,89", "1234567.89", "12,5", "0", "-1", "1.2.3", "€", "9223372036854775807"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseEuro(s)
		if err != nil {
			return
		}
		if c < 0 {
			t.Fatalf("ParseEuro(%q) = %d < 0", s, c)
		}
		back, err := ParseEuro(Euro(c))
		if err != nil || back != c {
			t.Fatalf("ParseEuro(Euro(%d)) = %d, %v", c, back, err)
		}
	})
}
