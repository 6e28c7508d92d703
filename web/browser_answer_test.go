package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"gigaplan/campaigns"
	"gigaplan/data/demo"
	"gigaplan/geo"
)

// Browser tests of issue 16's honest colours and the citizen's answer:
// the legend and the table "Ortsteile im Überblick" (at 1280 and 390 px,
// and without JavaScript), the map's state colours and name labels, and
// the answer's Stand, deadline with year and days left, info evening,
// contact, green "Quote erreicht", the explanation outside every Ortsteil,
// and the English page without a German sentence.

// areaFills are map.js's area state colours (AREA) at fill-opacity 0.75
// over its background #f4f4f1.
func areaFills(hexes ...string) [][3]int {
	bg := [3]int{0xf4, 0xf4, 0xf1}
	var out [][3]int
	for _, hex := range hexes {
		var c [3]int
		fmt.Sscanf(hex, "#%02x%02x%02x", &c[0], &c[1], &c[2])
		for i := range c {
			c[i] = int(0.75*float64(c[i]) + 0.25*float64(bg[i]) + 0.5)
		}
		out = append(out, c)
	}
	return out
}

// setWidth emulates a window of width × height CSS pixels.
func setWidth(t *testing.T, ctx context.Context, width, height int64, mobile bool) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: width, Height: height, DeviceScaleFactor: 1, Mobile: mobile}); err != nil {
		t.Fatal(err)
	}
}

// testStateMap: the legend names the five states, the map paints the
// districts in their state's colour with name labels, and the table
// "Ortsteile im Überblick" lists every Ortsteil with state, quota as text
// and bar, and deadline; at 390 px nothing scrolls sideways, and without
// JavaScript the table is still there.
func (app *browserApp) testStateMap(t *testing.T) {
	ctx := app.tab(t)
	bg := context.Background()
	setWidth(t, ctx, 1280, 900, false)
	must(t, ctx, "open /", chromedp.Navigate(app.url+townPage), chromedp.WaitVisible(chromedp.CSS("#map canvas")), chromedp.WaitVisible(chromedp.ID("overview")))

	legend := mustRun(t, ctx, "legend", chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll('.legend-list')[0].querySelectorAll('li')).map(function(li){return li.textContent.trim()})`))
	want := []string{"Vorvermarktung läuft", "Quote erreicht", "Quote nicht erreicht", "Ausbau zugesagt, im Bau oder versorgt", "keine Planung"}
	if strings.Join(legend, "|") != strings.Join(want, "|") {
		t.Errorf("legend %q, want %q", legend, want)
	}
	// The legend's swatches differ in more than hue: "nicht erreicht" is
	// hatched, the others differ in lightness.
	type swatch struct{ Bg, Image string }
	sw := mustRun(t, ctx, "swatches", chromedp.Evaluate[[]swatch](
		`Array.from(document.querySelectorAll('.legend-list')[0].querySelectorAll('.swatch')).map(function(s){var c=getComputedStyle(s);return {Bg:c.backgroundColor,Image:c.backgroundImage}})`))
	if len(sw) != 5 || !strings.Contains(sw[2].Image, "repeating-linear-gradient") {
		t.Errorf("legend swatches %+v: want five, the third hatched", sw)
	} else {
		lum := map[float64]bool{}
		for i, s := range sw {
			if i == 2 {
				continue
			}
			var r, g, b float64
			fmt.Sscanf(s.Bg, "rgb(%g, %g, %g)", &r, &g, &b)
			l := float64(int((0.2126*r+0.7152*g+0.0722*b)/20)) * 20 // 20-step bands
			if lum[l] {
				t.Errorf("legend swatch %d (%s) has the lightness of another", i, s.Bg)
			}
			lum[l] = true
		}
	}

	// The table: one row per Ortsteil, each state as the campaigns decide.
	type row struct{ Name, State, Text, Quota, Deadline, Label string }
	rows := mustRun(t, ctx, "table", chromedp.Evaluate[[]row](`Array.from(document.querySelectorAll('#overview tbody tr')).map(function(tr){
		var td=tr.querySelectorAll('td');return {Name:tr.querySelector('th').textContent.trim(),State:tr.dataset.state,Text:td[0].textContent.trim(),
		Quota:td[1].textContent.trim(),Deadline:td[2].textContent.trim(),Label:tr.dataset.label}})`))
	districts, err := app.st.Areas(bg, geo.KindDistrict)
	if err != nil {
		t.Fatal(err)
	}
	town, err := app.st.AreaByName(bg, geo.KindMunicipality, demo.TownName)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]row{}
	for _, r := range rows {
		byName[r.Name] = r
	}
	for _, d := range districts {
		if _, ok := byName[d.Name]; !ok && d.Municipality == town.ID {
			t.Errorf("the table lacks Ortsteil %s", d.Name)
		}
	}
	figs, err := app.svc.Figures(bg, app.camp, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	states := map[campaigns.AreaState]bool{}
	for _, f := range figs.Areas {
		r, ok := byName[f.AreaName]
		if !ok {
			continue
		}
		st := campaigns.AreaStateOf(f.Status, f.Needed, f.Target)
		states[st] = true
		of := campaigns.Percent(f.Quota) + " von " + campaigns.Percent(f.Threshold)
		if r.State != string(st) {
			t.Errorf("%s: state %q, want %q", f.AreaName, r.State, st)
		}
		if st != campaigns.AreaBuilt && !strings.HasPrefix(r.Quota, of) {
			t.Errorf("%s: quota %q, want %q as text", f.AreaName, r.Quota, of)
		}
		if st != campaigns.AreaBuilt && r.Label != f.AreaName+" · "+of {
			t.Errorf("%s: map label %q, want %q", f.AreaName, r.Label, f.AreaName+" · "+of)
		}
	}
	// Elgershofen, 25 % of 33 % and parked: "nicht erreicht", not nearly done.
	if r := byName["Elgershofen"]; r.State != "missed" || !strings.HasPrefix(r.Text, "Quote nicht erreicht") {
		t.Errorf("Elgershofen: %+v, want missed", r)
	}
	running := byName[app.area.AreaName]
	if wantDL := campaigns.GermanDate(app.camp.CurrentDeadline()); !strings.HasPrefix(running.Deadline, wantDL) || !strings.Contains(running.Deadline, "noch ") {
		t.Errorf("%s: deadline %q, want %s with the days left", app.area.AreaName, running.Deadline, wantDL)
	}
	if len(states) < 2 {
		t.Errorf("the demo campaign shows only the states %v", states)
	}

	// The map: the districts in their state colours, and the labels.
	fills := areaFills("#1b8a5a", "#f5c04a", "#0b4f8a", "#e3e3e3")
	var shot []byte
	var matching int
	for deadline := time.Now().Add(12 * time.Second); ; {
		shot = mustRun(t, ctx, "map screenshot", chromedp.Screenshot(chromedp.CSS("#map canvas")))
		_, matching = mapColours(t, shot, fills, 4)
		if matching > 2000 || time.Now().After(deadline) {
			break
		}
		time.Sleep(300 * time.Millisecond)
	}
	if err := os.WriteFile(filepath.Join(t.ArtifactDir(), "state-map-canvas.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
	if matching <= 2000 {
		t.Errorf("map canvas: %d pixels in an area state colour, want > 2000", matching)
	}
	labels := mustRun(t, ctx, "labels", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#map .area-label')).map(function(e){return e.textContent})`))
	if !containsString(labels, running.Label) {
		t.Errorf("map labels %q lack %q", labels, running.Label)
	}
	zoom := mustRun(t, ctx, "labels shown", chromedp.Evaluate[bool](`!document.getElementById('map').classList.contains('labels-off')`))
	t.Logf("%d rows, %d labels (shown: %v), %d state-coloured pixels", len(rows), len(labels), zoom, matching)
	// A click on an Ortsteil (at its label) opens a popup with its name
	// and the table row's facts.
	type box struct{ X, Y float64 }
	at := mustRun(t, ctx, "label position", chromedp.Evaluate[box](`(function(){var e=Array.from(document.querySelectorAll('#map .area-label')).filter(function(e){return e.textContent.indexOf('Elgershofen ·')===0})[0];
		if(!e){return {X:0,Y:0}};var b=e.getBoundingClientRect();return {X:b.left+b.width/2,Y:b.top+b.height/2}})()`))
	if at.X == 0 {
		t.Fatal("no label for Elgershofen on the map")
	}
	type popup struct{ Title, Text string }
	var pop popup
	for deadline := time.Now().Add(8 * time.Second); time.Now().Before(deadline); {
		must(t, ctx, "click Elgershofen", chromedp.MouseClickXY(at.X, at.Y))
		time.Sleep(300 * time.Millisecond)
		pop = mustRun(t, ctx, "popup", chromedp.Evaluate[popup](`(function(){var p=document.querySelector('.maplibregl-popup-content');
			return p?{Title:(p.querySelector('strong')||{}).textContent||'',Text:p.textContent}:{}})()`))
		if pop.Title != "" {
			break
		}
	}
	if r, ok := byName[pop.Title]; !ok {
		t.Errorf("popup %+v names no Ortsteil of the table", pop)
	} else if popupText := mustRun(t, ctx, "row popup", chromedp.Evaluate[string](fmt.Sprintf(
		`Array.from(document.querySelectorAll('#overview tbody tr')).filter(function(tr){return tr.dataset.name===%q})[0].dataset.popup`, r.Name))); !strings.Contains(pop.Text, popupText) {
		t.Errorf("popup %q, want %q", pop.Text, popupText)
	}
	screenshot(t, ctx, "state-map-1280")
	checkAxe(t, ctx, "/ with the Ortsteil table")

	// At 390 px: nothing scrolls sideways; the table scrolls in its box.
	setWidth(t, ctx, 390, 844, true)
	must(t, ctx, "open / at 390 px", chromedp.Navigate(app.url+townPage), chromedp.WaitVisible(chromedp.ID("overview")), chromedp.WaitVisible(chromedp.CSS("#map canvas")))
	if d := mustRun(t, ctx, "row display", chromedp.Evaluate[string](`getComputedStyle(document.querySelector('#overview tbody tr')).display`)); d != "grid" {
		t.Errorf("the table's rows at 390 px display as %q, want cards (grid)", d)
	}
	if w := mustRun(t, ctx, "page width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("/ at 390 px is %d px wide", w)
	}
	screenshot(t, ctx, "state-map-390")

	// Without JavaScript (so without the map) the table is there.
	setWidth(t, ctx, 1280, 900, false)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	must(t, ctx, "open / without JavaScript", chromedp.Navigate(app.url+townPage), chromedp.WaitVisible(chromedp.ID("overview")))
	if n := mustRun(t, ctx, "rows", chromedp.Evaluate[int](`document.querySelectorAll('#overview tbody tr').length`)); n != len(rows) {
		t.Errorf("without JavaScript: %d rows, want %d", n, len(rows))
	}
	screenshot(t, ctx, "state-table-nojs")
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// testAnswer: the answer's Stand, deadline with year and days left, info
// evening and the office's contact; the green badge of a reached quota;
// the explanation outside every Ortsteil; the English page without a
// German sentence.
func (app *browserApp) testAnswer(t *testing.T) {
	ctx := app.tab(t)
	bg := context.Background()
	today := app.svc.Today()
	evening := campaigns.Outreach{CampaignID: app.camp.ID, AreaID: app.area.AreaID, Date: today.AddDate(0, 0, 6),
		Kind: campaigns.OutreachInfoEvening, Title: "Infoabend in der Festhalle " + app.area.AreaName}
	if _, err := app.svc.AddOutreach(bg, app.camp, evening); err != nil {
		t.Fatal(err)
	}
	cov, err := app.svc.Coverage(bg, app.addr.ID)
	if err != nil {
		t.Fatal(err)
	}
	figs, err := app.svc.Figures(bg, app.camp, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var last time.Time
	for _, f := range figs.Areas {
		if f.AreaID == app.area.AreaID {
			last = f.LastEntry
		}
	}
	days := int(campaigns.Day(cov.Deadline).Sub(today).Hours() / 24)

	for _, width := range []int64{1280, 390} {
		setWidth(t, ctx, width, 900, width < 600)
		must(t, ctx, "permalink", chromedp.Navigate(fmt.Sprintf("%s/adresse/%d", app.url, app.addr.ID)), chromedp.WaitVisible(chromedp.CSS("#answer .message")))
		text := func(sel string) string {
			return strings.TrimSpace(mustRun(t, ctx, sel, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q)||{}).textContent||''`, sel))))
		}
		if got, want := text("#answer .as-of"), campaigns.GermanDate(last); got != want {
			t.Errorf("Stand %q, want the latest figures' date %q", got, want)
		}
		if got, want := text("#answer .deadline"), fmt.Sprintf("bis %s, noch %d Tage", cov.Deadline.Format("02.01.2006"), days); got != want {
			t.Errorf("deadline %q, want %q", got, want)
		}
		if got := text("#answer .events"); !strings.Contains(got, evening.Title) || !strings.Contains(got, campaigns.GermanDate(evening.Date)) {
			t.Errorf("info evenings %q lack %q", got, evening.Title)
		}
		type link struct{ Href, Text string }
		if l := mustRun(t, ctx, "sign-up link", chromedp.Evaluate[link](`(function(){var a=document.querySelector('#answer .signup a');return a?{Href:a.href,Text:a.textContent}:{}})()`)); l.Href != demo.SignupFTTH || l.Text != "Zum Vertragsabschluss bei "+app.camp.Provider {
			t.Errorf("sign-up link %+v, want %s", l, demo.SignupFTTH)
		}
		if got := text("#answer .answer-contact"); !strings.Contains(got, "Stabsstelle Breitbandausbau") || !strings.Contains(got, "0781 123-456") {
			t.Errorf("contact %q", got)
		}
		if got := text(".site-footer"); !strings.Contains(got, "Impressum") || !strings.Contains(got, "Datenschutz") || !strings.Contains(got, "Erklärung zur Barrierefreiheit") {
			t.Errorf("footer %q lacks the legal pages", got)
		}
		if w := mustRun(t, ctx, "page width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > int(width) {
			t.Errorf("the answer at %d px is %d px wide", width, w)
		}
		screenshot(t, ctx, fmt.Sprintf("answer-running-%d", width))
	}
	setWidth(t, ctx, 1280, 900, false)
	checkAxe(t, ctx, "the answer with Stand, deadline and info evening")

	// A reached quota: the green badge "Quote erreicht".
	reached := app.addressWhere(t, func(cov campaigns.Coverage) bool {
		return cov.State == campaigns.CoveragePreMarketing && campaigns.AreaStateOf(cov.Status, cov.Needed, cov.Target) == campaigns.AreaReached
	})
	must(t, ctx, "reached permalink", chromedp.Navigate(fmt.Sprintf("%s/adresse/%d", app.url, reached.ID)), chromedp.WaitVisible(chromedp.CSS("#answer .badge")))
	type badge struct{ Text, Bg, Class string }
	b := mustRun(t, ctx, "badge", chromedp.Evaluate[badge](`(function(){var e=document.querySelector('#answer .badge');return {Text:e.textContent,Bg:getComputedStyle(e).backgroundColor,Class:e.className}})()`))
	var r, g, bl int
	fmt.Sscanf(b.Bg, "rgb(%d, %d, %d)", &r, &g, &bl)
	if b.Text != "Quote erreicht" || !strings.Contains(b.Class, "badge-reached") || g <= r || g <= bl {
		t.Errorf("reached badge %+v, want a green „Quote erreicht“", b)
	}
	screenshot(t, ctx, "answer-reached")
	checkAxe(t, ctx, "the reached answer")

	// Outside every Ortsteil: why there is no plan.
	var outside geo.Address
	for a, err := range app.st.Addresses(bg, geo.AddressFilter{Unassigned: true}) {
		if err != nil {
			t.Fatal(err)
		}
		if a.City == demo.TownName { // the town's office answers for it
			outside = a
			break
		}
	}
	if outside.ID == 0 {
		t.Fatal("the demo has no address outside every Ortsteil")
	}
	must(t, ctx, "outside permalink", chromedp.Navigate(fmt.Sprintf("%s/adresse/%d", app.url, outside.ID)), chromedp.WaitVisible(chromedp.CSS("#answer .message")))
	if got := mustRun(t, ctx, "outside", chromedp.Evaluate[string](`(document.querySelector('#answer .outside')||{}).textContent||''`)); !strings.HasPrefix(got, "Diese Adresse liegt außerhalb der Ortsteile, für die das Breitbandbüro Vermarktungen verfolgt") {
		t.Errorf("outside every Ortsteil: %q", got)
	}
	if got := mustRun(t, ctx, "contact", chromedp.Evaluate[string](`(document.querySelector('#answer .answer-contact')||{}).textContent||''`)); !strings.Contains(got, "breitband@musterstadt.example") {
		t.Errorf("outside every Ortsteil: contact %q, want the office's", got)
	}
	screenshot(t, ctx, "answer-outside")

	// The English page: no German sentence left, beyond names.
	must(t, ctx, "English permalink", chromedp.Navigate(fmt.Sprintf("%s/adresse/%d?lang=en", app.url, app.addr.ID)), chromedp.WaitVisible(chromedp.CSS("#answer .message")))
	body := mustRun(t, ctx, "text", chromedp.Evaluate[string](`document.body.innerText`))
	german := regexp.MustCompile(`\b(Vorvermarktung|noch|Stand|Frist|Anbieter|Ortsteile?|Tage|erreicht|nötig|Karte|Legende|Überblick|Quote|Infoabende|Fragen|Telefon|Datenschutz|Impressum|Gewerbegebiet|Planung|bis|von)\b`)
	// Names from the data (provider, campaign, areas, town, contact lines)
	// may be German.
	names := []string{app.camp.Name, app.camp.Provider, "Stabsstelle Breitbandausbau", "Rathaus, Marktplatz 1", "Stadt Musterstadt", evening.Title}
	all, err := app.st.Areas(bg, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		names = append(names, a.Name)
	}
	clean := body
	for _, n := range names {
		clean = strings.ReplaceAll(clean, n, "")
	}
	if m := german.FindAllString(clean, -1); len(m) > 0 {
		t.Errorf("the English page keeps German words %q", m)
	}
	if !strings.Contains(body, fmt.Sprintf("until %s, %d days left", cov.Deadline.Format("02.01.2006"), days)) {
		t.Errorf("the English page lacks the deadline with its days left")
	}
	screenshot(t, ctx, "answer-en")
	checkAxe(t, ctx, "the English answer")
}

// addressWhere returns the first address of a district (as
// firstAddresses picks them) whose coverage satisfies ok.
func (app *browserApp) addressWhere(t *testing.T, ok func(campaigns.Coverage) bool) geo.Address {
	t.Helper()
	addrs, _ := firstAddresses(t, app.st)
	for _, a := range addrs {
		cov, err := app.svc.Coverage(context.Background(), a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ok(cov) {
			return a
		}
	}
	t.Fatal("no such address in the demo")
	return geo.Address{}
}
