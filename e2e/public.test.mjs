// The public view (issue #18): an ADMIN publishes an adopted strategy; an
// anonymous client (no token) reads its edition in force and is refused
// everything else; the draft of a next edition never shows; withdrawal
// counts at once; anonymous clients are rate-limited per address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphQLClient, ClientError, gql } from 'graphql-request';
import { createStrategy, errorCode, mustMutate, post, politeFetch, show, tokens, url } from './lib.mjs';

const PARTNERS = ['Media Dizajn', 'Chamber of Industry and Commerce Rostock (IHK)', 'Kreativum Science Center'];
const anonymous = new GraphQLClient(url, { fetch: politeFetch });

// publishStrategy is not in the contract (lib's mutate looks inputs up
// there): sent as written.
async function admin(field, strategyId) {
  const query = `mutation($input: StrategyWorkflowInput!) { ${field}(input: $input) {
    position revision { action actor { role } } strategy { id publishedAt } } }`;
  const res = await post(tokens.admin, query, { input: { strategyId } });
  assert.ok(res.status === 200 && !res.body.errors, show(query, { strategyId }, res));
  return res.body.data[field];
}

const PUBLIC_STRATEGY = gql`query($id: ID!) { publicStrategy(id: $id) {
  id title vision edition { name revision adoptedAt } publishedAt
  partnerships { organisation { name country } role }
  sections { heading body }
  changeAnnex { previousEdition { name } changes { path kind } }
} }`;

// An adopted strategy of the test's own.
const created = (await createStrategy(tokens.planner, { partners: PARTNERS, sections: ['Where we stand'] })).strategy;
let p = await mustMutate(tokens.planner, 'submitStrategyForReview', { strategyId: created.id, expectedRevision: created.revision });
for (const reviewer of [tokens.reviewerDE, tokens.reviewerSE]) {
  p = await mustMutate(reviewer, 'reviewStrategy', { strategyId: created.id, contentRevision: p.strategy.contentRevision, decision: 'APPROVED' });
}
const adopted = await mustMutate(tokens.planner, 'adoptStrategy', { strategyId: created.id, expectedRevision: p.strategy.revision });
const id = created.id;

test('only an ADMIN publishes; an anonymous client then reads the adopted edition', async () => {
  assert.equal((await anonymous.request(PUBLIC_STRATEGY, { id })).publicStrategy, null, 'not public before publication');

  const refused = await post(tokens.planner, `mutation($input: StrategyWorkflowInput!) { publishStrategy(input: $input) { position } }`, { input: { strategyId: id } });
  assert.equal(errorCode(refused.body), 'FORBIDDEN', refused.text);

  const published = await admin('publishStrategy', id);
  assert.equal(published.revision.action, 'publishStrategy');
  assert.ok(published.strategy.publishedAt);

  const { publicDocuments } = await anonymous.request(gql`query($min: String) {
    publicDocuments(first: 100, minPosition: $min) { totalCount nodes { __typename id title edition { name } } }
  }`, { min: published.position });
  const listed = publicDocuments.nodes.find((n) => n.id === id);
  assert.ok(listed, `not listed: ${JSON.stringify(publicDocuments)}`);
  assert.equal(listed.__typename, 'PublicStrategy');
  assert.equal(listed.title, created.title);
  assert.equal(listed.edition.name, `adopted-${adopted.strategy.revision}`);

  const { publicStrategy } = await anonymous.request(PUBLIC_STRATEGY, { id });
  assert.equal(publicStrategy.title, created.title);
  assert.match(publicStrategy.edition.name, /^adopted-\d+$/);
  assert.deepEqual(publicStrategy.sections.map((s) => s.heading), ['Where we stand']);
  assert.deepEqual(publicStrategy.changeAnnex, { previousEdition: null, changes: [] });
  assert.deepEqual(publicStrategy.partnerships.map((x) => x.organisation.name).sort(), [...PARTNERS].sort());
});

test('the anonymous client is refused everything else', async () => {
  const others = [
    gql`{ viewer { id } }`,
    gql`query($id: ID!) { strategy(id: $id) { title } }`,
    gql`{ strategies(first: 1) { totalCount } }`,
    gql`{ organisations(first: 1) { nodes { contact { name email } } } }`,
    gql`{ auditLog(first: 1) { totalCount } }`,
    gql`query($id: ID!) { node(id: $id) { id } }`,
    gql`{ dashboard { position } }`,
    gql`{ systemStatus { headPosition } }`,
    gql`{ locations { name } }`,
    gql`query($id: ID!) { publicStrategy(id: $id) { title } strategy(id: $id) { status } }`,
    gql`mutation($input: StrategyWorkflowInput!) { unpublishStrategy(input: $input) { position } }`,
    gql`{ __schema { types { name } } }`,
  ];
  for (const doc of others) {
    const variables = doc.includes('$input') ? { input: { strategyId: id } } : doc.includes('$id') ? { id } : undefined;
    await assert.rejects(anonymous.request(doc, variables), (err) => {
      assert.ok(err instanceof ClientError, String(err));
      assert.equal(err.response.status, 401, doc);
      assert.deepEqual(err.response.errors.map((e) => e.extensions?.code), ['UNAUTHENTICATED'], doc);
      return true;
    });
  }
});

test('a reopened draft stays private; a withdrawal counts at once', async () => {
  const reopened = await mustMutate(tokens.planner, 'reopenStrategy', { strategyId: id });
  const section = reopened.strategy.sections[0].key;
  await mustMutate(tokens.planner, 'updateSection', { strategyId: id, sectionId: section, body: 'A draft the public must not see.' });
  const { publicStrategy } = await anonymous.request(PUBLIC_STRATEGY, { id });
  assert.notEqual(publicStrategy.sections[0].body, 'A draft the public must not see.');

  await admin('unpublishStrategy', id);
  assert.equal((await anonymous.request(PUBLIC_STRATEGY, { id })).publicStrategy, null);
});

test('anonymous clients are rate-limited per address', async () => {
  const body = JSON.stringify({ query: '{ publicDocuments(first: 1) { totalCount } }' });
  const send = () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, body });
  // Far beyond the burst (40 by default), all at once.
  const answers = await Promise.all(Array.from({ length: 150 }, send));
  const limited = answers.filter((r) => r.status === 429);
  assert.ok(limited.length > 0, `no request of 150 was limited: ${answers.map((r) => r.status).join(',')}`);
  const refusal = await limited[0].json();
  assert.equal(refusal.errors[0].extensions.code, 'RATE_LIMITED');
  assert.ok(Number(limited[0].headers.get('retry-after')) >= 1);
  await Promise.all(answers.map((r) => r.bodyUsed ? null : r.arrayBuffer()));
  // A token's bucket is its own.
  const withToken = await post(tokens.viewer, '{ viewer { role } }');
  assert.equal(withToken.status, 200, withToken.text);
  // Leave the address's bucket usable for the tests after this one: a
  // polite client waits for Retry-After.
  const after = await politeFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  assert.equal(after.status, 200);
});
