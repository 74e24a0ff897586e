package domain

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// PatchOp is one step of a StatePatch: set Value at Path, or delete what
// is at Path. Path names object keys and array indices; an empty Path
// stands for the whole value.
type PatchOp struct {
	Path   []string        `json:"p"`
	Value  json.RawMessage `json:"v,omitempty"`
	Delete bool            `json:"d,omitempty"`
}

// StatePatch turns one JSON value into another, step by step.
type StatePatch []PatchOp

// DiffJSON returns the patch that turns the JSON value before into after
// (before nil: the whole of after). It descends only where the bytes
// differ: into objects key by key, and into arrays of the same length
// index by index; an array that grew or shrank is set whole. So the patch
// of a small change to a large value stays small.
func DiffJSON(before, after []byte) (StatePatch, error) {
	var p StatePatch
	if before == nil {
		return StatePatch{{Path: []string{}, Value: after}}, nil
	}
	if err := diffJSON(nil, before, after, &p); err != nil {
		return nil, err
	}
	return p, nil
}

func diffJSON(path []string, a, b []byte, out *StatePatch) error {
	if bytes.Equal(a, b) {
		return nil
	}
	set := func() { *out = append(*out, PatchOp{Path: clonePath(path), Value: json.RawMessage(b)}) }
	switch {
	case opens(a, '{') && opens(b, '{'):
		ka, va, err := splitJSON(a)
		if err != nil {
			return err
		}
		kb, vb, err := splitJSON(b)
		if err != nil {
			return err
		}
		ma := make(map[string][]byte, len(ka))
		for i, k := range ka {
			ma[k] = va[i]
		}
		mb := make(map[string][]byte, len(kb))
		for i, k := range kb {
			mb[k] = vb[i]
			old, had := ma[k]
			if !had {
				*out = append(*out, PatchOp{Path: append(clonePath(path), k), Value: json.RawMessage(vb[i])})
				continue
			}
			if err := diffJSON(append(path, k), old, vb[i], out); err != nil {
				return err
			}
		}
		for _, k := range ka {
			if _, has := mb[k]; !has {
				*out = append(*out, PatchOp{Path: append(clonePath(path), k), Delete: true})
			}
		}
	case opens(a, '[') && opens(b, '['):
		_, la, err := splitJSON(a)
		if err != nil {
			return err
		}
		_, lb, err := splitJSON(b)
		if err != nil {
			return err
		}
		if len(la) != len(lb) {
			set()
			return nil
		}
		for i := range lb {
			if err := diffJSON(append(path, strconv.Itoa(i)), la[i], lb[i], out); err != nil {
				return err
			}
		}
	default:
		set()
	}
	return nil
}

// splitJSON splits a JSON object into its keys and values, or an array
// into its elements (keys nil), as subslices of raw, in one pass. raw is
// what encoding/json produced, so it is only scanned, not validated.
func splitJSON(raw []byte) (keys []string, values [][]byte, err error) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || (raw[i] != '{' && raw[i] != '[') {
		return nil, nil, fmt.Errorf("state patch: not an object or array")
	}
	object := raw[i] == '{'
	i = skipSpace(raw, i+1)
	if i < len(raw) && (raw[i] == '}' || raw[i] == ']') {
		return nil, nil, nil
	}
	for i < len(raw) {
		if object {
			end, err := scanValue(raw, i)
			if err != nil {
				return nil, nil, err
			}
			var key string
			if err := json.Unmarshal(raw[i:end], &key); err != nil {
				return nil, nil, fmt.Errorf("state patch: key: %w", err)
			}
			keys = append(keys, key)
			i = skipSpace(raw, end)
			if i >= len(raw) || raw[i] != ':' {
				return nil, nil, fmt.Errorf("state patch: ':' expected at %d", i)
			}
			i = skipSpace(raw, i+1)
		}
		end, err := scanValue(raw, i)
		if err != nil {
			return nil, nil, err
		}
		values = append(values, raw[i:end])
		i = skipSpace(raw, end)
		if i < len(raw) && raw[i] == ',' {
			i = skipSpace(raw, i+1)
			continue
		}
		return keys, values, nil
	}
	return nil, nil, fmt.Errorf("state patch: unterminated value")
}

// scanValue returns the end of the JSON value that starts at raw[i].
func scanValue(raw []byte, i int) (int, error) {
	depth := 0
	for j := i; j < len(raw); j++ {
		switch raw[j] {
		case '"':
			for j++; j < len(raw) && raw[j] != '"'; j++ {
				if raw[j] == '\\' {
					j++
				}
			}
			if depth == 0 {
				return j + 1, nil
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return j + 1, nil
			}
			if depth < 0 {
				return j, nil
			}
		case ',', ':', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return j, nil
			}
		}
	}
	if depth == 0 {
		return len(raw), nil
	}
	return 0, fmt.Errorf("state patch: unterminated value at %d", i)
}

func skipSpace(raw []byte, i int) int {
	for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r') {
		i++
	}
	return i
}

func opens(raw []byte, c byte) bool {
	for _, b := range raw {
		switch b {
		case ' ', '\t', '\n', '\r':
			continue
		}
		return b == c
	}
	return false
}

func clonePath(p []string) []string { return append([]string{}, p...) }
