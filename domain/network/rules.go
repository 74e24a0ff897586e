package network

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// Bounds of the network's own fields; names use domain.MaxNameLength.
const (
	MaxAddressLength = 500
	MaxWebsiteLength = 500
	// MaxEmailLength is the longest address SMTP can carry (RFC 5321).
	MaxEmailLength = 254
	MaxPhoneLength = 50
)

// PartnerRole is an organisation's role in the network (the Interreg
// project).
type PartnerRole string

// The partner roles of the public contract.
const (
	LeadPartner PartnerRole = "LEAD_PARTNER"
	Partner     PartnerRole = "PARTNER"
	Associated  PartnerRole = "ASSOCIATED"
)

// Valid reports whether r is one of the known roles.
func (r PartnerRole) Valid() bool {
	switch r {
	case LeadPartner, Partner, Associated:
		return true
	}
	return false
}

func checkRole(c *domain.Checks, r PartnerRole, path ...string) {
	c.Require(r.Valid(), "must be LEAD_PARTNER, PARTNER or ASSOCIATED", path...)
}

// checkCountry accepts an ISO 3166-1 alpha-2 code in upper case. It checks
// the shape only: the list of assigned codes changes, and a wrong but
// well-formed code is for an administrator to correct.
func checkCountry(c *domain.Checks, country string, path ...string) {
	ok := len(country) == 2
	for i := 0; ok && i < len(country); i++ {
		ok = country[i] >= 'A' && country[i] <= 'Z'
	}
	c.Require(ok, "must be an ISO 3166-1 alpha-2 code in upper case, e.g. DE", path...)
}

// checkOptionalName checks a name that may be empty (empty means none).
func checkOptionalName(c *domain.Checks, value string, path ...string) {
	if value != "" {
		c.Name(value, path...)
	}
}

// checkLine checks optional single-line text of at most max characters.
func checkLine(c *domain.Checks, value string, max int, path ...string) {
	c.Text(value, max, path...)
	if strings.ContainsAny(value, "\n\r") {
		c.Fail("must be a single line", path...)
	}
}

// checkEmail checks an optional email address by its shape only: one @
// with something on both sides and no white space. Whether it reaches
// anyone is not the planner's to know.
func checkEmail(c *domain.Checks, email string, path ...string) {
	if email == "" {
		return
	}
	local, host, _ := strings.Cut(email, "@")
	switch {
	case utf8.RuneCountInString(email) > MaxEmailLength:
		c.Fail(fmt.Sprintf("must be at most %d characters", MaxEmailLength), path...)
	case strings.Count(email, "@") != 1 || local == "" || host == "":
		c.Fail("must be an email address with one @", path...)
	case strings.IndexFunc(email, unicode.IsSpace) >= 0:
		c.Fail("must not contain white space", path...)
	case domain.TextProblem(email) != "":
		c.Fail(domain.TextProblem(email), path...)
	}
}

// checkPhone checks an optional phone number as people write them:
// digits, spaces and + ( ) - / only, with at least one digit.
func checkPhone(c *domain.Checks, phone string, path ...string) {
	if phone == "" {
		return
	}
	if len(phone) > MaxPhoneLength {
		c.Fail(fmt.Sprintf("must be at most %d characters", MaxPhoneLength), path...)
		return
	}
	digits := 0
	for _, r := range phone {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +()-/", r):
		default:
			c.Fail("must contain only digits, spaces and + ( ) - /", path...)
			return
		}
	}
	c.Require(digits > 0, "must contain a digit", path...)
}

func checkID(c *domain.Checks, id uuid.UUID, path ...string) {
	c.Require(id != uuid.Nil, "must be an id", path...)
}

// newID takes a fresh id from the context; a context without a source is a
// wiring mistake that should not crash a decision, so it falls back to a
// random one.
func newID(c domain.Context) uuid.UUID {
	if c.NewID != nil {
		return c.NewID()
	}
	return uuid.New()
}

// optionalString renders "" (none) as null in a Document.
func optionalString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// valueOrNone returns an optional text field's new value: "" (none) when it
// was sent as null.
func valueOrNone(o domain.Optional[string]) string {
	if o.Null {
		return ""
	}
	return o.Value
}
