package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"

	"gigaplan/campaigns"
)

// Templates and static files are compiled into the binary. Static files are
// served at content-hashed URLs, /static/<name>.<hash>.<ext>, with a one-year
// immutable cache: a changed file gets a new URL, so browsers never see a
// stale copy and never ask twice for a current one (the scheme of miniflux
// and wtf's hashfs). Templates ask for the URL with {{asset "app.js"}}.
//
// A request for a known file with a wrong or missing hash gets 404, not a
// redirect to the current version: an immutable URL must never change its
// content, and a page that asks for an old hash is itself stale (a reload
// fetches the new page and the new URLs). Gigaplan runs as one binary, so
// there is no rolling deploy in which old pages meet new servers.

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// assetFile is one embedded static file.
type assetFile struct {
	name   string // path below static/, e.g. "vendor/maplibre-gl.css"
	url    string // hashed URL, e.g. "/static/vendor/maplibre-gl.1a2b3c4d5e6f7a8b.css"
	hash   string
	ctype  string
	data   []byte
	gzOnce sync.Once
	gz     []byte // gzip-compressed data when that is smaller, else nil
}

// assets indexes the embedded static files by name and by hashed URL.
type assets struct {
	byName map[string]*assetFile
	byURL  map[string]*assetFile
}

// hashLen is the number of hex digits of SHA-256 in a hashed URL (64 bits).
const hashLen = 16

// loadAssets reads and hashes every embedded static file.
func loadAssets() (*assets, error) {
	a := &assets{byName: map[string]*assetFile{}, byURL: map[string]*assetFile{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(data)
		f := &assetFile{name: name, hash: hex.EncodeToString(sum[:])[:hashLen], ctype: assetContentType(name), data: data}
		f.url = "/static/" + hashedName(name, f.hash)
		a.byName[name] = f
		a.byURL[f.url] = f
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: load static files: %w", err)
	}
	return a, nil
}

// hashedName inserts the hash before the extension: "app.js" → "app.<hash>.js";
// a name without extension gets it appended: "VERSION" → "VERSION.<hash>".
func hashedName(name, hash string) string {
	ext := path.Ext(name)
	if ext == path.Base(name) { // ".hidden": no stem
		ext = ""
	}
	return strings.TrimSuffix(name, ext) + "." + hash + ext
}

// URL returns the hashed URL of a static file; templates call it as asset.
// An unknown name is a programming error and fails the template.
func (a *assets) URL(name string) (string, error) {
	f, ok := a.byName[name]
	if !ok {
		return "", fmt.Errorf("web: no static file %q", name)
	}
	return f.url, nil
}

func assetContentType(name string) string {
	switch path.Ext(name) {
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".yaml", ".yml":
		return "application/yaml; charset=utf-8" // RFC 9512
	case ".txt", "":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

func assetCompressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "yaml") ||
		strings.Contains(ctype, "json") || strings.Contains(ctype, "svg")
}

// gzipped returns the compressed body, compressing on first use, or nil
// when compression does not pay.
func (f *assetFile) gzipped() []byte {
	f.gzOnce.Do(func() {
		if !assetCompressible(f.ctype) || len(f.data) < 1024 {
			return
		}
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		if _, err := zw.Write(f.data); err != nil {
			return
		}
		if err := zw.Close(); err != nil {
			return
		}
		if b.Len() < len(f.data) {
			f.gz = b.Bytes()
		}
	})
	return f.gz
}

// serve writes the file with its ETag and the given Cache-Control, answering
// If-None-Match with 304 and gzip-capable clients with the compressed body.
func (f *assetFile) serve(w http.ResponseWriter, r *http.Request, cacheControl string) {
	body, etag := f.data, `"`+f.hash+`"`
	h := w.Header()
	h.Set("Vary", "Accept-Encoding")
	if gz := f.gzipped(); gz != nil && clientTakesGzip(r) {
		body, etag = gz, `"`+f.hash+`-gz"`
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", cacheControl)
	h.Set("ETag", etag)
	h.Set("X-Content-Type-Options", "nosniff")
	if inm := r.Header.Get("If-None-Match"); inm != "" && assetETagMatch(inm, etag) {
		h.Del("Content-Encoding")
		h.Del("Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

func clientTakesGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

func assetETagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// immutable is the Cache-Control of hashed URLs.
const immutable = "public, max-age=31536000, immutable"

// serveStatic serves GET /static/<name>.<hash>.<ext>; anything else below
// /static/ is 404 (see the package note above).
func (a *assets) serveStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := a.byURL[r.URL.Path]
	if !ok {
		http.Error(w, "404 nicht gefunden", http.StatusNotFound)
		return
	}
	f.serve(w, r, immutable)
}

// parseTemplates parses the layout with one page template; asset and the
// translation funcs are available to both.
func parseTemplates(a *assets, page string, more ...string) (*template.Template, error) {
	funcs := template.FuncMap{
		"asset":         a.URL,
		"t":             reportT, // the citizens' page's strings and the report form's
		"areaStates":    func() []campaigns.AreaState { return campaigns.AreaStates },
		"areaStateText": areaStateText,
	}
	files := []string{"templates/layout.html", "templates/" + page}
	for _, m := range more {
		files = append(files, "templates/"+m)
	}
	t, err := template.New(page).Funcs(funcs).ParseFS(templateFS, files...)
	if err != nil {
		return nil, fmt.Errorf("web: parse template %s: %w", page, err)
	}
	return t, nil
}
