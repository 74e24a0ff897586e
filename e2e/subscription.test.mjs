// Subscriptions over graphql-transport-ws (graphql-ws client): a revision
// made over HTTP reaches the subscriber, afterRevision / afterPosition
// resume without repeating what was seen, auditLogAppended is for
// reviewers, a revoked token ends its subscription with FORBIDDEN, and
// connections without a valid token are closed with 4401 / 4403.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import {
  LEAD_PARTNER, createStrategy, headPosition, must, mustMutate, planner, seeded, tokens, uuid, withTimeout, wsUrl,
} from './lib.mjs';

const clients = [];
after(() => Promise.all(clients.map((c) => c.dispose())));

function connect(connectionParams) {
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams,
    lazy: true,
    retryAttempts: 0,
  });
  clients.push(client);
  return client;
}

// Subscribes and queues what arrives: take() awaits the next item with a
// bounded timeout: { value } for a "next", { error } for an "error" message
// or a close event, { complete: true }.
function subscribe(client, query, variables) {
  const queue = [];
  const waiting = [];
  const push = (item) => (waiting.length ? waiting.shift()(item) : queue.push(item));
  const unsubscribe = client.subscribe({ query, variables }, {
    next: (value) => push({ value }),
    error: (error) => push({ error }),
    complete: () => push({ complete: true }),
  });
  return {
    unsubscribe,
    async take(ms = 10_000, what = 'a subscription message') {
      const item = await withTimeout(
        queue.length ? Promise.resolve(queue.shift()) : new Promise((resolve) => waiting.push(resolve)),
        ms, what);
      return item;
    },
  };
}

const REVISED = `subscription Revised($id: ID!, $after: Int) {
  strategyRevised(id: $id, afterRevision: $after) {
    id number action subjectType position commandId
    actor { id name role organisation { name } }
    subject { __typename ... on Strategy { id } }
    changes { path kind before after }
  }
}`;

test('strategyRevised pushes the revision an HTTP mutation made', async () => {
  const { strategyId } = await seeded();
  // Read at the log head, so that afterRevision below is the latest revision.
  const before = await must(tokens.viewer, `query S($id: ID!, $min: String) { strategy(id: $id, minPosition: $min) { revision sections { key heading body } } }`,
    { id: strategyId, min: String(await headPosition()) });
  const section = before.strategy.sections[0];
  assert.ok(section, 'the seeded strategy has sections');

  // afterRevision = the current revision: whatever is appended from now on
  // is delivered, even if it lands before the subscription is live.
  const sub = subscribe(connect({ Authorization: `Bearer ${tokens.viewer}` }), REVISED,
    { id: strategyId, after: before.strategy.revision });
  const body = `Edited over HTTP while subscribed (${uuid()}).`;
  const payload = await mustMutate(tokens.planner, 'updateSection', {
    strategyId, sectionId: section.key, body, commandId: uuid(), reason: 'e2e subscription test',
  });

  const message = await sub.take(10_000, 'strategyRevised after updateSection');
  assert.ok(message.value, `subscription failed: ${JSON.stringify(message.error ?? message)}`);
  assert.equal(message.value.errors, undefined, JSON.stringify(message.value.errors));
  const revision = message.value.data.strategyRevised;
  assert.equal(revision.number, payload.revision.number);
  assert.equal(revision.number, before.strategy.revision + 1);
  assert.equal(revision.id, payload.revision.id);
  assert.equal(revision.action, 'updateSection');
  assert.equal(revision.subjectType, 'STRATEGY');
  assert.equal(revision.subject.id, strategyId);
  assert.equal(revision.position, payload.position);
  assert.equal(revision.commandId, payload.revision.commandId);
  assert.equal(revision.actor.role, 'PLANNER');
  assert.equal(revision.actor.organisation?.name, LEAD_PARTNER);
  const change = revision.changes.find((c) => c.path === `/sections/${section.key}/body`);
  assert.ok(change, `no change of /sections/${section.key}/body in ${JSON.stringify(revision.changes)}`);
  assert.equal(change.kind, 'CHANGED');
  assert.equal(change.before, section.body);
  assert.equal(change.after, body);

  // Pushed only once the read models include it: a plain re-read sees it.
  const reread = await must(tokens.viewer, `query S($id: ID!) { strategy(id: $id) { revision sections { key body } } }`, { id: strategyId });
  assert.ok(reread.strategy.revision >= revision.number, `re-read revision ${reread.strategy.revision} < pushed ${revision.number}`);
  assert.equal(reread.strategy.sections.find((s) => s.key === section.key).body, body);
  sub.unsubscribe();

  // afterRevision replays what a reconnecting client missed, oldest first.
  const replay = subscribe(connect({ Authorization: `Bearer ${tokens.viewer}` }), REVISED,
    { id: strategyId, after: revision.number - 2 });
  const first = await replay.take(10_000, 'the first replayed revision');
  const second = await replay.take(10_000, 'the second replayed revision');
  assert.deepEqual(
    [first.value?.data?.strategyRevised?.number, second.value?.data?.strategyRevised?.number],
    [revision.number - 1, revision.number],
    JSON.stringify([first, second]));
  assert.deepEqual(second.value.data.strategyRevised, revision);
  replay.unsubscribe();
});

// The close event graphql-ws hands to the sink when the server refuses the
// connection.
async function refusedWith(connectionParams) {
  const client = connect(connectionParams);
  const closed = new Promise((resolve) => client.on('closed', resolve));
  const sub = subscribe(client, '{ __typename }');
  const item = await sub.take(10_000, 'the server to close the connection');
  const event = await withTimeout(closed, 10_000, 'the closed event');
  assert.ok(item.error, `expected the connection to be refused, got ${JSON.stringify(item)}`);
  return event;
}

test('a connection without a token is closed with 4401', async () => {
  const event = await refusedWith(undefined);
  assert.equal(event.code, 4401, `closed with ${event.code} ${event.reason}`);
});

test('a connection with an unknown token is closed with 4403', async () => {
  const event = await refusedWith({ Authorization: 'Bearer pln_not-a-real-token' });
  assert.equal(event.code, 4403, `closed with ${event.code} ${event.reason}`);
});

const AUDIT = `subscription A($filter: AuditFilter, $after: String) {
  auditLogAppended(filter: $filter, afterPosition: $after) { number action subjectType subject { ... on Strategy { id } } position }
}`;

test('auditLogAppended: a REVIEWER follows new revisions, a VIEWER is refused', async () => {
  const created = await createStrategy(tokens.planner, { sections: ['Audit'] });
  const id = created.strategy.id;
  // Start once the history holds everything up to created.position.
  await must(tokens.reviewerDE, `query H($min: String) { auditLog(first: 1, minPosition: $min) { totalCount } }`, { min: created.position });
  const audit = subscribe(connect({ Authorization: `Bearer ${tokens.reviewerDE}` }), AUDIT, { filter: { subjectId: id }, after: created.position });
  const payload = await mustMutate(tokens.planner, 'updateSection', { strategyId: id, sectionId: created.strategy.sections[0].key, body: 'Audited.' });
  let message = await audit.take(10_000, 'auditLogAppended after updateSection');
  // Tolerated here (checked strictly in the next test): revisions at or
  // before afterPosition whose notices arrive after subscribing.
  while (message.value?.data?.auditLogAppended && BigInt(message.value.data.auditLogAppended.position) <= BigInt(created.position)) {
    message = await audit.take(10_000, 'auditLogAppended after updateSection');
  }
  assert.deepEqual(message.value?.data?.auditLogAppended, {
    number: payload.revision.number, action: 'updateSection', subjectType: 'STRATEGY', subject: { id }, position: payload.position,
  }, JSON.stringify(message));
  audit.unsubscribe();

  const refused = subscribe(connect({ Authorization: `Bearer ${tokens.viewer}` }), 'subscription { auditLogAppended { number } }');
  const first = await refused.take(10_000, 'the refusal of auditLogAppended');
  const errors = first.value?.errors ?? first.error;
  assert.equal(errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(first));
});

// A client resuming right after a write: the subscription starts while the
// read models are still applying that write. Nothing the client named as
// seen (afterRevision / afterPosition) may be pushed again. The window is
// short, so the scenario runs a few times.
async function resumeRightAfterAWrite(token, makeSubscription, pick) {
  const client = connect({ Authorization: `Bearer ${token}` });
  // Open the socket first, so that each subscription below starts at once.
  const warm = subscribe(client, '{ __typename }');
  assert.ok((await warm.take(10_000, 'the socket to open')).value);

  for (let round = 1; round <= 3; round++) {
    // A new strategy each round: the read models then have several of its
    // revisions to apply when the subscription starts.
    const created = await createStrategy(tokens.planner, { sections: ['Resume'] });
    const id = created.strategy.id;
    const key = created.strategy.sections[0].key;
    const seen = await mustMutate(tokens.planner, 'updateSection', { strategyId: id, sectionId: key, body: `Seen ${round}.` });
    const sub = subscribe(client, ...makeSubscription(id, seen));
    const next = await mustMutate(tokens.planner, 'updateSection', { strategyId: id, sectionId: key, body: `New ${round}.` });
    const message = await sub.take(10_000, 'the revision made after subscribing');
    sub.unsubscribe();
    const got = pick(message);
    assert.deepEqual(got && { number: got.number, position: got.position }, { number: next.revision.number, position: next.position },
      `round ${round}: subscribed after revision ${seen.revision.number} (position ${seen.position}), first push: ${JSON.stringify(message)}`);
  }
}

test('strategyRevised(afterRevision) right after a write pushes only later revisions', () =>
  resumeRightAfterAWrite(tokens.viewer,
    (id, seen) => [REVISED, { id, after: seen.revision.number }],
    (m) => m.value?.data?.strategyRevised));

test('auditLogAppended(afterPosition) right after a write pushes only later revisions', () =>
  resumeRightAfterAWrite(tokens.reviewerDE,
    (id, seen) => [AUDIT, { filter: { subjectId: id }, after: seen.position }],
    (m) => m.value?.data?.auditLogAppended));

test('a subscription ends with FORBIDDEN once its token is revoked', async () => {
  const created = await createStrategy(tokens.planner, { sections: ['Revocation'] });
  const id = created.strategy.id;
  const key = created.strategy.sections[0].key;
  const out = await planner('user', 'add', '--name', 'E2E Subscriber', '--email', `subscriber-${uuid()}@example.org`, '--org', 'Media Dizajn', '--role', 'PLANNER');
  const token = out.trim().split('\n').at(-1).trim();
  const userId = out.match(/Added user\s+([0-9a-f-]{36})/)?.[1];
  assert.ok(userId, out);

  const sub = subscribe(connect({ Authorization: `Bearer ${token}` }), REVISED, { id, after: created.strategy.revision });
  const one = await mustMutate(tokens.planner, 'updateSection', { strategyId: id, sectionId: key, body: 'Seen while allowed.' });
  const seen = await sub.take(10_000, 'the revision made before the revocation');
  assert.equal(seen.value?.data?.strategyRevised?.number, one.revision.number, JSON.stringify(seen));

  await planner('user', 'revoke', userId);
  await mustMutate(tokens.planner, 'updateSection', { strategyId: id, sectionId: key, body: 'Not for a revoked token.' });
  const ended = await sub.take(10_000, 'the subscription to end after the revocation');
  assert.equal(ended.value?.data?.strategyRevised, undefined, `a revoked token still received ${JSON.stringify(ended)}`);
  const errors = ended.value?.errors ?? ended.error;
  assert.equal(errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(ended));
  const last = await sub.take(10_000, 'complete');
  assert.equal(last.complete, true, JSON.stringify(last));
});
