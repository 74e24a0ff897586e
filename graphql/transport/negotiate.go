package transport

import (
	"mime"
	"strconv"
	"strings"
)

// Media types of GraphQL over HTTP.
const (
	mediaGraphQLResponse = "application/graphql-response+json"
	mediaJSON            = "application/json"
	mediaHTML            = "text/html"
)

// negotiate picks the response media type from the Accept header values:
// the offer with the highest quality, ties going to the order of offers.
// Without an Accept header the client gets application/graphql-response+json
// (the spec lets a server choose then, and its status codes carry meaning);
// */* and application/* pick it too, being first among the offers. It
// returns "" when the client accepts none of the offers: 406.
func negotiate(accept []string, offers ...string) string {
	ranges := parseAccept(accept)
	if ranges == nil {
		return offers[0]
	}
	best, bestQ := "", 0.0
	for _, offer := range offers {
		if q := quality(ranges, offer); q > bestQ {
			best, bestQ = offer, q
		}
	}
	return best
}

type mediaRange struct {
	typ, subtype string
	q            float64
	// charsetOK is false when the range names a charset other than UTF-8,
	// the only one GraphQL over HTTP speaks.
	charsetOK bool
}

// parseAccept returns nil when there is no Accept header (or only empty
// ones, which clients send to mean the same), and an empty slice when there
// is one without any usable range.
func parseAccept(values []string) []mediaRange {
	if strings.TrimSpace(strings.Join(values, "")) == "" {
		return nil
	}
	ranges := []mediaRange{}
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			if strings.TrimSpace(part) == "" {
				continue
			}
			mt, params, err := mime.ParseMediaType(part)
			if err != nil {
				continue
			}
			typ, subtype, ok := strings.Cut(mt, "/")
			if !ok {
				continue
			}
			r := mediaRange{typ: typ, subtype: subtype, q: 1, charsetOK: true}
			if qs, ok := params["q"]; ok {
				q, err := strconv.ParseFloat(qs, 64)
				if err != nil || q < 0 || q > 1 {
					continue
				}
				r.q = q
			}
			if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
				r.charsetOK = false
			}
			ranges = append(ranges, r)
		}
	}
	return ranges
}

// quality of offer under RFC 9110: the most specific matching range wins.
func quality(ranges []mediaRange, offer string) float64 {
	typ, subtype, _ := strings.Cut(offer, "/")
	bestSpecificity, q := -1, 0.0
	for _, r := range ranges {
		specificity := -1
		switch {
		case r.typ == typ && r.subtype == subtype:
			specificity = 2
		case r.typ == typ && r.subtype == "*":
			specificity = 1
		case r.typ == "*" && r.subtype == "*":
			specificity = 0
		}
		if specificity > bestSpecificity {
			bestSpecificity = specificity
			q = r.q
			if !r.charsetOK {
				q = 0
			}
		}
	}
	return q
}

// jsonContentType reports whether a POST body's Content-Type is
// application/json in UTF-8 (the charset may be absent: UTF-8 is assumed).
func jsonContentType(header string) bool {
	mt, params, err := mime.ParseMediaType(header)
	if err != nil || mt != mediaJSON {
		return false
	}
	cs, ok := params["charset"]
	return !ok || strings.EqualFold(cs, "utf-8")
}
