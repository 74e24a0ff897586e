package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

func get(t *testing.T, h http.Handler, method, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// assetRef finds the files index.html loads.
var assetRef = regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`)

func TestIndexAndAssets(t *testing.T) {
	h := Handler(Dist())
	for _, path := range []string{"/", "/graphql", "/index.html"} {
		w := get(t, h, http.MethodGet, path)
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
			t.Fatalf("%s: %d %q", path, w.Code, w.Header().Get("Content-Type"))
		}
		if got := w.Header().Get("Cache-Control"); got != "no-cache" {
			t.Errorf("%s: Cache-Control %q, want no-cache", path, got)
		}
		if got := w.Header().Get("Content-Security-Policy"); got != ContentSecurityPolicy {
			t.Errorf("%s: CSP %q", path, got)
		}
		if w.Header().Get("X-Frame-Options") != "DENY" || w.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: headers %v", path, w.Header())
		}
	}
	index := get(t, h, http.MethodGet, "/")
	etag := index.Header().Get("ETag")
	if etag == "" {
		t.Fatal("index has no ETag")
	}
	if w := get(t, h, http.MethodGet, "/", "If-None-Match", etag); w.Code != http.StatusNotModified {
		t.Errorf("revalidation: %d, want 304", w.Code)
	}
	refs := assetRef.FindAllStringSubmatch(index.Body.String(), -1)
	if len(refs) < 2 {
		t.Fatalf("index.html loads %d assets, want a script and a style sheet:\n%s", len(refs), index.Body.String())
	}
	for _, ref := range refs {
		w := get(t, h, http.MethodGet, ref[1])
		if w.Code != http.StatusOK {
			t.Errorf("%s: %d", ref[1], w.Code)
			continue
		}
		if got := w.Header().Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q", ref[1], got)
		}
		ct := w.Header().Get("Content-Type")
		if !strings.HasPrefix(ct, "text/javascript") && !strings.HasPrefix(ct, "text/css") {
			t.Errorf("%s: Content-Type %q", ref[1], ct)
		}
	}
}

func TestRefusals(t *testing.T) {
	h := Handler(Dist())
	for _, path := range []string{"/nope", "/assets/", "/assets/nope.js", "/../go.mod", "/strategies"} {
		if w := get(t, h, http.MethodGet, path); w.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, w.Code)
		}
	}
	if w := get(t, h, http.MethodPost, "/"); w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST /: %d %v", w.Code, w.Header())
	}
	if w := get(t, h, http.MethodHead, "/"); w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Errorf("HEAD /: %d, %d bytes", w.Code, w.Body.Len())
	}
}

// externalURL finds absolute and protocol-relative URLs; absoluteURL only
// absolute ones (in scripts, "//x.test" is as often a regular expression).
var (
	externalURL = regexp.MustCompile(`(?i)(?:https?:)?//[a-z0-9][a-z0-9.-]*\.[a-z]{2,}[^\s"'()<>\x60]*`)
	absoluteURL = regexp.MustCompile(`(?i)https?://[a-z0-9][a-z0-9.-]*\.[a-z]{2,}[^\s"'()<>\x60]*`)
)

// referenceHosts are hosts that the bundled libraries name in text but
// never load from: XML namespace identifiers and links in error messages
// and documentation strings. A host not listed here fails the test until
// someone has checked what the new URL is for. What a browser actually
// loads is checked by the browser tests (web/test), which fail on any
// request that leaves the service, and by the Content-Security-Policy.
var referenceHosts = map[string]string{
	"www.w3.org":       "SVG, XHTML, XLink, MathML and XML namespace names (React, ECharts)",
	"reactjs.org":      "React's error decoder link in production error messages",
	"react.dev":        "React's error decoder link in production error messages",
	"github.com":       "GraphiQL's link to its repository and examples in messages",
	"yarnpkg.com":      "a link in a GraphiQL warning about duplicate graphql copies",
	"en.wikipedia.org": "a link in graphql-js's error message about IEEE floats",
	"commonmark.org":   "markdown-it's link in a comment string",
	"codemirror.net":   "CodeMirror 5's link in a keymap error message",
}

// externalURLs lists every URL in files that a page could load from
// outside the service.
func externalURLs(files fs.FS) ([]string, error) {
	var found []string
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		text := string(b)
		switch {
		case strings.HasSuffix(p, ".html"), strings.HasSuffix(p, ".css"):
			// Pages and style sheets name nothing outside the service at all.
			for _, u := range externalURL.FindAllString(text, -1) {
				found = append(found, p+": "+u)
			}
		case strings.HasSuffix(p, ".js"):
			for _, u := range absoluteURL.FindAllString(text, -1) {
				host := strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(u), "https://"), "http://")
				host, _, _ = strings.Cut(host, "/")
				host, _, _ = strings.Cut(host, "?")
				host, _, _ = strings.Cut(host, "#")
				if _, ok := referenceHosts[host]; !ok {
					found = append(found, p+": "+u)
				}
			}
		}
		return nil
	})
	return found, err
}

func TestNoExternalURLs(t *testing.T) {
	found, err := externalURLs(Dist())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range found {
		t.Errorf("external URL (not a known reference-only host): %s", u)
	}
}

// The check itself finds what it is for.
func TestExternalURLsFound(t *testing.T) {
	files := fstest.MapFS{
		"index.html":    {Data: []byte(`<script src="https://unpkg.com/react.js"></script><link href="//cdn.example.com/x.css">`)},
		"assets/a.css":  {Data: []byte(`@import url(https://fonts.googleapis.com/css2?family=Roboto);`)},
		"assets/b.js":   {Data: []byte(`import("https://cdn.example.com/x.js"); const ns = "http://www.w3.org/2000/svg"; /\/\/i.test(x)`)},
		"assets/ok.css": {Data: []byte(`body { background: url(/assets/bg.png) }`)},
	}
	found, err := externalURLs(files)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 4 {
		t.Errorf("found %d, want 4 (unpkg, cdn css, google fonts, cdn js): %q", len(found), found)
	}
}

// sourceRoots and the format below follow web/sources-hash.mjs, which
// writes the same fingerprint into dist/build-sources.txt at build time.
var sourceRoots = []string{"index.html", "package-lock.json", "vite.config.ts", "tsconfig.json", "codegen.ts", "sources-hash.mjs", "src"}

func sourcesFingerprint(t *testing.T) string {
	t.Helper()
	var files []string
	for _, r := range sourceRoots {
		err := filepath.WalkDir(r, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				files = append(files, filepath.ToSlash(p))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	sort.Strings(files)
	all := sha256.New()
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		all.Write([]byte(f + "\n" + hex.EncodeToString(sum[:]) + "\n"))
	}
	return hex.EncodeToString(all.Sum(nil))
}

// TestDistMatchesSources fails when web/src (or the lockfile, or the build
// configuration) changed and the committed dist was not rebuilt.
func TestDistMatchesSources(t *testing.T) {
	built, err := fs.ReadFile(Dist(), "build-sources.txt")
	if err != nil {
		t.Fatalf("dist has no build-sources.txt: build the front end (cd web && npm ci && npm run build): %v", err)
	}
	if want := sourcesFingerprint(t); strings.TrimSpace(string(built)) != want {
		t.Fatalf("web/dist was built from other sources (%s) than the checked-out ones (%s): run `cd web && npm ci && npm run build` and commit web/dist",
			strings.TrimSpace(string(built)), want)
	}
}
