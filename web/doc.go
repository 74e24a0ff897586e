// Package web serves the browser front end: the single-page app built from
// web/src by Vite into web/dist, embedded into the binary with go:embed so
// that a plain `go build ./cmd/planner` serves it with no Node installed and
// a browser needs nothing from outside the service.
//
// The built files are committed (web/dist): `make run` and `make test`
// rebuild them from the lockfile first, and TestDistMatchesSources fails
// when the sources changed without a rebuild. Hashed assets (/assets/…)
// are cached for a year as immutable; index.html is revalidated on every
// load (no-cache with an ETag), so a new binary's pages arrive at once.
// Every page carries a Content-Security-Policy that allows only this origin,
// which also makes a browser refuse anything a bundle might try to load
// from elsewhere.
package web
