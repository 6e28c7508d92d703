package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"gigaplan/data/demo"
	"gigaplan/geo"
	"gigaplan/web"
)

// Browser tests of the map's background: a background that cannot load
// (404, a closed port, a server that never answers) leaves the districts
// and the chosen address's ring on the map, says so, credits nothing it
// did not load and keeps the console clean; a working raster background
// is credited once a tile has loaded; the demo's own streets and
// buildings are served by the app; the demo banner is on citizen and
// office pages.

// ringColour is map.js's ring around the chosen address (#b00020).
var ringColour = [][3]int{{0xb0, 0x00, 0x20}}

// serveApp serves the browser app's store with cfg on its own server and
// counts requests whose path starts with count.
func (app *browserApp) serveApp(t *testing.T, cfg web.Config, count string, n *atomic.Int64) string {
	t.Helper()
	cfg.Users = app.st
	srv := web.New(cfg, app.st, app.svc)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if count != "" && strings.HasPrefix(r.URL.Path, count) {
			n.Add(1)
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// consoleTab opens a tab like tab, but keeps every console message for
// the test to judge instead of failing on the first error; uncaught
// exceptions and console.error calls still fail t.
func (app *browserApp) consoleTab(t *testing.T) (context.Context, func() []chromedp.ConsoleMessage) {
	t.Helper()
	tctx, cancel := chromedp.NewContext(app.ctx, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(tctx); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}}); err != nil {
		t.Fatal(err)
	}
	var (
		mu   sync.Mutex
		msgs []chromedp.ConsoleMessage
		done = make(chan struct{})
	)
	messages := chromedp.Console(tctx)
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			mu.Lock()
			msgs = append(msgs, m)
			mu.Unlock()
		}
	}()
	dctx, cancelDeadline := context.WithTimeout(tctx, 45*time.Second)
	t.Cleanup(func() {
		cancelDeadline()
		cancel()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, m := range msgs {
			if m.IsException() || (m.Type == chromedp.ConsoleError && m.Source == "") {
				t.Errorf("browser console: %s (%s:%d)", m, m.URL, m.Line+1)
			}
		}
	})
	return dctx, func() []chromedp.ConsoleMessage {
		mu.Lock()
		defer mu.Unlock()
		return append([]chromedp.ConsoleMessage(nil), msgs...)
	}
}

// viewport sets the window's size.
func viewport(t *testing.T, ctx context.Context, w, h int64) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: w, Height: h, DeviceScaleFactor: 1, Mobile: w < 600}); err != nil {
		t.Fatal(err)
	}
}

// ringPixels returns how many pixels of the map canvas's middle have the
// ring's colour, waiting up to 30 s for it to draw; it keeps the canvas
// as name.png.
func ringPixels(t *testing.T, ctx context.Context, name string) int {
	t.Helper()
	var shot []byte
	n := 0
	for deadline := time.Now().Add(30 * time.Second); ; {
		shot = mustRun(t, ctx, "map screenshot", chromedp.Screenshot(chromedp.CSS("#map canvas")))
		img, err := png.Decode(bytes.NewReader(shot))
		if err != nil {
			t.Fatal(err)
		}
		b := img.Bounds()
		cx, cy := (b.Min.X+b.Max.X)/2, (b.Min.Y+b.Max.Y)/2
		var mid bytes.Buffer
		sub := image.NewRGBA(image.Rect(0, 0, 60, 60))
		for y := 0; y < 60; y++ {
			for x := 0; x < 60; x++ {
				sub.Set(x, y, img.At(cx-30+x, cy-30+y))
			}
		}
		if err := png.Encode(&mid, sub); err != nil {
			t.Fatal(err)
		}
		_, n = mapColours(t, mid.Bytes(), ringColour, 24)
		if n >= 40 || time.Now().After(deadline) {
			break
		}
		time.Sleep(300 * time.Millisecond)
	}
	if err := os.WriteFile(filepath.Join(t.ArtifactDir(), name+".png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
	return n
}

// viewShot keeps what a visitor sees of the map panel: the viewport with
// the panel scrolled to the top (a full-page screenshot resizes the
// viewport, and the map, whose height is in vh, is caught mid-redraw).
func viewShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	must(t, ctx, "scroll to the map", chromedp.Evaluate[chromedp.Void](`document.querySelector('.map-panel').scrollIntoView()`))
	time.Sleep(700 * time.Millisecond)
	b := mustRun(t, ctx, "screenshot "+name, chromedp.CaptureScreenshot())
	if err := os.WriteFile(filepath.Join(t.ArtifactDir(), name+".png"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// grey256 is a 256 px grey PNG: a raster tile that loads.
func grey256(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	for y := 0; y < 256; y++ {
		for x := 0; x < 256; x++ {
			img.Set(x, y, color.RGBA{0xc8, 0xc8, 0xc8, 0xff})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestBrowserMapBackground runs the map's background cases in Chromium.
func TestBrowserMapBackground(t *testing.T) {
	app := newBrowserApp(t)
	t.Run("NoBackground", app.testNoBackground)
	t.Run("RasterBackground", app.testRasterBackground)
	t.Run("DemoBackground", app.testDemoBackground)
}

// testNoBackground: the background's tile server answers 404, refuses the
// connection or never answers. The permalink's map still draws the ring
// around the address, the page says that the background is missing, no
// attribution names it, MapLibre logs nothing, and the browser's network
// log has at most the one probe's failure.
func (app *browserApp) testNoBackground(t *testing.T) {
	var notFound atomic.Int64
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		notFound.Add(1)
		w.Header().Set("Access-Control-Allow-Origin", "*")
		http.NotFound(w, r)
	}))
	t.Cleanup(down.Close)
	release := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); hang.Close() })
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()

	const credit = "© Testkarte"
	// The closed network, the common case, at both widths; the others
	// at 1280 px.
	for _, tc := range []struct {
		name, url string
		requests  *atomic.Int64
		phone     bool
	}{
		{"404", down.URL, &notFound, false},
		{"closed port", closed, nil, true},
		{"no answer", hang.URL, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := app.serveApp(t, web.Config{BaseMapURL: tc.url + "/{z}/{x}/{y}.png", BaseMapAttribution: credit}, "", nil)
			for _, size := range []struct {
				name string
				w, h int64
			}{{"1280", 1280, 900}, {"390", 390, 844}} {
				if size.w < 600 && !tc.phone {
					continue
				}
				t.Run(size.name, func(t *testing.T) {
					ctx, console := app.consoleTab(t)
					viewport(t, ctx, size.w, size.h)
					if tc.requests != nil {
						tc.requests.Store(0)
					}
					start := time.Now()
					must(t, ctx, "permalink", chromedp.Navigate(fmt.Sprintf("%s/adresse/%d", base, app.addr.ID)), chromedp.WaitVisible(chromedp.CSS("#map canvas")))
					n := ringPixels(t, ctx, "no-background-"+strings.ReplaceAll(tc.name, " ", "-")+"-canvas-"+size.name)
					if n < 40 {
						t.Errorf("%d ring pixels in the map's middle: the chosen address is not drawn", n)
					}
					must(t, ctx, "the notice", chromedp.WaitVisible(chromedp.ID("map-base-off")))
					t.Logf("ring after %v, %d ring pixels", time.Since(start).Round(time.Millisecond), n)
					notice := mustRun(t, ctx, "notice", chromedp.Text(chromedp.ID("map-base-off")))
					if !strings.Contains(notice, "Hintergrundkarte nicht verfügbar") {
						t.Errorf("notice %q", notice)
					}
					// Let late tiles (there must be none) arrive.
					time.Sleep(time.Second)
					attrib := mustRun(t, ctx, "attribution", chromedp.Evaluate[string](`(document.querySelector('.maplibregl-ctrl-attrib')||{}).textContent||''`))
					if strings.Contains(attrib, credit) {
						t.Errorf("attribution %q credits the background that did not load", attrib)
					}
					if !strings.Contains(attrib, "Breitbandbüro") {
						t.Errorf("attribution %q lacks the office's data", attrib)
					}
					viewShot(t, ctx, "no-background-"+strings.ReplaceAll(tc.name, " ", "-")+"-"+size.name)
					checkAxe(t, ctx, "the permalink without background")
					var network []string
					for _, m := range console() {
						if m.Type == chromedp.ConsoleError && m.Source != "" {
							network = append(network, m.Text)
						}
					}
					if len(network) > 1 {
						t.Errorf("%d browser log errors, want at most the probe's one:\n%s", len(network), strings.Join(network, "\n"))
					}
					if tc.requests != nil && tc.requests.Load() > 1 {
						t.Errorf("%d requests to the failing background, want the one probe", tc.requests.Load())
					}
					t.Logf("browser log: %q", network)
				})
			}
		})
	}
}

// testRasterBackground: a raster background that works is drawn and
// credited, and no notice shows.
func (app *browserApp) testRasterBackground(t *testing.T) {
	tile := grey256(t)
	var n atomic.Int64
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Content-Type", "image/png")
		w.Write(tile)
	}))
	t.Cleanup(up.Close)
	const credit = "© Testkarte"
	base := app.serveApp(t, web.Config{BaseMapURL: up.URL + "/{z}/{x}/{y}.png", BaseMapAttribution: credit}, "", nil)
	ctx, _ := app.consoleTab(t)
	viewport(t, ctx, 1280, 900)
	must(t, ctx, "permalink", chromedp.Navigate(fmt.Sprintf("%s/adresse/%d", base, app.addr.ID)), chromedp.WaitVisible(chromedp.CSS("#map canvas")))
	if px := ringPixels(t, ctx, "raster-background-canvas"); px < 40 {
		t.Errorf("%d ring pixels", px)
	}
	var attrib string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		attrib = mustRun(t, ctx, "attribution", chromedp.Evaluate[string](`(document.querySelector('.maplibregl-ctrl-attrib')||{}).textContent||''`))
		if strings.Contains(attrib, credit) {
			break
		}
	}
	if !strings.Contains(attrib, credit) {
		t.Errorf("attribution %q: the loaded background is not credited", attrib)
	}
	if !mustRun(t, ctx, "notice", chromedp.Evaluate[bool](`document.getElementById('map-base-off').hidden`)) {
		t.Error("the notice shows although the background loaded")
	}
	if n.Load() < 2 {
		t.Errorf("%d background requests: only the probe?", n.Load())
	}
	viewShot(t, ctx, "raster-background")
}

// testDemoBackground: with the demo loaded, the app serves the demo's
// streets and buildings as the background, credits them, and every page
// carries the demo banner.
func (app *browserApp) testDemoBackground(t *testing.T) {
	town := demo.New(demo.DefaultSeed)
	nb := demo.NewNeighbour(town, demo.DefaultSeed)
	bm := web.NewFeatureBaseMap(geo.NewFeatureTiles(demo.BaseMapLayers(town, nb)), "2026")
	var tiles atomic.Int64
	base := app.serveApp(t, web.Config{VectorBaseMap: bm, BaseMapAttribution: "Straßen und Gebäude: Demodaten",
		DemoAGS: []string{demo.TownAGS, demo.NeighbourAGS}}, "/basemap/", &tiles)
	for _, size := range []struct {
		name string
		w, h int64
	}{{"1280", 1280, 900}, {"390", 390, 844}} {
		t.Run(size.name, func(t *testing.T) {
			ctx := app.tab(t)
			viewport(t, ctx, size.w, size.h)
			tiles.Store(0)
			must(t, ctx, "permalink", chromedp.Navigate(fmt.Sprintf("%s/adresse/%d", base, app.addr.ID)), chromedp.WaitVisible(chromedp.CSS("#map canvas")))
			if px := ringPixels(t, ctx, "demo-background-canvas-"+size.name); px < 40 {
				t.Errorf("%d ring pixels", px)
			}
			var attrib string
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
				attrib = mustRun(t, ctx, "attribution", chromedp.Evaluate[string](`(document.querySelector('.maplibregl-ctrl-attrib')||{}).textContent||''`))
				if strings.Contains(attrib, "Demodaten") {
					break
				}
			}
			if !strings.Contains(attrib, "Demodaten") {
				t.Errorf("attribution %q does not credit the demo's streets", attrib)
			}
			if tiles.Load() < 2 {
				t.Errorf("%d requests for /basemap/", tiles.Load())
			}
			banner := mustRun(t, ctx, "banner", chromedp.Text(chromedp.CSS(".demo-banner")))
			if !strings.Contains(banner, "Demodaten – fiktive Gemeinde") {
				t.Errorf("banner %q", banner)
			}
			screenshot(t, ctx, "demo-page-"+size.name)
			viewShot(t, ctx, "demo-background-"+size.name)
			if size.w < 600 {
				return // the overview and the office at 1280 px only
			}
			// Two steps out (zoom 15): the town's streets with the houses
			// along them. (A tab per step: each has its own deadline.)
			ctx = app.tab(t)
			viewport(t, ctx, size.w, size.h)
			must(t, ctx, "permalink", chromedp.Navigate(fmt.Sprintf("%s/adresse/%d", base, app.addr.ID)), chromedp.WaitVisible(chromedp.CSS("#map canvas")))
			for range 2 {
				must(t, ctx, "zoom out", chromedp.Click(chromedp.CSS(".maplibregl-ctrl-zoom-out")))
				time.Sleep(time.Second)
			}
			time.Sleep(2 * time.Second)
			shot := mustRun(t, ctx, "map at zoom 15", chromedp.Screenshot(chromedp.CSS("#map canvas")))
			if err := os.WriteFile(filepath.Join(t.ArtifactDir(), "demo-z15-canvas-"+size.name+".png"), shot, 0o644); err != nil {
				t.Fatal(err)
			}
			checkAxe(t, ctx, "the demo permalink")
			// The start page shows the whole town.
			must(t, ctx, "start page", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#map canvas")))
			time.Sleep(2 * time.Second)
			viewShot(t, ctx, "demo-start-"+size.name)
			// The office's login page says it too.
			ctx = app.tab(t)
			viewport(t, ctx, size.w, size.h)
			must(t, ctx, "office login", chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.CSS(".demo-banner")))
			screenshot(t, ctx, "demo-login-"+size.name)
			checkAxe(t, ctx, "the demo login page")
		})
	}
}
