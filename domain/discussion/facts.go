package discussion

import (
	"strings"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// Facts are what the application looked up for a command besides the
// thread: the discussed document as it is now, and the organisations of
// the people a message mentions. They are not part of the command's input
// (json:"-"): a repeated commandId is recognised by what the client sent.
type Facts struct {
	DocumentType domain.SubjectType
	DocumentID   uuid.UUID
	// Revision is the document's current revision.
	Revision int
	// Doc is the document now; Partners its partner organisations.
	Doc      domain.Doc
	Partners []uuid.UUID
	// People maps each mentioned person that exists to their
	// organisation (uuid.Nil when they have none).
	People map[uuid.UUID]uuid.UUID
}

// HasPartner implements domain.Partnered: who may write in a thread is
// decided by the discussed document's partners.
func (f *Facts) HasPartner(organisation uuid.UUID) bool {
	if f == nil {
		return false
	}
	for _, p := range f.Partners {
		if p == organisation {
			return true
		}
	}
	return false
}

// itemKinds are the document lists whose items can be discussed, and the
// kind each item is reported as.
var itemKinds = map[string]string{
	"sections":   "SECTION",
	"priorities": "PRIORITY",
	"objectives": "OBJECTIVE",
	"measures":   "MEASURE",
	"milestones": "MILESTONE",
	"indicators": "INDICATOR",
	"pilots":     "PILOT",
}

// KindDocument is the anchor kind of a thread about a whole document.
const KindDocument = "DOCUMENT"

// FindItem looks an item up by key anywhere in doc: its kind, its path
// (/priorities/{p}/objectives/{o}/measures/{key}) and its content. ok is
// false when doc has no discussable item with that key.
func FindItem(doc domain.Doc, key uuid.UUID) (kind, path string, item domain.Doc, ok bool) {
	return findItem(doc, key.String(), "")
}

func findItem(doc domain.Doc, key, prefix string) (string, string, domain.Doc, bool) {
	for list, items := range doc.Lists {
		kind, discussable := itemKinds[list]
		if !discussable {
			continue
		}
		for _, it := range items {
			path := prefix + "/" + list + "/" + it.Key
			if it.Key == key {
				return kind, path, it.Doc, true
			}
			if k, p, d, ok := findItem(it.Doc, key, path); ok {
				return k, p, d, true
			}
		}
	}
	return "", "", domain.Doc{}, false
}

// anchorOf decides the anchor of a new thread on the facts' document.
func anchorOf(f *Facts, key uuid.UUID, quote string, checks *domain.Checks) Anchor {
	if key == uuid.Nil {
		if quote != "" {
			checks.Fail("can only quote a section's body", "quote")
		}
		return Anchor{Kind: KindDocument, Path: ""}
	}
	kind, path, item, ok := FindItem(f.Doc, key)
	if !ok {
		checks.Fail("is not an item of the document", "itemKey")
		return Anchor{}
	}
	if quote != "" {
		checks.Text(quote, MaxQuoteLength, "quote")
		body, _ := item.Fields["body"].(string)
		switch {
		case kind != "SECTION":
			checks.Fail("can only quote a section's body", "quote")
		case strings.TrimSpace(quote) == "":
			checks.Fail("must not be blank", "quote")
		case !strings.Contains(body, quote):
			checks.Fail("is not a passage of the section's body", "quote")
		}
	}
	return Anchor{Key: key, Kind: kind, Path: path, Quote: quote}
}

// checkMentions refuses mentions of people who do not exist or are not
// of a partner organisation of the document, and drops repeats.
func checkMentions(f *Facts, mentions []uuid.UUID, checks *domain.Checks) []uuid.UUID {
	if len(mentions) > domain.MaxReferenceList {
		checks.Count(len(mentions), domain.MaxReferenceList, "mentions")
		return nil
	}
	var people map[uuid.UUID]uuid.UUID
	if f != nil {
		people = f.People
	}
	var out []uuid.UUID
	seen := map[uuid.UUID]bool{}
	for i, id := range mentions {
		org, known := people[id]
		switch {
		case !known:
			checks.Fail("unknown person", "mentions", domain.Index(i))
		case !f.HasPartner(org):
			checks.Fail("is not a person of a partner organisation of the document", "mentions", domain.Index(i))
		case !seen[id]:
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func checkBody(body string, checks *domain.Checks) {
	if strings.TrimSpace(body) == "" {
		checks.Fail("must not be blank", "body")
		return
	}
	checks.Text(body, domain.MaxTextLength, "body")
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }
