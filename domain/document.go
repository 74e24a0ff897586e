package domain

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
)

// Doc is a document as a tree: named scalar fields and named, ordered lists
// of keyed items. Every aggregate can render itself as a Doc; diffs, blame
// and conflict detection are computed over Docs, so they are exact and the
// same for every aggregate.
//
// Paths name fields through keys, never list positions:
// /title, /sections/{key}/body, /priorities/{key}/objectives/{key}/title.
type Doc struct {
	// Fields hold JSON-compatible values: strings, numbers, booleans, nil,
	// and slices or maps of those.
	Fields map[string]any
	Lists  map[string][]Item
}

// Item is one keyed entry of a list; its key is unique within its document
// and stable for the item's whole life.
type Item struct {
	Key string
	Doc Doc
}

// NewDoc returns an empty Doc ready for Set and Add.
func NewDoc() Doc {
	return Doc{Fields: map[string]any{}, Lists: map[string][]Item{}}
}

// Set sets a field and returns d, for chaining.
func (d Doc) Set(name string, value any) Doc {
	d.Fields[name] = value
	return d
}

// List sets a list (in order) and returns d, for chaining. An empty list is
// kept, so that a document always shows its lists.
func (d Doc) List(name string, items []Item) Doc {
	if items == nil {
		items = []Item{}
	}
	d.Lists[name] = items
	return d
}

// Value renders d as a JSON-compatible map: fields by name, lists as arrays
// of objects that carry their "key".
func (d Doc) Value() map[string]any {
	out := make(map[string]any, len(d.Fields)+len(d.Lists))
	for name, v := range d.Fields {
		out[name] = v
	}
	for name, items := range d.Lists {
		list := make([]any, len(items))
		for i, it := range items {
			v := it.Doc.Value()
			v["key"] = it.Key
			list[i] = v
		}
		out[name] = list
	}
	return out
}

// ChangeKind classifies one field-level change.
type ChangeKind string

// The change kinds of the public contract.
const (
	Added   ChangeKind = "ADDED"
	Changed ChangeKind = "CHANGED"
	Removed ChangeKind = "REMOVED"
	// Moved: an item changed place in its list; Before and After are the
	// key of the item it stood before (nil: it was last).
	Moved ChangeKind = "MOVED"
)

// Change is one field-level change between two versions of a document. An
// added or removed item is one change at the item's path with its whole
// value in After or Before.
type Change struct {
	Path   string     `json:"path"`
	Kind   ChangeKind `json:"kind"`
	Before any        `json:"before"`
	After  any        `json:"after"`
	// Redacted: personal data in Before or After was erased (see Redact).
	Redacted bool `json:"redacted,omitempty"`
}

// Diff returns the changes that turn from into to, fields before lists,
// each in name order, list items in their order in to.
func Diff(from, to Doc) []Change {
	var changes []Change
	diffDoc("", from, to, &changes)
	return changes
}

func diffDoc(prefix string, from, to Doc, out *[]Change) {
	for _, name := range unionKeys(from.Fields, to.Fields) {
		path := prefix + "/" + name
		before, had := from.Fields[name]
		after, has := to.Fields[name]
		switch {
		case had && !has:
			*out = append(*out, Change{Path: path, Kind: Removed, Before: before})
		case !had && has:
			*out = append(*out, Change{Path: path, Kind: Added, After: after})
		case !Equal(before, after):
			*out = append(*out, Change{Path: path, Kind: Changed, Before: before, After: after})
		}
	}
	for _, name := range unionKeys(from.Lists, to.Lists) {
		diffList(prefix+"/"+name, from.Lists[name], to.Lists[name], out)
	}
}

func diffList(prefix string, from, to []Item, out *[]Change) {
	fromIdx := indexByKey(from)
	toIdx := indexByKey(to)
	for _, it := range from {
		if _, kept := toIdx[it.Key]; !kept {
			*out = append(*out, Change{Path: prefix + "/" + it.Key, Kind: Removed, Before: it.Doc.Value()})
		}
	}
	for _, it := range to {
		i, had := fromIdx[it.Key]
		if !had {
			*out = append(*out, Change{Path: prefix + "/" + it.Key, Kind: Added, After: it.Doc.Value()})
			continue
		}
		diffDoc(prefix+"/"+it.Key, from[i].Doc, it.Doc, out)
	}
	for _, key := range movedKeys(from, to, toIdx) {
		*out = append(*out, Change{
			Path:   prefix + "/" + key,
			Kind:   Moved,
			Before: successor(from, fromIdx[key]),
			After:  successor(to, toIdx[key]),
		})
	}
}

// movedKeys returns the keys, in to's order, of the items kept in both lists
// that are not part of a longest common subsequence of the kept items: the
// fewest items whose moves explain the new order.
func movedKeys(from, to []Item, toIdx map[string]int) []string {
	var a, b []string // kept keys in from's and to's order
	for _, it := range from {
		if _, ok := toIdx[it.Key]; ok {
			a = append(a, it.Key)
		}
	}
	fromKeys := indexByKey(from)
	for _, it := range to {
		if _, ok := fromKeys[it.Key]; ok {
			b = append(b, it.Key)
		}
	}
	if reflect.DeepEqual(a, b) {
		return nil
	}
	// Classic O(n*m) LCS table; documents are bounded (MaxListItems).
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	stay := map[string]bool{}
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			stay[a[i]] = true
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			i++
		default:
			j++
		}
	}
	var moved []string
	for _, k := range b {
		if !stay[k] {
			moved = append(moved, k)
		}
	}
	return moved
}

func successor(items []Item, i int) any {
	if i+1 < len(items) {
		return items[i+1].Key
	}
	return nil
}

func indexByKey(items []Item) map[string]int {
	idx := make(map[string]int, len(items))
	for i, it := range items {
		idx[it.Key] = i
	}
	return idx
}

func unionKeys[V any](a, b map[string]V) []string {
	keys := make([]string, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, dup := a[k]; !dup {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// Equal compares two field values as JSON would: 1 and 1.0 are equal, as
// are a nil slice and an empty one.
func Equal(a, b any) bool {
	// Scalars decide without JSON: diffs and blame compare every field of
	// a document, and the round trip through JSON dominated their cost.
	if x, ok := number(a); ok {
		y, ok := number(b)
		return ok && x == y
	}
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	}
	if reflect.DeepEqual(a, b) {
		return true
	}
	return reflect.DeepEqual(normalize(a), normalize(b))
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case float32:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// normalize is JSONValue with an empty list read as none, for Equal.
func normalize(v any) any {
	out := JSONValue(v)
	if list, ok := out.([]any); ok && len(list) == 0 {
		return nil
	}
	return out
}

// JSONValue turns any JSON-compatible value into what decoding its JSON
// gives (maps, []any, float64, ...): the form stored rows read back in.
func JSONValue(v any) any {
	raw, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		return v
	}
	return out
}

// Leaves returns every leaf path of d with its value: each field, and each
// item without fields or lists of its own (it is its own leaf). Blame is
// kept per leaf path.
func (d Doc) Leaves() map[string]any {
	out := map[string]any{}
	collectLeaves("", d, out)
	return out
}

func collectLeaves(prefix string, d Doc, out map[string]any) {
	for name, v := range d.Fields {
		out[prefix+"/"+name] = v
	}
	for name, items := range d.Lists {
		for _, it := range items {
			path := prefix + "/" + name + "/" + it.Key
			if len(it.Doc.Fields) == 0 && allEmpty(it.Doc.Lists) {
				out[path] = true
				continue
			}
			collectLeaves(path, it.Doc, out)
		}
	}
}

// Lookup returns the value at path: a field's value or an item's whole
// value. ok is false when nothing is there.
func (d Doc) Lookup(path string) (value any, ok bool) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	cur := d
	for i := 0; i < len(segs); i++ {
		name := segs[i]
		if i == len(segs)-1 {
			if v, ok := cur.Fields[name]; ok {
				return v, true
			}
			if items, ok := cur.Lists[name]; ok {
				return Doc{Lists: map[string][]Item{name: items}}.Value()[name], true
			}
			return nil, false
		}
		items, isList := cur.Lists[name]
		if !isList {
			return nil, false
		}
		i++
		idx := indexByKey(items)
		pos, found := idx[segs[i]]
		if !found {
			return nil, false
		}
		if i == len(segs)-1 {
			return items[pos].Doc.Value(), true
		}
		cur = items[pos].Doc
	}
	return nil, false
}

// Overlaps reports whether two change paths touch the same data: they are
// equal, or one names an ancestor of the other.
func Overlaps(p, q string) bool {
	if len(p) > len(q) {
		p, q = q, p
	}
	return p == q || strings.HasPrefix(q, p+"/")
}

// HasPrefix reports whether path lies at or under prefix ("" and "/" match
// everything); used for pathPrefix filters.
func HasPrefix(path, prefix string) bool {
	prefix = strings.TrimSuffix(prefix, "/")
	return prefix == "" || path == prefix || strings.HasPrefix(path, prefix+"/")
}

func allEmpty(lists map[string][]Item) bool {
	for _, items := range lists {
		if len(items) > 0 {
			return false
		}
	}
	return true
}
