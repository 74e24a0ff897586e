package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// TokenPrefix starts every token, so that a leaked one is easy to recognise
// (secret scanners, logs) and a wrong credential is refused without a
// database round trip.
const TokenPrefix = "pln_"

const tokenBytes = 32

// tokenLength is the length of a well-formed token: the prefix and 32 bytes
// in unpadded base64url.
var tokenLength = len(TokenPrefix) + base64.RawURLEncoding.EncodedLen(tokenBytes)

// newToken returns a fresh token and the hash to store for it.
func newToken() (token string, hash []byte) {
	secret := make([]byte, tokenBytes)
	// crypto/rand.Read never fails (it panics if the OS cannot provide
	// randomness rather than return weak bytes).
	_, _ = rand.Read(secret)
	token = TokenPrefix + base64.RawURLEncoding.EncodeToString(secret)
	return token, hashToken(token)
}

// hashToken is what the database stores and looks tokens up by.
func hashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// wellFormed reports whether token could have been issued by newToken.
func wellFormed(token string) bool {
	if len(token) != tokenLength || !strings.HasPrefix(token, TokenPrefix) {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(token[len(TokenPrefix):])
	return err == nil
}

// BearerToken extracts the token from an Authorization header value
// ("Bearer pln_…"; the scheme is case-insensitive). ok is false when the
// header is empty or uses another scheme.
func BearerToken(header string) (token string, ok bool) {
	scheme, token, found := strings.Cut(strings.TrimSpace(header), " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}
