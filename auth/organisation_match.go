package auth

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// Operators type organisation names as they see them printed: in the demo
// token table ("Chamber of Industry and Commerce Rostock (IHK) (DE)"), in
// `planner orgs list`, in the API. A name is therefore matched exactly
// first, then ignoring case and repeated blanks, then without a trailing
// "(CC)" that names the organisation's country; when nothing matches, the
// error lists the closest names.

// OrganisationInfo is an organisation as operators see it.
type OrganisationInfo struct {
	ID      uuid.UUID
	Name    string
	Country string // "" when its location is unknown
}

// Label is the name with the country, as the CLI prints it: "Name (DE)".
func (o OrganisationInfo) Label() string {
	if o.Country == "" {
		return o.Name
	}
	return o.Name + " (" + o.Country + ")"
}

// Organisations lists every organisation of the network, by name.
func (r *NetworkResolver) Organisations(ctx context.Context) ([]OrganisationInfo, error) {
	rows, err := r.store.Pool().Query(ctx, `SELECT DISTINCT stream_id FROM events WHERE stream_type = $1`,
		string(r.cfg.Organisations.Type))
	if err != nil {
		return nil, fmt.Errorf("list organisations: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
	if err != nil {
		return nil, fmt.Errorf("list organisations: %w", err)
	}
	out := make([]OrganisationInfo, 0, len(ids))
	for _, id := range ids {
		info, err := r.Organisation(ctx, id)
		if errors.Is(err, ErrOrganisationNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, info)
	}
	slices.SortFunc(out, func(a, b OrganisationInfo) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return out, nil
}

// Organisation describes one organisation, or fails with
// ErrOrganisationNotFound.
func (r *NetworkResolver) Organisation(ctx context.Context, id uuid.UUID) (OrganisationInfo, error) {
	org, err := r.organisation(ctx, id)
	if err != nil {
		return OrganisationInfo{}, err
	}
	country, err := r.Country(ctx, id)
	if err != nil {
		return OrganisationInfo{}, err
	}
	return OrganisationInfo{ID: id, Name: org.Name, Country: country}, nil
}

// byLooseName is the fallback of Resolve once no organisation has exactly
// the name given.
func (r *NetworkResolver) byLooseName(ctx context.Context, name string) (uuid.UUID, error) {
	all, err := r.Organisations(ctx)
	if err != nil {
		return uuid.Nil, err
	}
	matches, closest := matchOrganisation(all, name)
	switch len(matches) {
	case 1:
		return matches[0].ID, nil
	case 0:
		if len(closest) == 0 {
			return uuid.Nil, fmt.Errorf("%w: %q (`planner orgs list` shows them all)", ErrOrganisationNotFound, name)
		}
		labels := make([]string, len(closest))
		for i, o := range closest {
			labels[i] = fmt.Sprintf("%q", o.Label())
		}
		return uuid.Nil, fmt.Errorf("%w: %q; did you mean %s? (`planner orgs list` shows them all)",
			ErrOrganisationNotFound, name, strings.Join(labels, ", "))
	}
	ids := make([]string, len(matches))
	for i, o := range matches {
		ids[i] = o.ID.String()
	}
	return uuid.Nil, fmt.Errorf("%w: %q names %s", ErrOrganisationAmbiguous, name, strings.Join(ids, ", "))
}

// countrySuffix is a trailing " (DE)" as the CLI prints after a name.
var countrySuffix = regexp.MustCompile(`\s*\(([A-Za-z]{2})\)\s*$`)

// matchOrganisation finds the organisations name stands for, ignoring case
// and blanks, with or without the country suffix; when there is none, it
// returns up to five organisations whose names are closest.
func matchOrganisation(all []OrganisationInfo, name string) (matches, closest []OrganisationInfo) {
	want := normaliseName(name)
	for _, o := range all {
		if normaliseName(o.Name) == want {
			matches = append(matches, o)
		}
	}
	if len(matches) == 0 {
		if m := countrySuffix.FindStringSubmatch(name); m != nil {
			bare := normaliseName(name[:len(name)-len(m[0])])
			for _, o := range all {
				if normaliseName(o.Name) == bare && strings.EqualFold(o.Country, m[1]) {
					matches = append(matches, o)
				}
			}
		}
	}
	if len(matches) > 0 {
		return matches, nil
	}
	type scored struct {
		o     OrganisationInfo
		score float64
	}
	var candidates []scored
	for _, o := range all {
		if s := nameSimilarity(want, normaliseName(o.Label())); s >= 0.3 {
			candidates = append(candidates, scored{o, s})
		}
	}
	slices.SortStableFunc(candidates, func(a, b scored) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	for i := 0; i < len(candidates) && i < 5; i++ {
		closest = append(closest, candidates[i].o)
	}
	return nil, closest
}

func normaliseName(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// nameSimilarity is a score in [0, 1]: 1 when one name contains the other,
// else the share of words (of three letters or more) they have in common.
func nameSimilarity(a, b string) float64 {
	if a == "" || b == "" {
		return 0
	}
	if strings.Contains(b, a) || strings.Contains(a, b) {
		return 1
	}
	words := func(s string) map[string]bool {
		out := map[string]bool{}
		for _, w := range strings.FieldsFunc(s, func(r rune) bool {
			return !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r > 127)
		}) {
			if len([]rune(w)) >= 3 {
				out[w] = true
			}
		}
		return out
	}
	wa, wb := words(a), words(b)
	if len(wa) == 0 || len(wb) == 0 {
		return 0
	}
	common := 0
	for w := range wa {
		if wb[w] {
			common++
		}
	}
	return float64(common) / float64(min(len(wa), len(wb)))
}
