package auth_test

import (
	"fmt"
	"testing"

	"github.com/creativeclusters/planner/auth"
)

func TestBearerTokenReadsTheAuthorizationHeader(t *testing.T) {
	t.Parallel()
	tests := []struct {
		header, token string
		ok            bool
	}{
		{"Bearer pln_abc", "pln_abc", true},
		{"bearer pln_abc", "pln_abc", true},
		{"  Bearer   pln_abc  ", "pln_abc", true},
		{"Basic dXNlcjpwYXNz", "", false},
		{"Bearer", "", false},
		{"Bearer ", "", false},
		{"", "", false},
		{"pln_abc", "", false},
	}
	for _, tt := range tests {
		token, ok := auth.BearerToken(tt.header)
		if token != tt.token || ok != tt.ok {
			t.Errorf("BearerToken(%q) = %q, %v; want %q, %v", tt.header, token, ok, tt.token, tt.ok)
		}
	}
}

func ExampleBearerToken() {
	token, ok := auth.BearerToken("Bearer pln_3YiWixREzjNOB3EOi0dgBSe_6BcaZPgVbmyaqoM3zBw")
	fmt.Println(token, ok)
	_, ok = auth.BearerToken("Basic dXNlcjpwYXNz")
	fmt.Println(ok)
	// output:
	// pln_3YiWixREzjNOB3EOi0dgBSe_6BcaZPgVbmyaqoM3zBw true
	// false
}
