package domain

import (
	"bytes"
	"encoding/json"
	"fmt"
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

func diffJSON(path []string, a, b json.RawMessage, out *StatePatch) error {
	if bytes.Equal(a, b) {
		return nil
	}
	set := func() { *out = append(*out, PatchOp{Path: clonePath(path), Value: b}) }
	switch {
	case opens(a, '{') && opens(b, '{'):
		var ma, mb map[string]json.RawMessage
		if err := json.Unmarshal(a, &ma); err != nil {
			return fmt.Errorf("state patch: %w", err)
		}
		if err := json.Unmarshal(b, &mb); err != nil {
			return fmt.Errorf("state patch: %w", err)
		}
		for _, k := range unionKeys(ma, mb) {
			va, had := ma[k]
			vb, has := mb[k]
			switch {
			case !has:
				*out = append(*out, PatchOp{Path: append(clonePath(path), k), Delete: true})
			case !had:
				*out = append(*out, PatchOp{Path: append(clonePath(path), k), Value: vb})
			default:
				if err := diffJSON(append(path, k), va, vb, out); err != nil {
					return err
				}
			}
		}
	case opens(a, '[') && opens(b, '['):
		var la, lb []json.RawMessage
		if err := json.Unmarshal(a, &la); err != nil {
			return fmt.Errorf("state patch: %w", err)
		}
		if err := json.Unmarshal(b, &lb); err != nil {
			return fmt.Errorf("state patch: %w", err)
		}
		if len(la) != len(lb) {
			set()
			return nil
		}
		for i := range lb {
			if err := diffJSON(append(path, fmt.Sprint(i)), la[i], lb[i], out); err != nil {
				return err
			}
		}
	default:
		set()
	}
	return nil
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
