// The served schema is a compatible superset of the contract, with the
// contract's descriptions visible in introspection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  buildClientSchema,
  buildSchema,
  findBreakingChanges,
  findDangerousChanges,
  getIntrospectionQuery,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  specifiedDirectives,
} from 'graphql';
import { contractPath, post, show, tokens } from './lib.mjs';

const contractSDL = readFileSync(contractPath, 'utf8');
const contract = buildSchema(contractSDL);

// Introspects with isOneOf when the server knows it (graphql-go may not
// offer __Type.isOneOf); answers { schema, oneOf }.
async function introspect() {
  for (const oneOf of [true, false]) {
    const query = getIntrospectionQuery({ descriptions: true, oneOf });
    const res = await post(tokens.viewer, query);
    if (res.status === 200 && !res.body.errors) {
      return { schema: buildClientSchema(res.body.data), oneOf };
    }
    if (!oneOf) assert.fail(`introspection failed\n${show(query, undefined, res)}`);
  }
}
const served = await introspect();

test('the served schema has no breaking change against the contract', (t) => {
  const dangerous = findDangerousChanges(contract, served.schema);
  for (const c of dangerous) t.diagnostic(`dangerous (for information): ${c.type}: ${c.description}`);
  const all = findBreakingChanges(contract, served.schema).map((c) => `${c.type}: ${c.description}`);
  // graphql-js 16.15 defines @deprecated with the new DIRECTIVE_DEFINITION
  // location, which graphql-go's built-in @deprecated lacks. Built-in
  // directives are the GraphQL libraries' business, not the contract's: a
  // change to one the contract does not declare itself is only reported.
  const builtIn = (line) => /^(REQUIRED_)?DIRECTIVE_/.test(line) && specifiedDirectives.some((d) =>
    !contractSDL.includes(`directive @${d.name}`) && new RegExp(`\\b${d.name}\\b`).test(line.replace(/^\S+: /, '')));
  for (const line of all.filter(builtIn)) t.diagnostic(`built-in directive differs (not part of the contract): ${line}`);
  assert.deepEqual(all.filter((line) => !builtIn(line)), []);
});

test('@oneOf inputs of the contract are oneOf in the served schema', (t) => {
  if (!served.oneOf) {
    t.diagnostic('the server does not offer __Type.isOneOf; not checked');
    return;
  }
  const missing = Object.values(contract.getTypeMap())
    .filter((type) => isInputObjectType(type) && type.isOneOf)
    .filter((type) => !served.schema.getType(type.name)?.isOneOf)
    .map((type) => type.name);
  assert.deepEqual(missing, []);
});

const norm = (s) => (s ?? '').replace(/\s+/g, ' ').trim();

// Every description of the contract, by the coordinate it belongs to.
function descriptions(schema) {
  const out = new Map();
  const add = (coordinate, description) => {
    if (description) out.set(coordinate, norm(description));
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    add(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        add(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) add(`${type.name}.${field.name}(${arg.name}:)`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) add(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) add(`${type.name}.${value.name}`, value.description);
    }
  }
  return out;
}

test('the Strategy type serves the contract description', () => {
  assert.equal(norm(served.schema.getType('Strategy')?.description), norm(contract.getType('Strategy').description));
  assert.match(served.schema.getType('Strategy').description, /A joint ten-year development strategy/);
});

test('every description of the contract is visible in introspection', () => {
  const want = descriptions(contract);
  const got = descriptions(served.schema);
  assert.ok(want.size > 50, `only ${want.size} descriptions in the contract?`);
  const wrong = [];
  for (const [coordinate, description] of want) {
    if (got.get(coordinate) !== description) {
      wrong.push(`${coordinate}: want ${JSON.stringify(description)}, served ${JSON.stringify(got.get(coordinate) ?? null)}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('introspection needs a token', async () => {
  const res = await post(null, '{ __schema { queryType { name } } }');
  assert.equal(res.status, 401, show('{ __schema }', undefined, res));
  assert.equal(res.body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
});
