package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"gigaplan/campaigns"
	"gigaplan/data/demo"
	"gigaplan/data/sqlite"
	"gigaplan/geo"
	"gigaplan/web"
)

// Browser tests: Debian's headless Chromium driven by chromedp against the
// app on an in-process server over the demo town. They skip only when no
// Chromium is installed (/usr/bin/chromium, or $GIGAPLAN_CHROMIUM); CI
// installs it. With `go test -artifacts` the screenshots of every page stay
// in the test's artifact directory.

// chromiumFlags start Chromium headless on a closed network: without the
// background-networking flags it tries to reach Google's services and the
// network refuses. With --disable-gpu, Debian's Chromium 156 already renders
// WebGL with SwiftShader through ANGLE (Vulkan); the SwiftShader flags ask
// for that explicitly, as Chrome has deprecated the implicit fallback.
var chromiumFlags = map[string]any{
	"headless":                      true,
	"no-sandbox":                    true,
	"disable-gpu":                   true,
	"disable-quic":                  true,
	"no-first-run":                  true,
	"no-default-browser-check":      true,
	"disable-background-networking": true,
	"disable-component-update":      true,
	"disable-sync":                  true,
	"disable-dev-shm-usage":         true,
	"disable-extensions":            true,
	"disable-default-apps":          true,
	"disable-features":              "Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider",
	"use-gl":                        "angle",
	"use-angle":                     "swiftshader",
	"enable-unsafe-swiftshader":     true,
	"force-color-profile":           "srgb",
	"lang":                          "de-DE",
	"hide-scrollbars":               true,
	"mute-audio":                    true,
}

// chromium returns the browser to test with, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	path := os.Getenv("GIGAPLAN_CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := os.Stat(path); err != nil {
		t.Skipf("no Chromium at %s (set GIGAPLAN_CHROMIUM): %v", path, err)
	}
	return path
}

// browserApp is the app under test with the browser that drives it.
type browserApp struct {
	url   string
	st    *sqlite.Store
	svc   *campaigns.Service
	tiles atomic.Int64 // requests for /tiles/…
	ctx   context.Context

	// The demo household campaign, its area whose pre-marketing still
	// runs, and an address there: what the citizen types for it and the
	// position of its suggestion.
	camp  *campaigns.Campaign
	area  campaigns.CampaignArea
	addr  geo.Address
	query string
	pos   int
}

const (
	editorName     = "erika"
	adminName      = "alma" // same password: the admin pages of the 390 px round
	editorPassword = "Breitband-2026!"
)

func newBrowserApp(t *testing.T) *browserApp {
	t.Helper()
	exe := chromium(t)
	// The browser starts while the demo town loads.
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(exe), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1024, 768)}
	for name, v := range chromiumFlags {
		opts = append(opts, chromedp.Flag(name, v))
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(bctx) }()

	_, st, svc := demoServer(t, web.Config{})
	ctx := context.Background()
	hash, err := campaigns.HashPassword(editorPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateUser(ctx, campaigns.User{Name: adminName, Role: campaigns.RoleAdmin, PasswordHash: hash, CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateUser(ctx, campaigns.User{Name: editorName, Role: campaigns.RoleEditor, PasswordHash: hash, CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	app := &browserApp{st: st, svc: svc, ctx: bctx}
	// The demo town's page settings: name, contact and legal pages.
	towns, err := web.LoadTowns("testdata/towns/gemeinden.json")
	if err != nil {
		t.Fatal(err)
	}
	srv := web.New(web.Config{Users: st, Tokens: st, BaseMapURL: "none", Towns: towns, Reports: st, ReportMinAge: 300 * time.Millisecond}, st, svc)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/tiles/") {
			app.tiles.Add(1)
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	app.url = ts.URL
	app.camp, app.area = app.runningArea(t)
	app.addr, app.query, app.pos = app.addressIn(t, app.camp, app.area)
	if err := <-started; err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	return app
}

// tab opens a new tab for t, closed at the end of t. It fails t on any
// console error or uncaught exception of the tab's pages.
func (app *browserApp) tab(t *testing.T) context.Context {
	t.Helper()
	// A new browser context: no cookies, HTTP cache or MapLibre's tile
	// cache (Cache Storage) from the other subtests.
	tctx, cancel := chromedp.NewContext(app.ctx, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(tctx); err != nil {
		t.Fatal(err)
	}
	// Reduced motion: map.js jumps instead of flying, which spares the
	// software renderer the animation.
	if _, err := chromedp.Call(tctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}}); err != nil {
		t.Fatal(err)
	}
	var (
		mu   sync.Mutex
		errs []string
		done = make(chan struct{})
	)
	messages := chromedp.Console(tctx)
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			// A form shown again with its errors answers 422 by design;
			// Chromium logs every 4xx page as a failed resource.
			if m.Type == chromedp.ConsoleError && strings.Contains(m.String(), "status of 422 (Unprocessable Entity)") {
				continue
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				mu.Lock()
				errs = append(errs, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line+1))
				mu.Unlock()
			}
		}
	}()
	// One deadline per subtest keeps a hanging page from stalling the run.
	// It is a guard, not a speed check: the office form's subtest signs in
	// several times and runs axe-core on more than ten pages, which took
	// over 30 s on a loaded CI machine (2026-12-03).
	dctx, cancelDeadline := context.WithTimeout(tctx, 90*time.Second)
	t.Cleanup(func() {
		cancelDeadline()
		cancel()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, e := range errs {
			t.Errorf("browser console: %s", e)
		}
	})
	return dctx
}

// must runs the actions or fails t.
func must(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func mustRun[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// screenshot keeps a PNG of the whole page in the test's artifact
// directory (kept with go test -artifacts).
func screenshot(t *testing.T, ctx context.Context, name string) []byte {
	t.Helper()
	b := mustRun(t, ctx, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(t.ArtifactDir(), name+".png"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return b
}

// axeSource is axe-core (web/testdata/axe, vendored from npm by
// scripts/vendor-assets.sh), read once.
var axeSource = sync.OnceValues(func() ([]byte, error) { return os.ReadFile("testdata/axe/axe.min.js") })

// checkAxe runs axe-core on the page and fails t on every violation.
func checkAxe(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	src, err := axeSource()
	if err != nil {
		t.Fatal(err)
	}
	must(t, ctx, "axe-core", chromedp.Evaluate[chromedp.Void](string(src)))
	type violation struct {
		ID, Impact, Help string
		Targets          []string
	}
	vs := mustRun(t, ctx, "axe.run", chromedp.Evaluate[[]violation](`axe.run(document, {resultTypes: ['violations']}).then(function (r) {
		return r.violations.map(function (v) {
			return {ID: v.id, Impact: v.impact || '', Help: v.help,
				Targets: v.nodes.map(function (n) { return n.target.join(' '); })};
		});
	})`, chromedp.EvalAwaitPromise))
	for _, v := range vs {
		t.Errorf("axe-core on %s: %s %s (%s) at %s", page, v.Impact, v.ID, v.Help, strings.Join(v.Targets, ", "))
	}
}

// searchVariant spells a street as a citizen might type it: ß as ss,
// umlauts as ae/oe/ue, lower case.
func searchVariant(s string) string {
	return strings.NewReplacer("ß", "ss", "ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue").Replace(strings.ToLower(s))
}

// runningArea returns the demo household campaign and its area whose
// pre-marketing still runs (extended).
func (app *browserApp) runningArea(t *testing.T) (*campaigns.Campaign, campaigns.CampaignArea) {
	t.Helper()
	camp, err := app.st.CampaignByName(context.Background(), demo.CampaignFTTH)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range camp.Areas {
		if a.Status == campaigns.StatusExtended || a.Status == campaigns.StatusRunning {
			return camp, a
		}
	}
	t.Fatalf("%s: no running area", camp.Name)
	return nil, campaigns.CampaignArea{}
}

// addressIn returns an address whose answer is the running pre-marketing
// of the campaign's area and whose street has an umlaut or ß, with the
// query a citizen types for it (the ASCII spelling, without postcode) and
// the position of its suggestion in the autocomplete list.
func (app *browserApp) addressIn(t *testing.T, camp *campaigns.Campaign, area campaigns.CampaignArea) (a geo.Address, query string, pos int) {
	t.Helper()
	ctx := context.Background()
	var cands []geo.Address
	for a, err := range app.st.Addresses(ctx, geo.AddressFilter{AreaID: area.AreaID, ByStreet: true}) {
		if err != nil {
			t.Fatal(err)
		}
		if searchVariant(a.Street) != strings.ToLower(a.Street) && !a.Placeholder {
			cands = append(cands, a)
		}
	}
	for _, a := range cands {
		cov, err := app.svc.Coverage(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if cov.Campaign != camp.Name || cov.Area != area.AreaName || !strings.HasPrefix(cov.Message, "Vorvermarktung läuft") || cov.Needed < 1 {
			continue
		}
		q := searchVariant(a.Street) + " " + a.HouseNumber + a.Suffix
		found, err := app.st.SearchAddresses(ctx, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		if i := slices.IndexFunc(found, func(f geo.Address) bool { return f.ID == a.ID }); i >= 0 {
			return a, q, i
		}
	}
	t.Fatalf("%s: no address with an umlaut or ß in its street answered by %s", area.AreaName, camp.Name)
	return geo.Address{}, "", 0
}

// pressEnter presses Enter as a keyboard does: keydown with the text, so
// that the browser itself decides on keypress and implicit form
// submission (kb.Enter sends a separate char event that submits the form
// even when the page cancelled the keydown).
func pressEnter() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, ev := range []input.DispatchKeyEventParams{
			{Type: input.DispatchKeyEventTypeKeyDown, Key: "Enter", Code: "Enter", Text: "\r", UnmodifiedText: "\r", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13},
			{Type: input.DispatchKeyEventTypeKeyUp, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13},
		} {
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, ev); err != nil {
				return err
			}
		}
		return nil
	})
}

// TestBrowser runs the citizens' and the office's pages in Chromium.
func TestBrowser(t *testing.T) {
	app := newBrowserApp(t)
	t.Run("CitizenSearch", app.testCitizenSearch)
	t.Run("Map", app.testMap)
	t.Run("MapPhone", app.testMapPhone)
	t.Run("MondayForm", app.testMondayForm)
	t.Run("CitizenReport", app.testCitizenReport)
	t.Run("Accessibility", app.testAccessibility)
	t.Run("StateMap", app.testStateMap)
	t.Run("Answer", app.testAnswer)
}

// testCitizenSearch: a citizen types part of an address, spelling the
// umlaut or ß the ASCII way, picks the suggestion with the arrow keys and
// Enter, and reads the answer.
func (app *browserApp) testCitizenSearch(t *testing.T) {
	ctx := app.tab(t)
	area, a, query, pos := app.area, app.addr, app.query, app.pos
	cov, err := app.svc.Coverage(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: typing %q, suggestion %d; expecting %q", a.Label(), query, pos+1, cov.Message)

	must(t, ctx, "open /", chromedp.Navigate(app.url+townPage), chromedp.WaitVisible(chromedp.ID("q")))
	// A street that does not exist: a visible message with tips, not an
	// empty screen.
	must(t, ctx, "type a miss", chromedp.SendKeys(chromedp.ID("q"), "gibtsnichtweg"), chromedp.WaitVisible(chromedp.ID("q-msg")))
	if msg := mustRun(t, ctx, "miss message", chromedp.Evaluate[string](`document.getElementById('q-msg').textContent`)); !strings.HasPrefix(msg, "Keine Adresse gefunden. Prüfen Sie die Schreibweise") {
		t.Errorf("no-match message %q", msg)
	}
	mustRun(t, ctx, "clear", chromedp.Evaluate[bool](`document.getElementById('q').value='';true`))
	must(t, ctx, "type", chromedp.SendKeys(chromedp.ID("q"), query), chromedp.WaitVisible(chromedp.CSS("#q-list li")))
	if msg := mustRun(t, ctx, "message", chromedp.Evaluate[string](`document.getElementById('q-msg').hidden?'':document.getElementById('q-msg').textContent`)); strings.HasPrefix(msg, "Keine") {
		t.Errorf("the no-match message stays beside suggestions: %q", msg)
	}
	screenshot(t, ctx, "citizen-suggestions")

	// The live region announces the suggestions.
	found, err := app.st.SearchAddresses(context.Background(), query, 10)
	if err != nil {
		t.Fatal(err)
	}
	announced := "1 Vorschlag. Mit Pfeiltasten auswählen, Eingabetaste bestätigt."
	if len(found) > 1 {
		announced = fmt.Sprintf("%d Vorschläge. Mit Pfeiltasten auswählen, Eingabetaste bestätigt.", len(found))
	}
	if got := mustRun(t, ctx, "status", chromedp.TextContent(chromedp.ID("q-status"))); got != announced {
		t.Errorf("live region %q, want %q", got, announced)
	}
	// Escape closes the list; the arrow keys open it again.
	must(t, ctx, "escape", chromedp.KeyEvent(kb.Escape), chromedp.WaitNotVisible(chromedp.ID("q-list")))
	if expanded := mustRun(t, ctx, "aria-expanded", chromedp.Evaluate[string](`document.getElementById('q').getAttribute('aria-expanded')`)); expanded != "false" {
		t.Errorf("after Escape: aria-expanded=%s, want false", expanded)
	}
	for range pos + 1 {
		must(t, ctx, "arrow down", chromedp.KeyEvent(kb.ArrowDown))
	}
	active := mustRun(t, ctx, "active option", chromedp.Evaluate[string](
		`(function(){var id=document.getElementById('q').getAttribute('aria-activedescendant');return id?document.getElementById(id).textContent:''})()`))
	// The suggestion names the Ortsteil after the address.
	if !strings.HasPrefix(active, a.Label()+" · Ortsteil ") {
		t.Fatalf("active suggestion %q, want %q with its Ortsteil", active, a.Label())
	}
	must(t, ctx, "enter", pressEnter(), chromedp.WaitVisible(chromedp.CSS("#answer article .message")))

	want := map[string]string{
		"#answer-title":    a.Label(),
		"#answer .state":   "Vorvermarktung",
		"#answer .message": cov.Message,
		"#answer .progress label": fmt.Sprintf("Fortschritt der Vorvermarktung: %s erreicht, %s nötig",
			campaigns.Percent(cov.Quota), campaigns.Percent(cov.Threshold)),
	}
	for sel, w := range want {
		if got := strings.TrimSpace(mustRun(t, ctx, sel, chromedp.Text(chromedp.CSS(sel)))); got != w {
			t.Errorf("%s: %q, want %q", sel, got, w)
		}
	}
	facts := mustRun(t, ctx, "facts", chromedp.Text(chromedp.CSS("#answer dl.facts")))
	for _, w := range []string{cov.Provider, cov.Campaign, area.AreaName} {
		if !strings.Contains(facts, w) {
			t.Errorf("facts %q lack %q", facts, w)
		}
	}
	if loc := mustRun(t, ctx, "location", chromedp.Location()); loc != fmt.Sprintf("%s/adresse/%d", app.url, a.ID) {
		t.Errorf("location %s, want the permalink of %d", loc, a.ID)
	}
	if expanded := mustRun(t, ctx, "aria-expanded", chromedp.Evaluate[string](`document.getElementById('q').getAttribute('aria-expanded')`)); expanded != "false" {
		t.Errorf("after Enter: aria-expanded=%s, want false", expanded)
	}
	screenshot(t, ctx, "citizen-answer")
	checkAxe(t, ctx, "the answer")

	// The field now holds what the search understands: Enter again sends
	// the form, and the list of matches has the address.
	field := a.Street + " " + a.HouseNumber + a.Suffix
	if v := mustRun(t, ctx, "field", chromedp.Value(chromedp.ID("q"))); v != field {
		t.Errorf("search field %q after choosing, want %q", v, field)
	}
	must(t, ctx, "send the form", chromedp.Focus(chromedp.ID("q")), pressEnter(), chromedp.WaitVisible(chromedp.ID("results-title")))
	link := fmt.Sprintf(`.result-list a[href="/adresse/%d"]`, a.ID)
	// Polled in one expression: the list can be replaced while the page
	// settles, and a node looked up before that is gone when its text is
	// read ("No node with given id found").
	got := mustRun(t, ctx, "result", chromedp.Poll[string](fmt.Sprintf(`(document.querySelector(%q) || {}).textContent`, link),
		chromedp.WithPollingTimeout(15*time.Second)))
	if got = strings.TrimSpace(got); got != a.Label() {
		t.Errorf("search results: %q, want a link to %q", got, a.Label())
	}
	screenshot(t, ctx, "citizen-results")
}

// mapColours counts the distinct colours of a PNG and how many pixels are
// within tol of want.
func mapColours(t *testing.T, b []byte, want [][3]int, tol int) (distinct, matching int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[[3]uint8]bool{}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := imageRGB(img, x, y)
			seen[c] = true
			for _, w := range want {
				if abs(int(c[0])-w[0]) <= tol && abs(int(c[1])-w[1]) <= tol && abs(int(c[2])-w[2]) <= tol {
					matching++
					break
				}
			}
		}
	}
	return len(seen), matching
}

func imageRGB(img image.Image, x, y int) [3]uint8 {
	r, g, b, _ := img.At(x, y).RGBA()
	return [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// districtFills are map.js's area state colours (AREA: running, reached,
// missed, built, none) at fill-opacity 0.75 over its background #f4f4f1.
func districtFills() [][3]int {
	return areaFills("#f5c04a", "#1b8a5a", "#f6dccb", "#0b4f8a", "#e3e3e3")
}

// testMap: the MapLibre map on the start page loads vector tiles and
// draws the districts.
// testMapPhone: on a phone (390 px, touch) a one-finger swipe over the
// map scrolls the page; the map needs two fingers (MapLibre's cooperative
// gestures). A mouse keeps the map's usual gestures (testMap).
func (app *browserApp) testMapPhone(t *testing.T) {
	ctx := app.tab(t)
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: 390, Height: 844, DeviceScaleFactor: 1, Mobile: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 5}); err != nil {
		t.Fatal(err)
	}
	must(t, ctx, "open / on a phone", chromedp.Navigate(app.url+townPage), chromedp.WaitVisible(chromedp.CSS("#map canvas")))
	if coarse := mustRun(t, ctx, "pointer", chromedp.Evaluate[bool](`matchMedia('(pointer: coarse)').matches`)); !coarse {
		t.Skip("touch emulation does not make the pointer coarse in this Chromium")
	}
	if !mustRun(t, ctx, "cooperative gestures", chromedp.Evaluate[bool](`document.querySelector('.maplibregl-cooperative-gesture-screen') !== null`)) {
		t.Error("on a phone the map takes one-finger swipes: cooperative gestures are off")
	}
	help := mustRun(t, ctx, "help text", chromedp.Evaluate[string](`(document.querySelector('.maplibregl-cooperative-gesture-screen')||{}).textContent||''`))
	if !strings.Contains(help, "zwei Finger") {
		t.Errorf("gesture help %q, want the German two-finger hint", help)
	}
}

func (app *browserApp) testMap(t *testing.T) {
	ctx := app.tab(t)
	before := app.tiles.Load()
	must(t, ctx, "open /", chromedp.Navigate(app.url+townPage), chromedp.WaitVisible(chromedp.CSS("#map canvas")))
	if hidden := mustRun(t, ctx, "map-off", chromedp.Evaluate[bool](`document.getElementById('map-off').hidden`)); !hidden {
		t.Fatal("the page says the map is unavailable (no WebGL?)")
	}
	if mustRun(t, ctx, "cooperative gestures", chromedp.Evaluate[bool](`document.querySelector('.maplibregl-cooperative-gesture-screen') !== null`)) {
		t.Error("with a mouse the map asks for Ctrl to zoom: cooperative gestures are on")
	}
	fills := districtFills()
	var shot []byte
	var distinct, matching int
	deadline := time.Now().Add(12 * time.Second)
	for {
		shot = mustRun(t, ctx, "map screenshot", chromedp.Screenshot(chromedp.CSS("#map canvas")))
		distinct, matching = mapColours(t, shot, fills, 3)
		if (distinct >= 8 && matching > 2000) || time.Now().After(deadline) {
			break
		}
		time.Sleep(300 * time.Millisecond)
	}
	if err := os.WriteFile(filepath.Join(t.ArtifactDir(), "map-canvas.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "citizen-map")
	if distinct < 8 {
		t.Errorf("map canvas has %d distinct colours: blank?", distinct)
	}
	if matching <= 2000 {
		t.Errorf("map canvas: %d pixels in a district fill colour, want > 2000", matching)
	}
	if n := app.tiles.Load() - before; n < 1 {
		t.Errorf("the map requested %d tiles", n)
	} else {
		t.Logf("map: %d distinct colours, %d district pixels, %d tile requests", distinct, matching, n)
	}

	// The permalink's map shows the address at its centre; clicking the
	// point answers it in the text region (map.js → app.js).
	a := app.addr
	must(t, ctx, "permalink", chromedp.Navigate(fmt.Sprintf("%s/adresse/%d", app.url, a.ID)), chromedp.WaitVisible(chromedp.CSS("#map canvas")))
	type rect struct{ X, Y, W, H float64 }
	r := mustRun(t, ctx, "canvas box", chromedp.Evaluate[rect](
		`(function(){var b=document.querySelector('#map canvas').getBoundingClientRect();return {X:b.left,Y:b.top,W:b.width,H:b.height}})()`))
	must(t, ctx, "clear the answer", chromedp.Evaluate[chromedp.Void](`document.getElementById('answer').textContent=''`))
	answered := false
	for deadline := time.Now().Add(12 * time.Second); !answered && time.Now().Before(deadline); {
		// Until the tile with the point has drawn, the click finds nothing.
		must(t, ctx, "click the point", chromedp.MouseClickXY(r.X+r.W/2, r.Y+r.H/2))
		time.Sleep(300 * time.Millisecond)
		answered = mustRun(t, ctx, "answered", chromedp.Evaluate[bool](`!!document.querySelector('#answer article .message')`))
	}
	screenshot(t, ctx, "citizen-map-click")
	if !answered {
		t.Fatal("clicking the address on the map gave no answer")
	}
	if got := mustRun(t, ctx, "answer title", chromedp.Text(chromedp.ID("answer-title"))); got != a.Label() {
		t.Errorf("clicked the point of %s, answer for %q", a.Label(), got)
	}
}

// testMondayForm: an editor signs in through the form, enters a higher
// count for the running area, and citizens see the new quota.
func (app *browserApp) testMondayForm(t *testing.T) {
	ctx := app.tab(t)
	bg := context.Background()
	camp, area, a := app.camp, app.area, app.addr
	latest, err := app.svc.Latest(bg, camp.ID)
	if err != nil {
		t.Fatal(err)
	}
	before, err := app.svc.Coverage(bg, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Enough to reach the threshold: the answer changes visibly.
	newCount := latest[area.AreaID].Current.Count + before.Needed + 25
	// Municipal facilities' signed contracts count on top of the entry.
	facilities := before.Signed - latest[area.AreaID].Current.Count
	asOf := campaigns.Today(time.Now())

	must(t, ctx, "login", chromedp.Navigate(app.url+"/buero"), chromedp.WaitVisible(chromedp.ID("name")))
	if loc := mustRun(t, ctx, "location", chromedp.Location()); !strings.HasPrefix(loc, app.url+"/login") {
		t.Fatalf("/buero without a session went to %s, want /login", loc)
	}
	must(t, ctx, "login form",
		chromedp.SendKeys(chromedp.ID("name"), editorName),
		chromedp.SendKeys(chromedp.ID("password"), editorPassword),
	)
	screenshot(t, ctx, "office-login")
	checkAxe(t, ctx, "/login")
	// The form carries its CSRF token (double submit: the same value in a
	// cookie the page cannot read).
	if tok := mustRun(t, ctx, "csrf", chromedp.Evaluate[string](`document.querySelector('form input[name=csrf]').value`)); len(tok) < 32 {
		t.Errorf("login form: CSRF token %q", tok)
	}
	must(t, ctx, "submit login", chromedp.Focus(chromedp.ID("password")), pressEnter(), chromedp.WaitVisible(chromedp.CSS(".cards")))
	screenshot(t, ctx, "office-dashboard")
	// The demo's parked Ortsteil is named on its campaign's card, not
	// hidden in a pooled "im Plan".
	if txt := mustRun(t, ctx, "area groups", chromedp.Evaluate[string](`Array.from(document.querySelectorAll('.area-groups')).map(function(e){return e.textContent}).join(' | ')`)); !strings.Contains(txt, "nicht erreicht: Elgershofen") {
		t.Errorf("dashboard area groups %q, want Elgershofen named as not reached", txt)
	}
	checkAxe(t, ctx, "/buero")
	// The sites network: the demo's schools and facilities with their record.
	must(t, ctx, "sites page", chromedp.Navigate(app.url+"/buero/liegenschaften"), chromedp.WaitVisible(chromedp.CSS("main table")))
	screenshot(t, ctx, "office-sites")
	checkAxe(t, ctx, "/buero/liegenschaften")
	must(t, ctx, "back to the dashboard", chromedp.Navigate(app.url+"/buero"), chromedp.WaitVisible(chromedp.CSS(".cards")))
	link := fmt.Sprintf(`a[href="/buero/kampagnen/%d/zahlen"]`, camp.ID)
	must(t, ctx, "open the form", chromedp.Click(chromedp.CSS(link)), chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("count_%d", area.AreaID))))

	// Three bad rows at once: three German messages, the summary has the
	// focus and links to the fields, nothing is saved.
	inputs := mustRun(t, ctx, "count fields", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('form.counts input[id^=count_]')).map(function(e){return e.id})`))
	if len(inputs) < 3 {
		t.Fatalf("count fields %v, want at least 3", inputs)
	}
	for _, id := range inputs[:3] {
		must(t, ctx, "bad value in "+id, chromedp.SetValue(chromedp.ID(id), "-4"))
	}
	must(t, ctx, "save the bad rows", chromedp.Click(chromedp.CSS("form.counts button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	screenshot(t, ctx, "office-counts-three-errors")
	if n := mustRun(t, ctx, "field errors", chromedp.Evaluate[int](`document.querySelectorAll('form.counts .field-error').length`)); n != 3 {
		t.Errorf("%d field errors, want 3", n)
	}
	if n := mustRun(t, ctx, "summary links", chromedp.Evaluate[int](`document.querySelectorAll('.error-summary a[href^="#"]').length`)); n != 3 {
		t.Errorf("%d links in the error summary, want 3", n)
	}
	if txt := mustRun(t, ctx, "summary text", chromedp.Text(chromedp.CSS(".error-summary"))); !strings.Contains(txt, "Nichts wurde gespeichert") ||
		strings.Contains(strings.ToLower(txt), "count ") || strings.Contains(txt, "negative") {
		t.Errorf("error summary %q: want German messages", txt)
	}
	if cls := mustRun(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.className`)); !strings.Contains(cls, "error-summary") {
		t.Errorf("focus on %q after the failed save, want the error summary", cls)
	}
	checkAxe(t, ctx, "the Monday form with three errors")
	must(t, ctx, "the form again", chromedp.Navigate(app.url+fmt.Sprintf("/buero/kampagnen/%d/zahlen", camp.ID)),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("count_%d", area.AreaID))))

	field := fmt.Sprintf("count_%d", area.AreaID)
	must(t, ctx, "fill the form",
		chromedp.SetValue(chromedp.ID("as_of"), asOf.Format(time.DateOnly)),
		chromedp.SendKeys(chromedp.ID(field), fmt.Sprint(newCount)),
		chromedp.SendKeys(chromedp.ID(fmt.Sprintf("comment_%d", area.AreaID)), "Browsertest: Zählung vom Anbieter"),
	)
	screenshot(t, ctx, "office-counts-form")
	checkAxe(t, ctx, "the Monday form")
	must(t, ctx, "save", chromedp.Click(chromedp.CSS("form.counts button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("p.notice")))
	if notice := mustRun(t, ctx, "notice", chromedp.Text(chromedp.CSS("p.notice"))); notice != "1 Zahl gespeichert." {
		t.Errorf("notice %q, want %q", notice, "1 Zahl gespeichert.")
	}
	screenshot(t, ctx, "office-counts-saved")

	// On a phone (390 px) the office pages fit the screen: the header
	// wraps, wide tables scroll in their box, the form's rows are cards.
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: 390, Height: 844, DeviceScaleFactor: 1, Mobile: true}); err != nil {
		t.Fatal(err)
	}
	projects, err := app.st.FundingProjects(bg)
	if err != nil || len(projects) == 0 {
		t.Fatalf("demo funding projects: %v %v", projects, err)
	}
	for _, page := range []string{"/buero", fmt.Sprintf("/buero/kampagnen/%d/zahlen", camp.ID), "/buero/kampagnen", "/buero/berichte", "/buero/import",
		"/buero/liegenschaften", "/buero/meldungen", "/buero/foerderung", fmt.Sprintf("/buero/foerderung/%d", projects[0].ID),
		fmt.Sprintf("/buero/kampagnen/%d", camp.ID), fmt.Sprintf("/buero/kampagnen/%d/bearbeiten", camp.ID), "/buero/kampagnen/neu"} {
		must(t, ctx, "open "+page+" at 390 px", chromedp.Navigate(app.url+page), chromedp.WaitVisible(chromedp.CSS("main")))
		if w := mustRun(t, ctx, "page width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
			t.Errorf("%s at 390 px is %d px wide", page, w)
		}
		checkAxe(t, ctx, page+" at 390 px")
		if page == "/buero/berichte" {
			screenshot(t, ctx, "office-downloads-390") // the reports and exports page
		}
	}
	// The admin's pages, signed in as the admin in another session.
	clearCookies(t, ctx)
	must(t, ctx, "sign in as the admin", chromedp.Navigate(app.url+"/buero"), chromedp.WaitVisible(chromedp.ID("name")),
		chromedp.SendKeys(chromedp.ID("name"), adminName), chromedp.SendKeys(chromedp.ID("password"), editorPassword),
		chromedp.Focus(chromedp.ID("password")), pressEnter(), chromedp.WaitVisible(chromedp.CSS(".cards")))
	for _, page := range []string{"/buero/protokoll", "/buero/tokens", "/buero/benutzer"} {
		must(t, ctx, "open "+page+" at 390 px", chromedp.Navigate(app.url+page), chromedp.WaitVisible(chromedp.CSS("main")))
		if w := mustRun(t, ctx, "page width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
			t.Errorf("%s at 390 px is %d px wide", page, w)
		}
		checkAxe(t, ctx, page+" at 390 px")
	}
	clearCookies(t, ctx)
	must(t, ctx, "sign in as the editor again", chromedp.Navigate(app.url+"/buero"), chromedp.WaitVisible(chromedp.ID("name")),
		chromedp.SendKeys(chromedp.ID("name"), editorName), chromedp.SendKeys(chromedp.ID("password"), editorPassword),
		chromedp.Focus(chromedp.ID("password")), pressEnter(), chromedp.WaitVisible(chromedp.CSS(".cards")))
	must(t, ctx, "form at 390 px", chromedp.Navigate(app.url+fmt.Sprintf("/buero/kampagnen/%d/zahlen", camp.ID)), chromedp.WaitVisible(chromedp.ID(field)))
	if d := mustRun(t, ctx, "row display", chromedp.Evaluate[string](`getComputedStyle(document.querySelector('form.counts tbody tr')).display`)); d != "block" {
		t.Errorf("the form's rows at 390 px display as %q, want cards (block)", d)
	}
	screenshot(t, ctx, "office-counts-390")
	must(t, ctx, "funding project at 390 px", chromedp.Navigate(app.url+fmt.Sprintf("/buero/foerderung/%d", projects[0].ID)),
		chromedp.WaitVisible(chromedp.CSS("ol.timeline")))
	screenshot(t, ctx, "office-funding-390")
	checkAxe(t, ctx, "the funding project page")

	latest, err = app.svc.Latest(bg, camp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := latest[area.AreaID].Current; got.Count != newCount || !campaigns.Day(got.AsOf).Equal(asOf) || got.EnteredBy != editorName {
		t.Fatalf("stored entry %+v, want %d as of %s by %s", got, newCount, asOf.Format(time.DateOnly), editorName)
	}

	// The citizens' page for an address in that area shows the new quota.
	cov, err := app.svc.Coverage(bg, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cov.Signed != newCount+facilities || campaigns.Percent(cov.Quota) == campaigns.Percent(before.Quota) {
		t.Errorf("coverage after saving: %d sign-ups, %s (before %s), want %d + %d facilities", cov.Signed,
			campaigns.Percent(cov.Quota), campaigns.Percent(before.Quota), newCount, facilities)
	}
	must(t, ctx, "permalink", chromedp.Navigate(fmt.Sprintf("%s/adresse/%d", app.url, a.ID)), chromedp.WaitVisible(chromedp.CSS("#answer .progress label")))
	label := mustRun(t, ctx, "progress", chromedp.Text(chromedp.CSS("#answer .progress label")))
	if want := "Fortschritt der Vorvermarktung: " + campaigns.Percent(cov.Quota) + " erreicht"; !strings.HasPrefix(label, want) {
		t.Errorf("progress %q, want %q…", label, want)
	}
	if msg := mustRun(t, ctx, "message", chromedp.Text(chromedp.CSS("#answer .message"))); msg != cov.Message {
		t.Errorf("message %q, want %q", msg, cov.Message)
	}
	screenshot(t, ctx, "citizen-new-quota")
}

// testAccessibility: the search field has a label, keyboard focus is
// visible, and the answer needs neither the map nor JavaScript.
func (app *browserApp) testAccessibility(t *testing.T) {
	ctx := app.tab(t)
	must(t, ctx, "open /", chromedp.Navigate(app.url+townPage), chromedp.WaitVisible(chromedp.ID("q")))
	label := mustRun(t, ctx, "label", chromedp.Evaluate[string](
		`(function(){var q=document.getElementById('q');return q.labels.length?q.labels[0].textContent.trim():''})()`))
	if label == "" {
		t.Error("the search field has no label")
	}
	// Tab from the top: the skip link first, then on to the search field.
	must(t, ctx, "tab", chromedp.KeyEvent(kb.Tab))
	if id := mustRun(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.className`)); id != "skip-link" {
		t.Errorf("first Tab focuses %q, want the skip link", id)
	}
	for i := 0; i < 10; i++ {
		id := mustRun(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.id`))
		if id == "q" {
			break
		}
		must(t, ctx, "tab", chromedp.KeyEvent(kb.Tab))
	}
	type outline struct {
		ID    string `json:"id"`
		Style string `json:"style"`
		Width string `json:"width"`
	}
	o := mustRun(t, ctx, "outline", chromedp.Evaluate[outline](
		`(function(){var e=document.activeElement,s=getComputedStyle(e);return {id:e.id,style:s.outlineStyle,width:s.outlineWidth}})()`))
	if o.ID != "q" {
		t.Fatalf("Tab never reached the search field (focus on %q)", o.ID)
	}
	if o.Style == "none" || o.Width == "0px" {
		t.Errorf("focused search field: outline %s %s, want a visible outline", o.Style, o.Width)
	}
	screenshot(t, ctx, "citizen-focus")

	// The English page answers in English.
	a := app.addr
	cov, err := app.svc.Coverage(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	must(t, ctx, "English permalink", chromedp.Navigate(fmt.Sprintf("%s/adresse/%d?lang=en", app.url, a.ID)), chromedp.WaitVisible(chromedp.CSS("#answer .message")))
	type langs struct{ Page, Message, Text string }
	l := mustRun(t, ctx, "lang", chromedp.Evaluate[langs](
		`(function(){var m=document.querySelector('#answer .message');return {Page:document.documentElement.lang,Message:m.lang,Text:m.textContent}})()`))
	if l.Page != "en" || l.Message != "" || !strings.HasPrefix(l.Text, "Pre-marketing ") {
		t.Errorf("English permalink: page lang %q, message lang %q, text %q; want en and the English of %q", l.Page, l.Message, l.Text, cov.Message)
	}
	screenshot(t, ctx, "citizen-permalink-en")
	checkAxe(t, ctx, "the English permalink")

	// Without JavaScript (so without the map) the permalink still answers.
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	must(t, ctx, "permalink", chromedp.Navigate(fmt.Sprintf("%s/adresse/%d", app.url, a.ID)), chromedp.WaitVisible(chromedp.CSS("#answer .message")))
	if msg := mustRun(t, ctx, "message", chromedp.Text(chromedp.CSS("#answer .message"))); msg != cov.Message {
		t.Errorf("without JavaScript: message %q, want %q", msg, cov.Message)
	}
	if n := mustRun(t, ctx, "canvas", chromedp.Evaluate[int](`document.querySelectorAll('#map canvas').length`)); n != 0 {
		t.Errorf("without JavaScript: %d map canvases", n)
	}
	screenshot(t, ctx, "citizen-permalink-nojs")
}

// clearCookies ends the browser's sessions (as another person at the
// same computer after signing out).
func clearCookies(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
}
