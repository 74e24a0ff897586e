package authztest

import "testing"

// Discussions (issue 18): PLANNERs and REVIEWERs of a partner
// organisation of the discussed document write (and ADMINs); only a
// message's author edits or deletes it; only ADMINs hide; every reader
// marks their own reads (not an event).
var (
	discussers = []actorKind{reviewer, plannerPartner, admin}
	authors    = []actorKind{plannerPartner}
	readers    = []actorKind{viewer, reviewer, plannerNonPartner, plannerPartner, admin}
)

const discussionFields = `position discussion { id } message { id }`

func discussionRows() []row {
	return []row{
		{"startDiscussion", `mutation($input: StartDiscussionInput!) { startDiscussion(input: $input) { ` + discussionFields + ` } }`,
			func(t *testing.T, w *world) input {
				strategy := w.strategy(t)
				return input{"documentId": strategy, "itemKey": w.measure(t, strategy), "body": "How did Szczecin run this?"}
			}, discussers},
		{"postDiscussionMessage", `mutation($input: PostDiscussionMessageInput!) { postDiscussionMessage(input: $input) { ` + discussionFields + ` } }`,
			func(t *testing.T, w *world) input {
				id, message := w.discussion(t)
				return input{"discussionId": id, "replyTo": message, "body": "Two days per workshop."}
			}, discussers},
		{"editDiscussionMessage", `mutation($input: EditDiscussionMessageInput!) { editDiscussionMessage(input: $input) { ` + discussionFields + ` } }`,
			func(t *testing.T, w *world) input {
				id, message := w.discussion(t)
				return input{"discussionId": id, "messageId": message, "body": "How did Szczecin run the workshops?"}
			}, authors},
		{"deleteDiscussionMessage", `mutation($input: DiscussionMessageRefInput!) { deleteDiscussionMessage(input: $input) { ` + discussionFields + ` } }`,
			func(t *testing.T, w *world) input {
				id, message := w.discussion(t)
				return input{"discussionId": id, "messageId": message}
			}, authors},
		{"resolveDiscussion", `mutation($input: DiscussionRefInput!) { resolveDiscussion(input: $input) { ` + discussionFields + ` } }`,
			func(t *testing.T, w *world) input {
				id, _ := w.discussion(t)
				return input{"discussionId": id}
			}, discussers},
		{"reopenDiscussion", `mutation($input: DiscussionRefInput!) { reopenDiscussion(input: $input) { ` + discussionFields + ` } }`,
			func(t *testing.T, w *world) input {
				id, _ := w.discussion(t)
				w.mustRun(t, w.tokens[plannerPartner], `mutation($input: DiscussionRefInput!) { resolveDiscussion(input: $input) { position } }`,
					input{"discussionId": id}, "resolveDiscussion", nil)
				return input{"discussionId": id}
			}, discussers},
		{"hideDiscussionMessage", `mutation($input: HideDiscussionMessageInput!) { hideDiscussionMessage(input: $input) { ` + discussionFields + ` } }`,
			func(t *testing.T, w *world) input {
				id, message := w.discussion(t)
				return input{"discussionId": id, "messageId": message, "reason": "Personal attack"}
			}, adminOnly},
		{"markDiscussionsRead", `mutation($input: MarkDiscussionsReadInput!) { markDiscussionsRead(input: $input) { position: readPosition unread } }`,
			func(t *testing.T, w *world) input {
				return input{"documentId": w.strategy(t)}
			}, readers},
	}
}

// discussion starts a discussion on a new strategy's measure as the
// partner planner, and returns its id and its first message's.
func (w *world) discussion(t *testing.T) (id, message string) {
	t.Helper()
	strategy := w.strategy(t)
	var p struct {
		Discussion struct{ ID string }
		Message    struct{ ID string }
	}
	w.mustRun(t, w.tokens[plannerPartner], `mutation($input: StartDiscussionInput!) { startDiscussion(input: $input) { discussion { id } message { id } } }`,
		input{"documentId": strategy, "itemKey": w.measure(t, strategy), "body": "How did Szczecin run this?"}, "startDiscussion", &p)
	return p.Discussion.ID, p.Message.ID
}
