package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"gigaplan/campaigns"
)

// testCitizenReport: from an address's answer a citizen opens "Angabe
// falsch? Adresse fehlt?", sends the form once without a description
// (the error summary takes focus and links to the field), then with one;
// an editor finds the report in the office's queue with its address and
// map link and closes it with an answer. axe-core on every page; the
// queue fits 390 px.
func (app *browserApp) testCitizenReport(t *testing.T) {
	ctx := app.tab(t)
	a := app.addr
	must(t, ctx, "permalink", chromedp.Navigate(fmt.Sprintf("%s/adresse/%d", app.url, a.ID)), chromedp.WaitVisible(chromedp.ID("report-link")))
	if href := mustRun(t, ctx, "link", chromedp.Evaluate[string](`document.getElementById('report-link').getAttribute('href')`)); href != fmt.Sprintf("/meldung?adresse=%d", a.ID) {
		t.Errorf("report link %q", href)
	}
	must(t, ctx, "open the form", chromedp.Click(chromedp.ID("report-link")), chromedp.WaitVisible(chromedp.ID("report-text")))
	if v := mustRun(t, ctx, "address", chromedp.Evaluate[string](`document.getElementById('report-address').value`)); v != a.Label() {
		t.Errorf("address field %q, want %q", v, a.Label())
	}
	if d := mustRun(t, ctx, "honeypot", chromedp.Evaluate[string](`getComputedStyle(document.querySelector('.hp')).display`)); d != "none" {
		t.Errorf("the honeypot shows (display %s)", d)
	}
	screenshot(t, ctx, "citizen-report-form")
	checkAxe(t, ctx, "the report form")

	// Sent without a description: the summary takes focus.
	time.Sleep(350 * time.Millisecond) // the form's minimum age
	must(t, ctx, "send empty", chromedp.Click(chromedp.CSS(".report-form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	type focus struct{ Class, Summary string }
	fo := mustRun(t, ctx, "focus", chromedp.Evaluate[focus](`({Class: document.activeElement.className, Summary: document.querySelector('.error-summary').textContent})`))
	if fo.Class != "error-summary" || !strings.Contains(fo.Summary, "Beschreibung: bitte kurz beschreiben") {
		t.Errorf("after an empty send: focus on %q, summary %q", fo.Class, fo.Summary)
	}
	screenshot(t, ctx, "citizen-report-error")
	checkAxe(t, ctx, "the report form with an error")
	must(t, ctx, "follow the summary", chromedp.Click(chromedp.CSS(".error-summary a")))
	if id := mustRun(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.id`)); id != "report-text" {
		t.Errorf("the summary's link focuses %q, want the description", id)
	}
	text := "Browsertest: Hier liegt seit Mai Glasfaser."
	must(t, ctx, "send", chromedp.SendKeys(chromedp.ID("report-text"), text),
		chromedp.Click(chromedp.CSS(".report-form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("p.notice")))
	if txt := mustRun(t, ctx, "receipt", chromedp.Text(chromedp.CSS("p.notice"))); !strings.HasPrefix(txt, "Ihre Meldung ist beim Breitbandbüro eingegangen.") {
		t.Errorf("receipt %q", txt)
	}
	screenshot(t, ctx, "citizen-report-thanks")
	checkAxe(t, ctx, "the report receipt")
	rs, err := app.st.CitizenReports(context.Background(), campaigns.ReportFilter{State: campaigns.ReportsOpen})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0].AddressID != a.ID || rs[0].Text != text || !rs[0].HasPosition {
		t.Fatalf("stored %+v", rs)
	}

	// The office: an editor closes it.
	must(t, ctx, "login", chromedp.Navigate(app.url+"/login?next=/buero/meldungen"), chromedp.WaitVisible(chromedp.ID("name")),
		chromedp.SendKeys(chromedp.ID("name"), editorName), chromedp.SendKeys(chromedp.ID("password"), editorPassword),
		chromedp.Focus(chromedp.ID("password")), pressEnter(), chromedp.WaitVisible(chromedp.CSS(".report-queue")))
	item := fmt.Sprintf("#meldung-%d", rs[0].ID)
	if txt := mustRun(t, ctx, "queue", chromedp.Text(chromedp.CSS(item))); !strings.Contains(txt, a.Label()) || !strings.Contains(txt, text) || !strings.Contains(txt, "Adresse auf der Karte") {
		t.Errorf("queue item %q", txt)
	}
	screenshot(t, ctx, "office-reports")
	checkAxe(t, ctx, "/buero/meldungen")
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: 390, Height: 844, DeviceScaleFactor: 1, Mobile: true}); err != nil {
		t.Fatal(err)
	}
	must(t, ctx, "at 390 px", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(item)))
	if w := mustRun(t, ctx, "page width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("/buero/meldungen at 390 px is %d px wide", w)
	}
	screenshot(t, ctx, "office-reports-390")
	if _, err := chromedp.Call(ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	answer := "Geprüft, der Status wird korrigiert."
	must(t, ctx, "close", chromedp.SendKeys(chromedp.ID(fmt.Sprintf("antwort-%d", rs[0].ID)), answer),
		chromedp.Click(chromedp.CSS(item+" .report-close button")), chromedp.WaitVisible(chromedp.CSS("p.notice")))
	if txt := mustRun(t, ctx, "notice", chromedp.Text(chromedp.CSS("p.notice"))); txt != fmt.Sprintf("Meldung %d ist erledigt.", rs[0].ID) {
		t.Errorf("notice %q", txt)
	}
	screenshot(t, ctx, "office-reports-closed")
	got, err := app.st.CitizenReport(context.Background(), rs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Open() || got.ClosedBy != editorName || got.Answer != answer {
		t.Errorf("closed report %+v", got)
	}
}
