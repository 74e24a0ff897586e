// Package ssotest is an OpenID Connect issuer for tests: an httptest
// server publishing a discovery document and the JWKS of an RSA key the
// test generated, and a signer of tokens under that key (or another one,
// for tokens whose signature must not verify).
package ssotest

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Issuer is a running in-test identity provider.
type Issuer struct {
	URL string
	key *rsa.PrivateKey
	kid string
}

// NewIssuer starts an issuer, stopped when t ends.
func NewIssuer(t testing.TB) *Issuer {
	t.Helper()
	i := &Issuer{key: NewKey(t), kid: "test-key-1"}
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	i.URL = srv.URL
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, map[string]any{
			"issuer":                                i.URL,
			"authorization_endpoint":                i.URL + "/authorize",
			"token_endpoint":                        i.URL + "/token",
			"jwks_uri":                              i.URL + "/keys",
			"id_token_signing_alg_values_supported": []string{"RS256"},
		})
	})
	mux.HandleFunc("/keys", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
			{Key: &i.key.PublicKey, KeyID: i.kid, Algorithm: string(jose.RS256), Use: "sig"},
		}})
	})
	return i
}

// NewKey generates an RSA signing key.
func NewKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// Claims returns the claims of a valid ID token for audience and email,
// issued now and expiring in an hour; change them to make bad tokens.
func (i *Issuer) Claims(audience, email string) map[string]any {
	now := time.Now()
	return map[string]any{
		"iss":            i.URL,
		"sub":            "subject-" + email,
		"aud":            audience,
		"iat":            now.Unix(),
		"exp":            now.Add(time.Hour).Unix(),
		"email":          email,
		"email_verified": true,
		"name":           "Test " + email,
	}
}

// Token signs claims with the issuer's key.
func (i *Issuer) Token(t testing.TB, claims map[string]any) string {
	t.Helper()
	return Sign(t, i.key, i.kid, claims)
}

// ForgedToken signs claims with another key under the issuer's key id: a
// token whose signature does not verify.
func (i *Issuer) ForgedToken(t testing.TB, claims map[string]any) string {
	t.Helper()
	return Sign(t, NewKey(t), i.kid, claims)
}

// Sign signs claims with key as an RS256 JWT naming kid.
func Sign(t testing.TB, key *rsa.PrivateKey, kid string, claims map[string]any) string {
	t.Helper()
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: kid}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	token, err := jwt.Signed(signer).Claims(claims).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
