package geo_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"gigaplan/geo"
)

func TestParseHorizon(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
		msg  string // part of the German error; "" for success
	}{
		{"bare number", "5", 5, ""},
		{"y", "5y", 5, ""},
		{"Y with spaces", " 7 Y ", 7, ""},
		{"Jahre", "5 Jahre", 5, ""},
		{"Jahr", "3 Jahr", 3, ""},
		{"J", "4J", 4, ""},
		{"years", "6 years", 6, ""},
		{"too short", "2y", 0, "erlaubt sind 3 bis 7 Jahre"},
		{"too long", "8 Jahre", 0, "erlaubt sind 3 bis 7 Jahre"},
		{"zero", "0", 0, "erlaubt sind 3 bis 7 Jahre"},
		{"negative", "-5", 0, "erlaubt sind 3 bis 7 Jahre"},
		{"months", "36 Monate", 0, "ganze Zahl von Jahren"},
		{"fraction", "4,5 Jahre", 0, "ganze Zahl von Jahren"},
		{"empty", "", 0, "ganze Zahl von Jahren"},
		{"unit only", "Jahre", 0, "ganze Zahl von Jahren"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := geo.ParseHorizon(tt.in)
			if tt.msg == "" {
				if err != nil || got != tt.want {
					t.Errorf("ParseHorizon(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
				}
				return
			}
			if geo.ErrorCode(err) != geo.EINVALID || !strings.Contains(geo.ErrorMessage(err), tt.msg) {
				t.Errorf("ParseHorizon(%q) = %d, %v; want EINVALID with %q", tt.in, got, err, tt.msg)
			}
		})
	}
}

// FuzzParseHorizon: ParseHorizon never panics, and accepts only 3..7.
func FuzzParseHorizon(f *testing.F) {
	for _, s := range []string{"5", "5y", "5 Jahre", "8", "-1", "99999999999999999999", "J", " 3 j "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := geo.ParseHorizon(s)
		if err == nil && (n < geo.MinHorizon || n > geo.MaxHorizon) {
			t.Errorf("ParseHorizon(%q) = %d without error", s, n)
		}
		if err != nil && geo.ErrorCode(err) != geo.EINVALID {
			t.Errorf("ParseHorizon(%q): %v is not EINVALID", s, err)
		}
	})
}

func TestSplitOperators(t *testing.T) {
	if got, want := geo.SplitOperators(" Telekom, Vodafone,,Telekom , EnBW "), []string{"Telekom", "Vodafone", "EnBW"}; !reflect.DeepEqual(got, want) {
		t.Errorf("SplitOperators = %q, want %q", got, want)
	}
	if got := geo.SplitOperators(" , "); got != nil {
		t.Errorf("SplitOperators of nothing = %q", got)
	}
}

func TestPickSurvey(t *testing.T) {
	a := geo.Survey{ID: 1, Name: "MEV Nord"}
	b := geo.Survey{ID: 4, Name: "MEV Süd"}
	tests := []struct {
		name   string
		svs    []geo.Survey
		id     int64
		want   int64
		code   string
		inText string
	}{
		{"the only one", []geo.Survey{a}, 0, 1, "", ""},
		{"given", []geo.Survey{a, b}, 4, 4, "", ""},
		{"none", nil, 0, 0, geo.EINVALID, "noch keine Markterkundung"},
		{"several", []geo.Survey{a, b}, 0, 0, geo.EINVALID, "Es gibt 2 Markterkundungen; bitte eine angeben: 1 „MEV Nord“, 4 „MEV Süd“"},
		{"unknown", []geo.Survey{a, b}, 2, 0, geo.ENOTFOUND, "Markterkundung 2 gibt es nicht; vorhanden: 1 „MEV Nord“"},
		{"unknown among none", nil, 2, 0, geo.ENOTFOUND, "es gibt noch keine"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := geo.PickSurvey(tt.svs, tt.id)
			if tt.code == "" {
				if err != nil || got.ID != tt.want {
					t.Errorf("PickSurvey = %d, %v; want %d", got.ID, err, tt.want)
				}
				return
			}
			if geo.ErrorCode(err) != tt.code || !strings.Contains(geo.ErrorMessage(err), tt.inText) {
				t.Errorf("PickSurvey = %v; want %s with %q", err, tt.code, tt.inText)
			}
		})
	}
}

func TestSurveyOperators(t *testing.T) {
	day := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	sv := geo.Survey{Operators: []geo.SurveyOperator{
		{Name: "EnBW", Asked: true},
		{Name: "Telekom", Asked: true, AnsweredOn: day},
		{Name: "Stadtwerke", AnsweredOn: day}, // answered without being asked
	}}
	if got, want := sv.Asked(), []string{"EnBW", "Telekom"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Asked = %v, want %v", got, want)
	}
	if got, want := sv.Answered(), []string{"Telekom", "Stadtwerke"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Answered = %v, want %v", got, want)
	}
	if got, want := sv.NotAnswered(), []string{"EnBW"}; !reflect.DeepEqual(got, want) {
		t.Errorf("NotAnswered = %v, want %v", got, want)
	}
	if o, ok := sv.Operator("Telekom"); !ok || !o.Answered() {
		t.Errorf("Operator(Telekom) = %+v, %v", o, ok)
	}
	if _, ok := sv.Operator("telekom"); ok {
		t.Error("Operator matches names case-insensitively")
	}
}

func TestSurveyValidate(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	tests := []struct {
		name string
		sv   geo.Survey
		msg  string
	}{
		{"ok", geo.Survey{Name: "MEV", HorizonYears: 3, From: d("2026-01-01"), To: d("2026-01-01")}, ""},
		{"no name", geo.Survey{Name: " ", HorizonYears: 3}, "Name fehlt"},
		{"horizon 2", geo.Survey{Name: "MEV", HorizonYears: 2}, "Zeithorizont 2 Jahre, erlaubt sind 3 bis 7 Jahre"},
		{"horizon 8", geo.Survey{Name: "MEV", HorizonYears: 8}, "erlaubt sind 3 bis 7"},
		{"backwards", geo.Survey{Name: "MEV", HorizonYears: 5, From: d("2026-02-01"), To: d("2026-01-31")}, "endet (31.01.2026) vor seinem Beginn (01.02.2026)"},
		{"operator without name", geo.Survey{Name: "MEV", HorizonYears: 5, Operators: []geo.SurveyOperator{{Name: ""}}}, "Betreiber ohne Namen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.sv.Validate()
			if tt.msg == "" {
				if err != nil {
					t.Errorf("Validate = %v", err)
				}
				return
			}
			if geo.ErrorCode(err) != geo.EINVALID || !strings.Contains(geo.ErrorMessage(err), tt.msg) {
				t.Errorf("Validate = %v, want EINVALID with %q", err, tt.msg)
			}
		})
	}
}

func TestOtherOperators(t *testing.T) {
	ss := []geo.Supply{{Operator: "Telekom"}, {Operator: ""}, {Operator: "telekom "}, {Operator: "Stadtwerke"}, {Operator: "NetCom"}}
	if n, ex := geo.OtherOperators(ss, "Telekom"); n != 2 || ex != "Stadtwerke" {
		t.Errorf("OtherOperators = %d, %q; want 2, Stadtwerke", n, ex)
	}
}

func TestScopeAnswer(t *testing.T) {
	rep := &geo.MatchReport{Forgotten: []int64{2, 5, 9}}
	supply := []geo.Supply{{AddressID: 1}, {AddressID: 3}, {AddressID: 8}}
	area := geo.Values([]geo.Address{{ID: 1}, {ID: 2}, {ID: 3}, {ID: 5}})
	sc, err := geo.ScopeAnswer(rep, supply, area)
	if err != nil {
		t.Fatal(err)
	}
	if want := (geo.AreaScope{Addresses: 4, Forgotten: []int64{2, 5}, Outside: 1}); !reflect.DeepEqual(sc, want) {
		t.Errorf("ScopeAnswer = %+v, want %+v", sc, want)
	}
}
