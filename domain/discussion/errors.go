package discussion

import "github.com/creativeclusters/planner/domain"

// The thread's rules.
var (
	// ErrThreadExists: a create named a thread that exists already.
	ErrThreadExists = domain.InvalidState("discussion already exists")
	// ErrResolved: a resolved thread takes no messages until reopened.
	ErrResolved = domain.InvalidState("discussion is resolved: reopen it first")
	// ErrNotResolved: only a resolved thread can be reopened.
	ErrNotResolved = domain.InvalidState("discussion is not resolved")
	// ErrAlreadyResolved: resolving twice.
	ErrAlreadyResolved = domain.InvalidState("discussion is already resolved")
	// ErrNotAuthor: only its author edits or deletes a message.
	ErrNotAuthor = domain.NewError(domain.CodeForbidden, "only the author may change this message")
	// ErrMessageGone: a deleted or hidden message cannot be changed or
	// hidden again.
	ErrMessageGone = domain.InvalidState("message was deleted or hidden")
	// ErrThreadFull: a thread holds at most MaxMessages messages.
	ErrThreadFull = domain.InvalidState("discussion is full: start a new one")
)

const (
	threadSubject  = "discussion"
	messageSubject = "message"
)
