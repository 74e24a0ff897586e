package app

import (
	"github.com/creativeclusters/planner/domain"
)

// revisionDigest computes, once, what every projection needs about the
// revision just decided (domain.Digest): the command path holds the
// documents before and after anyway. Subjects with personal data get none:
// the digest would carry in plain text, into the outbox, what erasure must
// be able to destroy; the projections derive their revisions from the log
// instead.
func revisionDigest(before, after domain.Doc, state domain.Aggregate) (*domain.Digest, error) {
	if _, personal := state.(domain.PersonalData); personal {
		return nil, nil
	}
	d, err := domain.NewDigest(before, after, state)
	if err != nil {
		return nil, err
	}
	return &d, nil
}
