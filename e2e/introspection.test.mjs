// Introspection as current tools send it: graphql-js 16's
// getIntrospectionQuery with the options GraphQL Code Generator, GraphiQL
// and Apollo tooling turn on. graphql-go 1.11 lacks __Type.isOneOf,
// __Directive.isRepeatable and __Schema.description; the transport answers
// them (graphql/transport/introspection_compat.go).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildClientSchema, getIntrospectionQuery, isInputObjectType, printSchema } from 'graphql';
import { post, show, tokens } from './lib.mjs';

const options = { descriptions: true, oneOf: true, directiveIsRepeatable: true, schemaDescription: true };

test('the standard introspection query of graphql-js 16 is answered', async () => {
  const query = getIntrospectionQuery(options);
  const res = await post(tokens.viewer, query);
  assert.equal(res.status, 200, show(query, undefined, res));
  assert.equal(res.body.errors, undefined, show(query, undefined, res));

  const raw = res.body.data.__schema;
  assert.ok('description' in raw, '__schema.description is answered');
  assert.ok(raw.directives.length > 0);
  for (const d of raw.directives) {
    assert.equal(typeof d.isRepeatable, 'boolean', `@${d.name}.isRepeatable`);
  }
  for (const t of raw.types) {
    assert.equal(typeof t.isOneOf, 'boolean', `${t.name}.isOneOf`);
  }

  // What a code generator does with the answer.
  const schema = buildClientSchema(res.body.data);
  const selector = schema.getType('RevisionSelector');
  assert.ok(isInputObjectType(selector) && selector.isOneOf, 'RevisionSelector is @oneOf');
  const notOneOf = Object.values(schema.getTypeMap()).filter((t) => isInputObjectType(t) && t.isOneOf && t.name !== 'RevisionSelector');
  assert.ok(!notOneOf.some((t) => t.name === 'UpdateSectionInput'), 'ordinary inputs are not oneOf');
  assert.match(printSchema(schema), /input RevisionSelector @oneOf/);
});

test('an aliased isOneOf keeps its response key', async () => {
  const query = '{ __type(name: "RevisionSelector") { name oneOf: isOneOf } other: __type(name: "Strategy") { isOneOf } }';
  const data = (await post(tokens.viewer, query)).body.data;
  assert.deepEqual(data, { __type: { name: 'RevisionSelector', oneOf: true }, other: { isOneOf: false } });
});
