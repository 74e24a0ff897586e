package transport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"unicode/utf8"
)

// request holds the parameters of a GraphQL request, over HTTP or in a
// WebSocket "subscribe" message.
type request struct {
	Query         string
	OperationName string
	Variables     map[string]any
}

// badRequest is a request that is not a well-formed GraphQL-over-HTTP
// request; it is refused with status (400 or 413) whatever the media type.
type badRequest struct {
	status  int
	message string
}

func (e *badRequest) Error() string { return e.message }

func malformed(format string, args ...any) *badRequest {
	return &badRequest{status: http.StatusBadRequest, message: fmt.Sprintf(format, args...)}
}

// decodeGET reads the parameters of a GET request from its query string,
// where variables and extensions are JSON texts.
func decodeGET(rawQuery string) (request, *badRequest) {
	values, err := url.ParseQuery(rawQuery)
	if err != nil {
		return request{}, malformed("malformed query string: %v", err)
	}
	if _, ok := values["query"]; !ok {
		return request{}, malformed("missing query parameter")
	}
	for _, name := range []string{"query", "operationName", "variables", "extensions"} {
		if v := values.Get(name); !utf8.ValidString(v) || hasLoneSurrogate([]byte(v)) {
			return request{}, malformed("%s must be valid UTF-8", name)
		}
	}
	req := request{Query: values.Get("query"), OperationName: values.Get("operationName")}
	if v := values.Get("variables"); v != "" {
		if req.Variables, err = decodeObject([]byte(v)); err != nil {
			return request{}, malformed("variables must be a JSON object: %v", err)
		}
	}
	if v := values.Get("extensions"); v != "" {
		if _, err := decodeObject([]byte(v)); err != nil {
			return request{}, malformed("extensions must be a JSON object: %v", err)
		}
	}
	return req, nil
}

// decodePOST reads the JSON body of a POST request. A body over maxBytes
// gets 413; the check on its Content-Type is the caller's.
func decodePOST(w http.ResponseWriter, r *http.Request, maxBytes int64) (request, *badRequest) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBytes))
	if err != nil {
		if tooBig := (*http.MaxBytesError)(nil); errors.As(err, &tooBig) {
			return request{}, &badRequest{
				status:  http.StatusRequestEntityTooLarge,
				message: fmt.Sprintf("request body exceeds %d bytes", maxBytes),
			}
		}
		return request{}, malformed("reading request body: %v", err)
	}
	return decodeBody(body)
}

// decodeBody checks each parameter's JSON type as the spec says: query a
// string, operationName a string or null, variables and extensions objects
// or null. Unknown parameters are ignored.
func decodeBody(body []byte) (request, *badRequest) {
	if len(bytes.TrimSpace(body)) == 0 {
		return request{}, malformed("request body is empty")
	}
	// encoding/json would quietly turn invalid UTF-8 and lone surrogate
	// escapes into U+FFFD, storing text the client never sent.
	if !utf8.Valid(body) || hasLoneSurrogate(body) {
		return request{}, malformed("request body must be valid UTF-8")
	}
	var params map[string]json.RawMessage
	if err := json.Unmarshal(body, &params); err != nil || params == nil {
		return request{}, malformed("request body must be a JSON object")
	}
	var req request
	query, ok := params["query"]
	if !ok || isNull(query) {
		return request{}, malformed("missing query parameter")
	}
	if err := decodeString(query, &req.Query); err != nil {
		return request{}, malformed("query must be a string")
	}
	if v, ok := params["operationName"]; ok && !isNull(v) {
		if err := decodeString(v, &req.OperationName); err != nil {
			return request{}, malformed("operationName must be a string or null")
		}
	}
	if v, ok := params["variables"]; ok && !isNull(v) {
		var err error
		if req.Variables, err = decodeObject(v); err != nil {
			return request{}, malformed("variables must be an object or null")
		}
	}
	if v, ok := params["extensions"]; ok && !isNull(v) {
		if _, err := decodeObject(v); err != nil {
			return request{}, malformed("extensions must be an object or null")
		}
	}
	return req, nil
}

func isNull(raw json.RawMessage) bool {
	return string(bytes.TrimSpace(raw)) == "null"
}

func decodeString(raw json.RawMessage, dst *string) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '"' {
		return errors.New("not a string")
	}
	return json.Unmarshal(raw, dst)
}

// decodeObject decodes a JSON object; "null" yields a nil map. Numbers
// become float64, which graphql-go coerces to Int and Float.
func decodeObject(raw []byte) (map[string]any, error) {
	raw = bytes.TrimSpace(raw)
	if string(raw) == "null" {
		return nil, nil
	}
	if len(raw) == 0 || raw[0] != '{' {
		return nil, errors.New("not an object")
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	return m, nil
}

// hasLoneSurrogate reports whether JSON text holds a \uXXXX escape of a
// UTF-16 surrogate that is not half of a pair.
func hasLoneSurrogate(b []byte) bool {
	for i := 0; i+5 < len(b); i++ {
		if b[i] != '\\' {
			continue
		}
		if b[i+1] != 'u' {
			i++ // an escaped character, maybe a backslash
			continue
		}
		r, ok := hex4(b[i+2:])
		if !ok || r < 0xD800 || r > 0xDFFF {
			i += 5
			continue
		}
		if r >= 0xDC00 {
			return true // a low half without a high half before it
		}
		if i+12 > len(b) {
			return true
		}
		if b[i+6] != '\\' || b[i+7] != 'u' {
			return true
		}
		lo, ok := hex4(b[i+8:])
		if !ok || lo < 0xDC00 || lo > 0xDFFF {
			return true
		}
		i += 11
	}
	return false
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	n, err := strconv.ParseUint(string(b[:4]), 16, 32)
	return rune(n), err == nil
}
