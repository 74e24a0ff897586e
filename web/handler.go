package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed all:dist
var dist embed.FS

// Dist is the built front end (the contents of web/dist).
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic("web: embedded dist missing: " + err.Error())
	}
	return sub
}

// ContentSecurityPolicy is sent with every page and asset. Only this origin
// may be loaded from or connected to ('self' covers ws:// and wss:// to the
// same host in CSP 3); styles allow 'unsafe-inline' because GraphiQL and
// the charts set style attributes; nothing may frame the pages. A sign-in
// with an OpenID provider from the page (README, "Single sign-on") will
// need the issuer's origin in connect-src for its token endpoint.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// Handler serves the front end from files (normally Dist()):
//   - the app shell index.html at "/" and, for a browser, at any path the
//     caller routes here for a page (the API hands it GET /graphql with
//     Accept: text/html, which the app shows as GraphiQL);
//   - every other file of files at its path, /assets/ ones as immutable.
//
// Anything else is 404. Only GET and HEAD are served.
func Handler(files fs.FS) http.Handler {
	h := &handler{files: files, etags: map[string]string{}, index: mustRead(files, "index.html")}
	_ = fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, err := fs.ReadFile(files, p); err == nil {
				sum := sha256.Sum256(b)
				h.etags[p] = `"` + hex.EncodeToString(sum[:12]) + `"`
			}
		}
		return nil
	})
	return h
}

type handler struct {
	files fs.FS
	index []byte
	etags map[string]string
}

func mustRead(files fs.FS, name string) []byte {
	b, err := fs.ReadFile(files, name)
	if err != nil {
		panic("web: " + name + " missing from the front end's files: " + err.Error())
	}
	return b
}

// pagePaths are the paths served the app shell. The app routes in the URL
// fragment (#/strategies/…), so the server needs to know no page but these.
var pagePaths = map[string]bool{"/": true, "/index.html": true, "/graphql": true}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	hd := w.Header()
	hd.Set("Content-Security-Policy", ContentSecurityPolicy)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Frame-Options", "DENY")

	p := r.URL.Path
	if pagePaths[p] {
		hd.Set("Content-Type", "text/html; charset=utf-8")
		hd.Set("Cache-Control", "no-cache")
		hd.Set("ETag", h.etags["index.html"])
		http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(h.index))
		return
	}
	name := strings.TrimPrefix(path.Clean(p), "/")
	etag, ok := h.etags[name]
	if !ok || name == "" || strings.HasSuffix(p, "/") {
		http.NotFound(w, r)
		return
	}
	b, err := fs.ReadFile(h.files, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if strings.HasPrefix(name, "assets/") {
		// Vite puts a content hash in every name under assets/: a changed
		// file gets a new name, so a cached one never goes stale.
		hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hd.Set("Cache-Control", "no-cache")
	}
	hd.Set("ETag", etag)
	// ServeContent sets Content-Type from the extension and answers
	// If-None-Match and Range.
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}
