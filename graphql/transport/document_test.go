package transport

import (
	"testing"

	graphql "github.com/graph-gophers/graphql-go"
)

func TestParseDocument(t *testing.T) {
	doc, err := parseDocument(`
		# a comment { not a selection
		"Description of the operation."
		query Q($n: Int = 3, $s: [String!] @dir(x: ")")) @live {
			a: items(first: $n, last: 0x10, filter: {s: "}", l: [1, 2]}, name: """block " } """) {
				edges { node { ...F } }
			}
			... on Query { hello }
			... @include(if: true) { hello }
		}
		mutation M { rename(input: {title: "x", expectedRevision: 1}) }
		subscription { events(count: 1_000) { seq } }
		fragment F on Item { id }
		{ hello }
	`)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.operations) != 4 || doc.fragments["F"] == nil || doc.fragments["F"].typeCondition != "Item" {
		t.Fatalf("document %+v", doc)
	}
	q := doc.operation("Q")
	if q == nil || q.typ != opQuery || len(q.selections) != 3 {
		t.Fatalf("operation Q %+v", q)
	}
	items := q.selections[0]
	if items.name != "items" || items.args["first"].variable != "n" || items.args["last"].intValue != 16 {
		t.Errorf("items %+v", items)
	}
	if q.selections[1].kind != selectInline || q.selections[1].typeCondition != "Query" || q.selections[2].typeCondition != "" {
		t.Errorf("inline fragments %+v", q.selections[1:])
	}
	if m := doc.operation("M"); m == nil || m.typ != opMutation {
		t.Errorf("operation M %+v", m)
	}
	if got := doc.operations[2]; got.typ != opSubscription || got.selections[0].args["count"].intValue != 1000 {
		t.Errorf("subscription %+v", got)
	}
	if doc.operation("") != nil {
		t.Error("an unnamed request of a document with several operations must not pick one")
	}
}

func TestParseDocumentErrors(t *testing.T) {
	for _, src := range []string{
		``,
		`{`,
		`{}`,
		`{ a(x: ) }`,
		`{ a(x: "unterminated) }`,
		"{ a(x: \"line\nbreak\") }",
		`{ a(x: """never ends) }`,
		`type Query { a: Int }`,
		`query Q { a } }`,
		`{ a } extra`,
		`fragment F { a }`,
		`{ ...on }`,
		`{ a ~ }`,
	} {
		if doc, err := parseDocument(src); err == nil && len(doc.operations) > 0 {
			t.Errorf("%q parsed: %+v", src, doc)
		}
	}
}

// The transport's parser must accept every document graphql-go accepts,
// or such requests are refused (fail closed). Check it on what clients
// send: GraphiQL's introspection query and the spec's odd corners.
func TestParserAcceptsWhatGraphQLGoAccepts(t *testing.T) {
	schema := graphql.MustParseSchema(testSchema, newResolver())
	for _, q := range []string{ // all valid
		introspectionQuery,
		"\ufeff{ hello }",
		`{ hello, hello2: hello, }`,
		`query ($a: Int = 1, $c: Boolean = true) { items(first: $a) @include(if: $c) { edges { node { id } } } }`,
		`{ items(first: -1) { edges { node { id } } } }`,
		`query Q { __typename ... { hello } }`,
		"{\r\n\thello\r\n}",
		`{ fail(kind: "\u00e9\"\\") }`,
		`{ fail(kind: """ block with "quotes" inside """) }`,
		`{ . . . on Query { hello } }`,
	} {
		if errs := schema.Validate(q); len(errs) > 0 {
			t.Errorf("graphql-go refuses %q: %v", q, errs[0])
			continue
		}
		if _, err := parseDocument(q); err != nil {
			t.Errorf("%q: %v", q, err)
		}
	}
}

// The introspection query GraphiQL and most tools send: graphql-js 16's
// getIntrospectionQuery(), with TypeRef nested 9 levels deep.
const introspectionQuery = `
query IntrospectionQuery {
  __schema {
    queryType { name kind }
    mutationType { name kind }
    subscriptionType { name kind }
    types {
      ...FullType
    }
    directives {
      name
      description
      locations
      args {
        ...InputValue
      }
    }
  }
}
fragment FullType on __Type {
  kind
  name
  description
  fields(includeDeprecated: true) {
    name
    description
    args {
      ...InputValue
    }
    type {
      ...TypeRef
    }
    isDeprecated
    deprecationReason
  }
  inputFields {
    ...InputValue
  }
  interfaces {
    ...TypeRef
  }
  enumValues(includeDeprecated: true) {
    name
    description
    isDeprecated
    deprecationReason
  }
  possibleTypes {
    ...TypeRef
  }
}
fragment InputValue on __InputValue {
  name
  description
  type { ...TypeRef }
  defaultValue
}
fragment TypeRef on __Type {
  kind
  name
  ofType {
    name
    kind
    ofType {
      name
      kind
      ofType {
        name
        kind
        ofType {
          name
          kind
          ofType {
            name
            kind
            ofType {
              name
              kind
              ofType {
                name
                kind
                ofType {
                  name
                  kind
                  ofType {
                    name
                    kind
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
`

// FuzzParserAgreesWithGraphQLGo looks for documents graphql-go accepts and
// the transport's parser refuses (which would be refused, fail closed).
// go test runs the seeds; go test -fuzz=FuzzParser searches further.
func FuzzParserAgreesWithGraphQLGo(f *testing.F) {
	for _, seed := range []string{
		introspectionQuery,
		`{ hello }`,
		`query Q($n: Int) { items(first: $n) { edges { node { id children(first: 2) { edges { node { id } } } } } } }`,
		`mutation { rename(input: {title: "a", expectedRevision: 3}) }`,
		`subscription S { events(count: 2) { seq payload } }`,
		`{ ...F } fragment F on Query { hello }`,
		`{ fail(kind: """x""") }`,
	} {
		f.Add(seed)
	}
	schema := graphql.MustParseSchema(testSchema, newResolver())
	f.Fuzz(func(t *testing.T, q string) {
		if errs := schema.Validate(q); len(errs) > 0 {
			return
		}
		if _, err := parseDocument(q); err != nil {
			t.Errorf("graphql-go accepts %q, the transport's parser does not: %v", q, err)
		}
	})
}
