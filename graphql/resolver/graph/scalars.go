package graph

import (
	"encoding/json"
	"fmt"
	"time"

	graphql "github.com/graph-gophers/graphql-go"
)

// The contract's custom scalars and the nullable input wrappers graphql-go
// lacks. Input scalars accept any string and leave checking to the domain
// (or to the resolver): an error from UnmarshalGraphQL would reach the
// client without a path or an extensions.code, while the domain names the
// input field, e.g. ["input","due"].

// DateTime is an RFC 3339 instant with offset, served in UTC.
type DateTime struct {
	time.Time
	// raw is the text of an input value, parsed by the resolver that uses
	// it so that a bad value is a validation error on its field.
	raw string
}

func NewDateTime(t time.Time) DateTime { return DateTime{Time: t} }

// ImplementsGraphQLType implements decode.Unmarshaler.
func (DateTime) ImplementsGraphQLType(name string) bool { return name == "DateTime" }

// UnmarshalGraphQL implements decode.Unmarshaler.
func (t *DateTime) UnmarshalGraphQL(input any) error {
	s, ok := input.(string)
	if !ok {
		return fmt.Errorf("DateTime must be a string, got %T", input)
	}
	t.raw = s
	return nil
}

// MarshalJSON serves the instant in UTC with as many fractional digits as
// it has (PostgreSQL keeps microseconds).
func (t DateTime) MarshalJSON() ([]byte, error) {
	return json.Marshal(t.UTC().Format(time.RFC3339Nano))
}

// parse checks an input value; the offset is required, as the contract says.
func (t DateTime) parse() (time.Time, error) {
	parsed, err := time.Parse(time.RFC3339Nano, t.raw)
	if err != nil {
		return time.Time{}, fmt.Errorf("must be an RFC 3339 timestamp with offset, e.g. 2026-11-26T10:00:00Z")
	}
	return parsed, nil
}

// Date is a calendar date, YYYY-MM-DD. The domain keeps dates as such
// strings and checks them, so the scalar only carries the text.
type Date string

// ImplementsGraphQLType implements decode.Unmarshaler.
func (Date) ImplementsGraphQLType(name string) bool { return name == "Date" }

// UnmarshalGraphQL implements decode.Unmarshaler.
func (d *Date) UnmarshalGraphQL(input any) error {
	s, ok := input.(string)
	if !ok {
		return fmt.Errorf("Date must be a string, got %T", input)
	}
	*d = Date(s)
	return nil
}

// NullDate is an optional Date input that tells an omitted value (Set
// false) from an explicit null (Set true, Value nil).
type NullDate struct {
	Value *Date
	Set   bool
}

// ImplementsGraphQLType implements decode.Unmarshaler.
func (NullDate) ImplementsGraphQLType(name string) bool { return name == "Date" }

// UnmarshalGraphQL implements decode.Unmarshaler.
func (d *NullDate) UnmarshalGraphQL(input any) error {
	d.Set = true
	if input == nil {
		return nil
	}
	d.Value = new(Date)
	return d.Value.UnmarshalGraphQL(input)
}

// Nullable marks NullDate as accepting null (graphql-go's NullUnmarshaller).
func (*NullDate) Nullable() {}

// JSON is any JSON value, served as it is.
type JSON struct {
	Value any
}

// ImplementsGraphQLType implements decode.Unmarshaler.
func (JSON) ImplementsGraphQLType(name string) bool { return name == "JSON" }

// UnmarshalGraphQL implements decode.Unmarshaler.
func (j *JSON) UnmarshalGraphQL(input any) error {
	j.Value = input
	return nil
}

// MarshalJSON implements json.Marshaler.
func (j JSON) MarshalJSON() ([]byte, error) { return json.Marshal(j.Value) }

// NullIDList is an optional [ID!] input of an update: omitted (Set false)
// leaves the list unchanged, null clears it, a list replaces it.
// graphql-go's own null types cover scalars only, and a *[]ID cannot tell
// null from omitted.
type NullIDList struct {
	Value []graphql.ID
	Set   bool
	Null  bool
}

// ImplementsGraphQLType implements decode.Unmarshaler; graphql-go asks
// with the list type's name.
func (NullIDList) ImplementsGraphQLType(name string) bool { return name == "[ID!]" }

// UnmarshalGraphQL implements decode.Unmarshaler.
func (l *NullIDList) UnmarshalGraphQL(input any) error {
	items, null, err := listInput(input)
	l.Set, l.Null = true, null
	if err != nil || null {
		return err
	}
	l.Value = make([]graphql.ID, len(items))
	for i, item := range items {
		s, ok := item.(string)
		if !ok {
			return fmt.Errorf("ID must be a string, got %T", item)
		}
		l.Value[i] = graphql.ID(s)
	}
	return nil
}

// Nullable marks NullIDList as accepting null.
func (*NullIDList) Nullable() {}

// NullStringList is NullIDList for [String!].
type NullStringList struct {
	Value []string
	Set   bool
	Null  bool
}

// ImplementsGraphQLType implements decode.Unmarshaler.
func (NullStringList) ImplementsGraphQLType(name string) bool { return name == "[String!]" }

// UnmarshalGraphQL implements decode.Unmarshaler.
func (l *NullStringList) UnmarshalGraphQL(input any) error {
	items, null, err := listInput(input)
	l.Set, l.Null = true, null
	if err != nil || null {
		return err
	}
	l.Value = make([]string, len(items))
	for i, item := range items {
		s, ok := item.(string)
		if !ok {
			return fmt.Errorf("list item must be a string, got %T", item)
		}
		l.Value[i] = s
	}
	return nil
}

// Nullable marks NullStringList as accepting null.
func (*NullStringList) Nullable() {}

// listInput applies GraphQL's input coercion for lists: a single value
// stands for a list of one.
func listInput(input any) (items []any, null bool, err error) {
	switch v := input.(type) {
	case nil:
		return nil, true, nil
	case []any:
		return v, false, nil
	default:
		return []any{v}, false, nil
	}
}
