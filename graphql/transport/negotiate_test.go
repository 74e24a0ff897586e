package transport

import "testing"

func TestNegotiate(t *testing.T) {
	offers := []string{mediaGraphQLResponse, mediaJSON, mediaHTML}
	tests := []struct {
		accept []string
		want   string
	}{
		{nil, mediaGraphQLResponse},
		{[]string{""}, mediaGraphQLResponse},
		{[]string{","}, ""},
		{[]string{"*/*"}, mediaGraphQLResponse},
		{[]string{"application/json"}, mediaJSON},
		{[]string{"application/json", "application/graphql-response+json"}, mediaGraphQLResponse},
		{[]string{"application/graphql-response+json;q=0.9, application/json"}, mediaJSON},
		{[]string{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}, mediaHTML},
		{[]string{"application/*;q=0.5, text/html;q=0.4"}, mediaGraphQLResponse},
		{[]string{"*/*, application/graphql-response+json;q=0"}, mediaJSON},
		{[]string{"application/json;charset=latin1"}, ""},
		{[]string{"application/json;q=nonsense"}, ""},
		{[]string{"image/png"}, ""},
	}
	for _, tt := range tests {
		if got := negotiate(tt.accept, offers...); got != tt.want {
			t.Errorf("Accept %q: %q, want %q", tt.accept, got, tt.want)
		}
	}
}

func TestJSONContentType(t *testing.T) {
	for ct, want := range map[string]bool{
		"application/json":                  true,
		"application/json; charset=utf-8":   true,
		"Application/JSON; Charset=UTF-8":   true,
		"application/json; charset=latin1":  false,
		"application/graphql-response+json": false,
		"text/plain":                        false,
		"":                                  false,
	} {
		if got := jsonContentType(ct); got != want {
			t.Errorf("%q: %v, want %v", ct, got, want)
		}
	}
}
