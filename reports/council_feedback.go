package reports

// The citizens' reports on the council workbook's cover: one line with
// how many came in, were closed and are open since the last meeting.

import (
	"context"
	"time"

	"gigaplan/campaigns"
)

// feedbackCounts counts the citizens' reports of the store behind svc
// (when it keeps them) from since (zero: from the first) to asOf, of the
// municipality scope holds (nil: all). It returns nil when the store keeps
// none or has none: the cover then has no line.
func feedbackCounts(ctx context.Context, svc *campaigns.Service, scope map[int64]bool, since, asOf time.Time) (*campaigns.ReportCounts, error) {
	rs, ok := svc.Store.(campaigns.CitizenReportStore)
	if !ok {
		return nil, nil
	}
	all, err := rs.CitizenReports(ctx, campaigns.ReportFilter{Limit: 1 << 30})
	if err != nil {
		return nil, err
	}
	if scope != nil {
		n := 0
		for _, r := range all {
			if scope[r.Municipality] {
				all[n] = r
				n++
			}
		}
		all = all[:n]
	}
	if len(all) == 0 {
		return nil, nil
	}
	c := campaigns.CountReports(all, since, asOf)
	return &c, nil
}

// FeedbackLine is the cover's line on the citizens' reports.
func FeedbackLine(c campaigns.ReportCounts, since, asOf time.Time) string {
	head := "Meldungen aus der Adressauskunft („Angabe falsch? Adresse fehlt?“)"
	if !since.IsZero() {
		head += " seit der letzten Sitzung"
	} else {
		head += " bis " + asOf.Format("02.01.2006")
	}
	return head + ": " + campaigns.Thousands(int64(c.Received)) + " eingegangen, " + campaigns.Thousands(int64(c.Closed)) +
		" erledigt, " + campaigns.Thousands(int64(c.Open)) + " offen am " + asOf.Format("02.01.2006") + "."
}
