package graph

import graphql "github.com/graph-gophers/graphql-go"

// node is what every Node resolver has.
type node interface {
	ID() graphql.ID
}

// NodeResolver is the Node interface: graphql-go asks it for the concrete
// type through the To<Type> methods. NodeByID wraps what node(id) found,
// e.g. &NodeResolver{node: r.NewStrategy(state)}, after parseNodeID.
type NodeResolver struct {
	node node
}

func (n *NodeResolver) ID() graphql.ID { return n.node.ID() }

func (n *NodeResolver) ToActor() (*ActorResolver, bool) {
	v, ok := n.node.(*ActorResolver)
	return v, ok
}

func (n *NodeResolver) ToLocation() (*LocationResolver, bool) {
	v, ok := n.node.(*LocationResolver)
	return v, ok
}

func (n *NodeResolver) ToOrganisation() (*OrganisationResolver, bool) {
	v, ok := n.node.(*OrganisationResolver)
	return v, ok
}

func (n *NodeResolver) ToStrategy() (*StrategyResolver, bool) {
	v, ok := n.node.(*StrategyResolver)
	return v, ok
}

func (n *NodeResolver) ToStrategySnapshot() (*StrategySnapshotResolver, bool) {
	v, ok := n.node.(*StrategySnapshotResolver)
	return v, ok
}

func (n *NodeResolver) ToReview() (*ReviewResolver, bool) {
	v, ok := n.node.(*ReviewResolver)
	return v, ok
}

func (n *NodeResolver) ToCooperationConcept() (*CooperationConceptResolver, bool) {
	v, ok := n.node.(*CooperationConceptResolver)
	return v, ok
}

func (n *NodeResolver) ToCooperationConceptSnapshot() (*CooperationConceptSnapshotResolver, bool) {
	v, ok := n.node.(*CooperationConceptSnapshotResolver)
	return v, ok
}

func (n *NodeResolver) ToRevision() (*RevisionResolver, bool) {
	v, ok := n.node.(*RevisionResolver)
	return v, ok
}

// HistorySubjectResolver is the HistorySubject union (Revision.subject):
// wrap a document resolver, e.g. &HistorySubjectResolver{node: r.newLocation(l)}.
type HistorySubjectResolver struct {
	node node
}

func (h *HistorySubjectResolver) ToStrategy() (*StrategyResolver, bool) {
	v, ok := h.node.(*StrategyResolver)
	return v, ok
}

func (h *HistorySubjectResolver) ToCooperationConcept() (*CooperationConceptResolver, bool) {
	v, ok := h.node.(*CooperationConceptResolver)
	return v, ok
}

func (h *HistorySubjectResolver) ToOrganisation() (*OrganisationResolver, bool) {
	v, ok := h.node.(*OrganisationResolver)
	return v, ok
}

func (h *HistorySubjectResolver) ToLocation() (*LocationResolver, bool) {
	v, ok := h.node.(*LocationResolver)
	return v, ok
}
