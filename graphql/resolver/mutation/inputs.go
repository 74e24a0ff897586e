package mutation

import (
	"fmt"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
)

// Update inputs tell an omitted field (unchanged) from an explicit null
// (cleared; refused by the domain on a required field). graphql-go's
// Null* types and this package's NullDate, NullIDList, NullStringList and
// NullPartnerRole carry that difference; these helpers turn them into
// domain.Optional.

func optString(v graphql.NullString) domain.Optional[string] {
	switch {
	case !v.Set:
		return domain.Optional[string]{}
	case v.Value == nil:
		return domain.Null[string]()
	}
	return domain.Some(*v.Value)
}

func optInt(v graphql.NullInt) domain.Optional[int] {
	switch {
	case !v.Set:
		return domain.Optional[int]{}
	case v.Value == nil:
		return domain.Null[int]()
	}
	return domain.Some(int(*v.Value))
}

func optFloat(v graphql.NullFloat) domain.Optional[float64] {
	switch {
	case !v.Set:
		return domain.Optional[float64]{}
	case v.Value == nil:
		return domain.Null[float64]()
	}
	return domain.Some(*v.Value)
}

func optDate(v graph.NullDate) domain.Optional[string] {
	switch {
	case !v.Set:
		return domain.Optional[string]{}
	case v.Value == nil:
		return domain.Null[string]()
	}
	return domain.Some(string(*v.Value))
}

func optStrings(v graph.NullStringList) domain.Optional[[]string] {
	switch {
	case !v.Set:
		return domain.Optional[[]string]{}
	case v.Null:
		return domain.Null[[]string]()
	}
	return domain.Some(v.Value)
}

// optEnum converts a nullable enum input to the domain's string type.
func optEnum[T ~string](v NullPartnerRole) domain.Optional[T] {
	switch {
	case !v.Set:
		return domain.Optional[T]{}
	case v.Value == nil:
		return domain.Null[T]()
	}
	return domain.Some(T(*v.Value))
}

// NullPartnerRole is an optional PartnerRole input of an update.
// graphql-go's NullString serves String only, and an enum input arrives as
// its value's name.
type NullPartnerRole struct {
	Value *string
	Set   bool
}

// ImplementsGraphQLType implements decode.Unmarshaler.
func (NullPartnerRole) ImplementsGraphQLType(name string) bool { return name == "PartnerRole" }

// UnmarshalGraphQL implements decode.Unmarshaler.
func (v *NullPartnerRole) UnmarshalGraphQL(input any) error {
	v.Set = true
	if input == nil {
		return nil
	}
	s, ok := input.(string)
	if !ok {
		return fmt.Errorf("PartnerRole must be an enum value, got %T", input)
	}
	v.Value = &s
	return nil
}

// Nullable marks NullPartnerRole as accepting null.
func (*NullPartnerRole) Nullable() {}

// dateOf turns an optional Date input into the domain's *string.
func dateOf(d *graph.Date) *string {
	if d == nil {
		return nil
	}
	return new(string(*d))
}

// int32Of turns an optional Int input into the domain's *int.
func int32Of(n *int32) *int {
	if n == nil {
		return nil
	}
	return new(int(*n))
}
