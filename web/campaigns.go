package web

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

type campaignJSON struct {
	ID        int64   `json:"id"`
	Provider  string  `json:"provider"`
	Name      string  `json:"name"`
	Counting  string  `json:"counting"`
	Threshold float64 `json:"threshold"`
	Start     string  `json:"start"`
	Deadline  string  `json:"deadline"` // current deadline
	// OriginalDeadline is the deadline before any extension.
	OriginalDeadline string          `json:"originalDeadline"`
	Extensions       []extensionJSON `json:"extensions"`
	Status           string          `json:"status"`
	StatusLabel      string          `json:"statusLabel"`
	Version          int             `json:"version"`
}

type extensionJSON struct {
	Deadline string `json:"deadline"`
	Decided  string `json:"decided"`
	Reason   string `json:"reason"`
}

type figuresJSON struct {
	AreaID              int64         `json:"areaId,omitempty"`
	Area                string        `json:"area"`
	Kind                string        `json:"kind,omitempty"`
	Status              string        `json:"status"`
	StatusLabel         string        `json:"statusLabel"`
	Denominator         int           `json:"denominator"`
	OverlayDenominator  int           `json:"overlayDenominator"`
	ProviderDenominator int           `json:"providerDenominator"`
	DenominatorDiff     int           `json:"denominatorDiff"`
	Signups             int           `json:"signups"`
	Facilities          int           `json:"facilities"`
	Quota               float64       `json:"quota"`
	Threshold           float64       `json:"threshold"`
	Target              int           `json:"target"`
	Gap                 int           `json:"gap"`
	DaysLeft            int           `json:"daysLeft"`
	PaceNeeded          *float64      `json:"paceNeeded"`
	RecentPace          float64       `json:"recentPace"`
	Forecast            *string       `json:"forecast"`
	ForecastModel       string        `json:"forecastModel"`
	Rating              string        `json:"rating"`
	History             []historyJSON `json:"history"`
}

// eventJSON is a dated decision of a campaign (campaigns.Event).
type eventJSON struct {
	ID        int64  `json:"id"`
	AreaID    int64  `json:"areaId,omitempty"`
	Kind      string `json:"kind"`
	Effective string `json:"effective"`
	From      string `json:"from"`
	To        string `json:"to"`
	Override  bool   `json:"override,omitempty"`
	Corrects  int64  `json:"corrects,omitempty"`
	Reason    string `json:"reason"`
	EnteredBy string `json:"enteredBy"`
	EnteredAt string `json:"enteredAt"`
	Text      string `json:"text"`
}

func toEventJSON(e campaigns.Event) eventJSON {
	return eventJSON{ID: e.ID, AreaID: e.AreaID, Kind: string(e.Kind), Effective: day(e.Effective), From: e.From, To: e.To,
		Override: e.Override, Corrects: e.Corrects, Reason: e.Reason, EnteredBy: e.EnteredBy,
		EnteredAt: e.EnteredAt.UTC().Format(time.RFC3339), Text: e.German()}
}

type historyJSON struct {
	Date  string `json:"date"`
	Count int    `json:"count"`
}

type outreachJSON struct {
	Date   string `json:"date"`
	Kind   string `json:"kind"`
	Title  string `json:"title"`
	AreaID int64  `json:"areaId,omitempty"`
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

func toCampaignJSON(c *campaigns.Campaign) campaignJSON {
	st := make([]campaigns.Status, len(c.Areas))
	for i, a := range c.Areas {
		st[i] = a.Status
	}
	overall := campaigns.Overall(st)
	out := campaignJSON{ID: c.ID, Provider: c.Provider, Name: c.Name, Counting: string(c.Counting), Threshold: c.Threshold,
		Start: day(c.Start), Deadline: day(c.CurrentDeadline()), OriginalDeadline: day(c.Deadline),
		Extensions: []extensionJSON{}, Status: string(overall), StatusLabel: overall.German(), Version: c.Version}
	for _, x := range c.Extensions {
		out.Extensions = append(out.Extensions, extensionJSON{day(x.Deadline), day(x.Decided), x.Reason})
	}
	return out
}

func toFiguresJSON(f campaigns.AreaFigures) figuresJSON {
	out := figuresJSON{AreaID: f.AreaID, Area: f.AreaName, Kind: string(f.AreaKind), Status: string(f.Status), StatusLabel: f.Status.German(),
		Denominator: f.Denominator, OverlayDenominator: f.OverlayDenominator, ProviderDenominator: f.ProviderDenominator,
		DenominatorDiff: f.DenominatorDiff, Signups: f.Signed, Facilities: f.Facilities, Quota: f.Quota, Threshold: f.Threshold,
		Target: f.Target, Gap: f.Needed, DaysLeft: f.DaysLeft, RecentPace: f.RecentPace, ForecastModel: string(f.Forecast.Model),
		Rating: string(f.Rating), History: []historyJSON{}}
	if !math.IsInf(f.PaceNeeded, 0) {
		p := f.PaceNeeded
		out.PaceNeeded = &p
	}
	if f.Forecast.Reachable {
		d := day(f.Forecast.Date)
		out.Forecast = &d
	}
	for _, s := range f.History {
		out.History = append(out.History, historyJSON{day(s.Date), s.Count})
	}
	return out
}

// listCampaigns serves GET /api/v1/campaigns.
func (s *Server) listCampaigns(c *gin.Context) error {
	all, err := s.camps.Store.Campaigns(c.Request.Context())
	if err != nil {
		return err
	}
	out := make([]campaignJSON, 0, len(all))
	for _, cp := range all {
		out = append(out, toCampaignJSON(cp))
	}
	c.JSON(http.StatusOK, gin.H{"campaigns": out})
	return nil
}

// campaign serves GET /api/v1/campaigns/{id}: per-area figures, pooled
// total, history and outreach events.
func (s *Server) campaign(c *gin.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		return geo.Errorf(geo.EINVALID, "ungültige Kampagnen-ID %q", c.Param("id"))
	}
	ctx := c.Request.Context()
	cp, err := s.camps.Store.Campaign(ctx, id)
	if err != nil {
		return err
	}
	var asOf time.Time
	if v := c.Query("asOf"); v != "" {
		if asOf, err = campaigns.ParseDate(v); err != nil {
			return geo.Errorf(geo.EINVALID, "asOf: %v", err)
		}
	}
	f, err := s.camps.Figures(ctx, cp, asOf)
	if err != nil {
		return err
	}
	areas := make([]figuresJSON, 0, len(f.Areas))
	for _, a := range f.Areas {
		areas = append(areas, toFiguresJSON(a))
	}
	events := make([]outreachJSON, 0, len(f.Outreach))
	for _, o := range f.Outreach {
		events = append(events, outreachJSON{day(o.Date), string(o.Kind), o.Title, o.AreaID})
	}
	decisions := make([]eventJSON, 0, len(f.Campaign.Events))
	for _, e := range f.Campaign.Events {
		if !e.Effective.After(f.AsOf) {
			decisions = append(decisions, toEventJSON(e))
		}
	}
	c.JSON(http.StatusOK, gin.H{"campaign": toCampaignJSON(f.Campaign), "asOf": day(f.AsOf), "areas": areas,
		"total": toFiguresJSON(f.Total), "outreach": events, "events": decisions})
	return nil
}

// coverage serves GET /api/v1/addresses/{id}/coverage.
func (s *Server) coverage(c *gin.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		return geo.Errorf(geo.EINVALID, "ungültige Adress-ID %q", c.Param("id"))
	}
	cov, err := s.camps.Coverage(c.Request.Context(), id)
	if err != nil {
		return err
	}
	type itemJSON struct {
		Campaign string  `json:"campaign"`
		Provider string  `json:"provider"`
		Area     string  `json:"area"`
		Status   string  `json:"status"`
		State    string  `json:"state"`
		Quota    float64 `json:"quota"`
	}
	items := make([]itemJSON, 0, len(cov.Campaigns))
	for _, it := range cov.Campaigns {
		items = append(items, itemJSON{it.Campaign, it.Provider, it.Area, string(it.Status), string(it.State), it.Quota})
	}
	out := gin.H{"addressId": id, "state": cov.State, "message": cov.Message, "campaigns": items}
	// The deciding campaign, in every state that has one (not only
	// pre-marketing): who builds, who is building, whose campaign missed.
	if cov.Provider != "" {
		out["provider"], out["campaign"], out["area"] = cov.Provider, cov.Campaign, cov.Area
	}
	if cov.State == campaigns.CoveragePreMarketing {
		out["quota"], out["threshold"], out["signups"], out["target"], out["gap"] = cov.Quota, cov.Threshold, cov.Signed, cov.Target, cov.Needed
		// As every surface shows them (campaigns.Percent).
		out["quotaText"], out["thresholdText"] = campaigns.Percent(cov.Quota), campaigns.Percent(cov.Threshold)
		out["deadline"] = day(cov.Deadline)
	}
	c.JSON(http.StatusOK, out)
	return nil
}
