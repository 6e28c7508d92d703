package main

import (
	"bytes"
	"context"
	"html"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gigaplan/geo/pmtiles"
	"gigaplan/web"
)

// lockedBuffer is a bytes.Buffer for a server goroutine's log.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *lockedBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *lockedBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// freeAddr returns a loopback address with a port nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestServeBaseMap runs `gigaplan serve` with the base map from flags and
// environment and reads what the citizens' page hands the map.
func TestServeBaseMap(t *testing.T) {
	const own = "https://tiles.example.org/{z}/{x}/{y}.png"
	pm := pmtilesFixture(t)
	tests := []struct {
		name           string
		args           []string
		env            map[string]string
		basemap, attrs string
		style          string // data-basemap-style: the app's own vector base map
		demo           bool   // load the demo town: its own background, and the banner
	}{
		{name: "default", basemap: web.DefaultBaseMapURL, attrs: web.DefaultBaseMapAttribution},
		{name: "flag none", args: []string{"--basemap", "none"}},
		{name: "env", env: map[string]string{"GIGAPLAN_BASEMAP_URL": own, "GIGAPLAN_BASEMAP_ATTRIBUTION": "© Stadt Musterstadt"},
			basemap: own, attrs: "© Stadt Musterstadt"},
		{name: "flag over env", args: []string{"--basemap", own, "--basemap-attribution", "© Kreis"},
			env: map[string]string{"GIGAPLAN_BASEMAP_URL": "none", "GIGAPLAN_BASEMAP_ATTRIBUTION": "© Stadt"}, basemap: own, attrs: "© Kreis"},
		{name: "pmtiles", args: []string{"--basemap", pm, "--basemap-attribution", "© OpenStreetMap"}, attrs: "© OpenStreetMap", style: "/basemap/style.json"},
		{name: "demo", demo: true, attrs: "Straßen und Gebäude: Demodaten", style: "/basemap/style.json"},
		{name: "demo with a raster URL", demo: true, args: []string{"--basemap", own}, basemap: own},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := freeAddr(t)
			ctx, cancel := context.WithCancel(context.Background())
			var logs lockedBuffer
			e := env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &logs, getenv: func(k string) string { return tt.env[k] }}
			args := []string{"--db", filepath.Join(t.TempDir(), "serve.db"), "serve", "--addr", addr}
			if !tt.demo {
				args = append(args, "--no-demo")
			}
			args = append(args, tt.args...)
			done := make(chan int, 1)
			go func() { done <- run(ctx, args, e) }()
			defer func() {
				cancel()
				if code := <-done; code != 0 {
					t.Errorf("serve: exit %d\n%s", code, logs.String())
				}
			}()

			var body string
			for deadline := time.Now().Add(60 * time.Second); ; {
				resp, err := http.Get("http://" + addr + "/")
				if err == nil {
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					body = string(b)
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("serve never answered: %v\n%s", err, logs.String())
				}
				time.Sleep(20 * time.Millisecond)
			}
			want := `data-basemap="` + html.EscapeString(tt.basemap) + `" data-attribution="` + html.EscapeString(tt.attrs) + `"`
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %s", want)
			}
			if want := `data-basemap-style="` + tt.style + `"`; !strings.Contains(body, want) {
				t.Errorf("the page lacks %s", want)
			}
			if banner := strings.Contains(body, "Demodaten – fiktive Gemeinde"); banner != tt.demo {
				t.Errorf("demo banner %v, want %v", banner, tt.demo)
			}
			resp, err := http.Get("http://" + addr + "/basemap/style.json")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if want := map[bool]int{true: 200, false: 404}[tt.style != ""]; resp.StatusCode != want {
				t.Errorf("/basemap/style.json: %d, want %d", resp.StatusCode, want)
			}
		})
	}
}

// pmtilesFixture writes a PMTiles file with one empty vector tile.
func pmtilesFixture(t *testing.T) string {
	t.Helper()
	var buf bytes.Buffer
	if err := pmtiles.Write(&buf, []pmtiles.Tile{{Z: 0, Data: []byte{}}}, pmtiles.WriteOptions{TileType: pmtiles.TileTypeMVT, TileCompression: pmtiles.CompressionNone}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "base.pmtiles")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestServeBaseMapInvalid(t *testing.T) {
	garbage := filepath.Join(t.TempDir(), "garbage.pmtiles")
	if err := os.WriteFile(garbage, []byte("no tiles here"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"tiles.example.org/{z}/{x}/{y}.png", "ftp://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org/tile.png",
		filepath.Join(t.TempDir(), "missing.pmtiles"), garbage} {
		code, _, errs := newCLI(t).run("serve", "--addr", "127.0.0.1:0", "--basemap", u)
		if code != 2 || !strings.Contains(errs, "base map") {
			t.Errorf("--basemap %s: exit %d, want 2 with a message about the base map:\n%s", u, code, errs)
		}
	}
}
