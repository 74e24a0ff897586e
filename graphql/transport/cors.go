package transport

import (
	"net/http"
	"net/url"
	"strings"
)

// CORS for /graphql: off unless Config.CORSOrigins lists the page's
// origin. Credentials are never allowed: the API authenticates with a
// bearer token the calling page sends itself, never with cookies, so a
// listed origin gets exactly what its token may do.

func validOrigin(o string) bool {
	u, err := url.Parse(o)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		u.Path == "" && u.RawQuery == "" && u.Fragment == "" && u.User == nil && o == strings.TrimRight(o, "/")
}

// cors answers a preflight and adds the CORS headers for an allowed origin.
// It reports true when the request was a preflight and has been answered.
func (h *handler) cors(w http.ResponseWriter, r *http.Request) (answered bool) {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	w.Header().Add("Vary", "Origin")
	allowed := false
	for _, o := range h.cfg.CORSOrigins {
		if strings.EqualFold(o, origin) {
			allowed = true
			break
		}
	}
	preflight := r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
	if !allowed {
		if preflight {
			// No CORS headers: the browser refuses the actual request.
			w.WriteHeader(http.StatusNoContent)
			return true
		}
		return false
	}
	w.Header().Set("Access-Control-Allow-Origin", origin)
	if preflight {
		w.Header().Set("Access-Control-Allow-Methods", "GET, POST")
		w.Header().Set("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept")
		w.Header().Set("Access-Control-Max-Age", "600")
		w.WriteHeader(http.StatusNoContent)
		return true
	}
	w.Header().Set("Access-Control-Expose-Headers", "Retry-After")
	return false
}
