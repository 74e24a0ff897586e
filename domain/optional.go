package domain

// Optional is an update command's field: omitted (unchanged), explicitly
// null (cleared), or a value. The contract distinguishes the three: an
// explicit null on a required field is a validation error, not "unchanged".
type Optional[T any] struct {
	Set   bool `json:"set,omitempty"`
	Null  bool `json:"null,omitempty"`
	Value T    `json:"value,omitzero"`
}

// Some returns an Optional holding v.
func Some[T any](v T) Optional[T] { return Optional[T]{Set: true, Value: v} }

// Null returns an Optional that clears the field.
func Null[T any]() Optional[T] { return Optional[T]{Set: true, Null: true} }

// HasValue reports whether the field was given a (non-null) value.
func (o Optional[T]) HasValue() bool { return o.Set && !o.Null }

// RequireNotNull records a validation error when a required field was sent
// as an explicit null.
func (o Optional[T]) RequireNotNull(c *Checks, path ...string) {
	if o.Set && o.Null {
		c.Fail("must not be null", path...)
	}
}
