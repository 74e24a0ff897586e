package app

import (
	"github.com/creativeclusters/planner/domain"
)

// Authorize is the one place that decides whether an actor may run a
// command. state is the subject as loaded (nil-valued for a new one).
func Authorize(actor domain.Actor, desc domain.Description, state domain.Aggregate, cmd any) error {
	if actor.Kind == domain.ActorSystem || actor.Role == domain.RoleAdmin {
		return nil
	}
	switch desc.Access {
	case domain.AccessCreate:
		if actor.Role == domain.RolePlanner && includes(cmd, actor) {
			return nil
		}
	case domain.AccessEdit:
		if actor.Role == domain.RolePlanner && includes(state, actor) {
			return nil
		}
	case domain.AccessReview:
		if actor.Role == domain.RoleReviewer {
			return nil
		}
	case domain.AccessDiscuss:
		if (actor.Role == domain.RolePlanner || actor.Role == domain.RoleReviewer) && includes(cmd, actor) {
			return nil
		}
	}
	return domain.ErrForbidden
}

// CanEdit reports whether the actor may edit a document: the viewerCanEdit
// of the API, by the same rule as Authorize.
func CanEdit(actor domain.Actor, state domain.Aggregate) bool {
	return Authorize(actor, domain.Description{Access: domain.AccessEdit}, state, nil) == nil
}

// CanReview reports whether the actor may review documents.
func CanReview(actor domain.Actor) bool {
	return Authorize(actor, domain.Description{Access: domain.AccessReview}, nil, nil) == nil
}

// CanReadAudit reports whether the actor may read the audit log.
func CanReadAudit(actor domain.Actor) bool {
	return actor.Kind == domain.ActorSystem || actor.Role == domain.RoleAdmin || actor.Role == domain.RoleReviewer
}

func includes(subject any, actor domain.Actor) bool {
	p, ok := subject.(domain.Partnered)
	return ok && actor.OrganisationID != [16]byte{} && p.HasPartner(actor.OrganisationID)
}
