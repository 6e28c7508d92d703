package campaigns

// Citizens' reports ("Meldungen"): a citizen says the answer for an
// address is wrong, or that an address is missing. No personal data is
// required; an e-mail address is optional. The office answers and closes
// each report; closing is a dated decision (who, when, with which note).

import (
	"context"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gigaplan/geo"
)

// AuditReportClose is the audit action of closing a citizen's report.
const AuditReportClose = "report_close"

// ReportKind is what a citizen reports.
type ReportKind string

// Report kinds.
const (
	ReportWrongStatus    ReportKind = "status"  // the answer for an address is wrong
	ReportMissingAddress ReportKind = "missing" // the address is not in the list
	ReportOther          ReportKind = "other"
)

// ReportKinds lists the kinds in the order the form offers them.
var ReportKinds = []ReportKind{ReportWrongStatus, ReportMissingAddress, ReportOther}

// German returns the kind as the pages and the workbook name it.
func (k ReportKind) German() string {
	switch k {
	case ReportWrongStatus:
		return "Status falsch"
	case ReportMissingAddress:
		return "Adresse fehlt"
	case ReportOther:
		return "Sonstiges"
	}
	return string(k)
}

// Limits of a report's fields, in characters.
const (
	MaxReportText    = 1000
	MaxReportAddress = 200
	MaxReportEmail   = 254
	MaxReportAnswer  = 2000
)

// CitizenReport is one report of a citizen.
type CitizenReport struct {
	ID   int64
	Kind ReportKind
	// AddressID is the reported address; 0 for a typed address (one that
	// is missing, or was not found).
	AddressID int64
	// Address is the address as the citizen saw or typed it.
	Address string
	// HasPosition tells whether Lon/Lat (WGS84) hold a position: the
	// reported address's, or one the citizen gave.
	HasPosition bool
	Lon, Lat    float64
	Text        string
	Email       string // optional
	// Municipality is the area ID of the address's municipality (0:
	// unknown), for the office's scope and the council workbook.
	Municipality int64
	CreatedAt    time.Time
	// ClosedAt is zero while the report is open.
	ClosedAt time.Time
	ClosedBy string
	Answer   string
}

// Open reports whether the report awaits the office.
func (r CitizenReport) Open() bool { return r.ClosedAt.IsZero() }

// ReportFilter selects reports; the zero value selects all.
type ReportFilter struct {
	// State is "open", "closed" or "" for both.
	State string
	// Municipality selects one municipality's reports (area ID); 0: all.
	Municipality int64
	// Limit caps the answer; 0 means DefaultReportLimit.
	Limit int
}

// Report filter states.
const (
	ReportsOpen   = "open"
	ReportsClosed = "closed"
)

// DefaultReportLimit is how many reports CitizenReports returns at most
// without a limit.
const DefaultReportLimit = 500

// CitizenReportStore keeps the citizens' reports. Implementations:
// data/sqlite and data/postgres (the shared sqlstore.ReportStore).
type CitizenReportStore interface {
	// AddCitizenReport stores a report (as CleanReport returns it) with
	// its CreatedAt and returns it with its ID. EINVALID for a report
	// that CleanReport refuses.
	AddCitizenReport(ctx context.Context, r CitizenReport) (CitizenReport, error)
	// CitizenReport returns one report; ENOTFOUND if there is none.
	CitizenReport(ctx context.Context, id int64) (CitizenReport, error)
	// CitizenReports returns the reports f selects, newest first.
	CitizenReports(ctx context.Context, f ReportFilter) ([]CitizenReport, error)
	// CloseCitizenReport closes an open report with the office's answer:
	// ENOTFOUND for an unknown report, ECONFLICT for one already closed,
	// EINVALID for an answer that is too long.
	CloseCitizenReport(ctx context.Context, id int64, answer, by string, at time.Time) (CitizenReport, error)
}

// CleanReport checks a report as it comes from the form and returns it
// with its text made storable: control characters (but line breaks)
// removed, surrounding blanks trimmed. Errors are EINVALID with a German
// message naming the field.
func CleanReport(r CitizenReport) (CitizenReport, error) {
	switch r.Kind {
	case ReportWrongStatus, ReportMissingAddress, ReportOther:
	default:
		return r, geo.Errorf(geo.EINVALID, "Art der Meldung: bitte „Status falsch“, „Adresse fehlt“ oder „Sonstiges“ wählen")
	}
	r.Address = cleanText(r.Address, false)
	r.Text = cleanText(r.Text, true)
	r.Email = strings.TrimSpace(r.Email)
	switch {
	case r.AddressID < 0:
		return r, geo.Errorf(geo.EINVALID, "Adresse: ungültige Adress-ID %d", r.AddressID)
	case r.Address == "":
		return r, geo.Errorf(geo.EINVALID, "Adresse: bitte die Adresse angeben (Straße, Hausnummer, Ort)")
	case utf8.RuneCountInString(r.Address) > MaxReportAddress:
		return r, geo.Errorf(geo.EINVALID, "Adresse: höchstens %d Zeichen", MaxReportAddress)
	case r.Text == "" && r.Kind != ReportMissingAddress:
		return r, geo.Errorf(geo.EINVALID, "Beschreibung: bitte kurz beschreiben, was nicht stimmt")
	case utf8.RuneCountInString(r.Text) > MaxReportText:
		return r, geo.Errorf(geo.EINVALID, "Beschreibung: höchstens %s Zeichen (eingegeben: %s)",
			Thousands(MaxReportText), Thousands(int64(utf8.RuneCountInString(r.Text))))
	case len(r.Email) > MaxReportEmail:
		return r, geo.Errorf(geo.EINVALID, "E-Mail: höchstens %d Zeichen", MaxReportEmail)
	}
	if r.Email != "" {
		a, err := mail.ParseAddress(r.Email)
		if err != nil || a.Address != r.Email || a.Name != "" {
			return r, geo.Errorf(geo.EINVALID, "E-Mail: „%s“ ist keine E-Mail-Adresse (das Feld darf leer bleiben)", r.Email)
		}
	}
	if r.HasPosition && (r.Lon < -180 || r.Lon > 180 || r.Lat < -90 || r.Lat > 90 || r.Lon != r.Lon || r.Lat != r.Lat) {
		return r, geo.Errorf(geo.EINVALID, "Kartenposition: Länge %g / Breite %g liegt außerhalb der Erde", r.Lon, r.Lat)
	}
	if !r.HasPosition {
		r.Lon, r.Lat = 0, 0
	}
	return r, nil
}

// CleanAnswer checks and trims the office's answer to a report.
func CleanAnswer(answer string) (string, error) {
	answer = cleanText(answer, true)
	if utf8.RuneCountInString(answer) > MaxReportAnswer {
		return "", geo.Errorf(geo.EINVALID, "Antwort: höchstens %s Zeichen", Thousands(MaxReportAnswer))
	}
	return answer, nil
}

// cleanText drops invalid UTF-8 and control characters (keeping line
// breaks when multiline, as "\n") and trims blanks.
func cleanText(s string, multiline bool) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' && multiline:
			b.WriteRune(r)
		case r == '\n' || r == '\t' || r == '\r':
			b.WriteRune(' ')
		case unicode.IsControl(r), r == '\u2028', r == '\u2029', unicode.Is(unicode.Cf, r) && r != '\u00ad':
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// ReportCounts are the reports of a period: received in it, closed in it,
// and open at its end.
type ReportCounts struct {
	Received, Closed, Open int
}

// CountReports counts rs over the days after since up to and including
// until (days as this package keeps them, UTC midnight; a zero since
// counts from the beginning). A report's times count on their day in
// Europe/Berlin. The council workbook and the office's queue page show
// these numbers.
func CountReports(rs []CitizenReport, since, until time.Time) ReportCounts {
	last := Day(until)
	var first time.Time
	if !since.IsZero() {
		first = Day(since).AddDate(0, 0, 1)
	}
	in := func(t time.Time) bool {
		if t.IsZero() {
			return false
		}
		d := Today(t)
		return !d.Before(first) && !d.After(last)
	}
	var n ReportCounts
	for _, r := range rs {
		if in(r.CreatedAt) {
			n.Received++
		}
		if in(r.ClosedAt) {
			n.Closed++
		}
		if !Today(r.CreatedAt).After(last) && (r.ClosedAt.IsZero() || Today(r.ClosedAt).After(last)) {
			n.Open++
		}
	}
	return n
}
