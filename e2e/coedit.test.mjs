// Concurrent editing: two PLANNER clients (of two partner organisations)
// edit one strategy from the same expectedRevision. Disjoint edits merge and
// every one is in the history; edits of the same field conflict; the
// idempotency key replays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStrategy, headPosition, must, mustMutate, mutate, tokens, uuid } from './lib.mjs';

const planners = [tokens.planner, tokens.planner2];
const lastPosition = (payloads) => payloads.map((p) => BigInt(p.position)).reduce((a, b) => (a > b ? a : b)).toString();

// A strategy of its own with n sections, both planners' organisations partners.
async function strategyWith(n) {
  const payload = await createStrategy(tokens.planner, {
    partners: ['Media Dizajn', 'Kreativum Science Center'],
    sections: Array.from({ length: n }, (_, i) => `Chapter ${i + 1}`),
  });
  return { id: payload.strategy.id, revision: payload.strategy.revision, sections: payload.strategy.sections };
}

// The strategy's history as read after minPosition (read-your-writes: the
// read models are fed asynchronously).
async function history(id, first, minPosition) {
  const data = await must(tokens.viewer, `query H($id: ID!, $first: Int, $min: String) {
    strategy(id: $id, minPosition: $min) {
      revision
      sections { key heading body }
      revisions(first: $first) { totalCount nodes { number action actor { id } changes { path kind before after } } }
    }
  }`, { id, first, min: minPosition });
  return data.strategy;
}

// Every payload's revision is in the history with its change: nothing lost.
function assertInHistory(strategy, payloads, pathOf) {
  const byNumber = new Map(strategy.revisions.nodes.map((r) => [r.number, r]));
  for (const p of payloads) {
    const r = byNumber.get(p.revision.number);
    assert.ok(r, `revision ${p.revision.number} missing from the history`);
    assert.equal(r.action, 'updateSection');
    assert.equal(r.actor.id, p.revision.actor.id);
    const path = pathOf(p);
    const change = r.changes.find((c) => c.path === path);
    assert.ok(change, `revision ${r.number} lacks ${path}: ${JSON.stringify(r.changes)}`);
    assert.deepEqual(r.changes, p.revision.changes, `revision ${r.number}: history and payload disagree`);
  }
}

test('edits of different sections from the same expectedRevision all apply, merged', async () => {
  const s = await strategyWith(2);
  const edits = s.sections.map((section, i) => ({
    token: planners[i],
    input: { strategyId: s.id, sectionId: section.key, expectedRevision: s.revision, body: `Planner ${i + 1} wrote this (${uuid()}).` },
  }));
  const payloads = await Promise.all(edits.map((e) => mustMutate(e.token, 'updateSection', e.input)));

  const numbers = payloads.map((p) => p.revision.number).sort((a, b) => a - b);
  assert.deepEqual(numbers, [s.revision + 1, s.revision + 2]);
  for (const p of payloads) {
    // The one applied second found the strategy moved on: a merge.
    assert.equal(p.merged, p.revision.number !== s.revision + 1, `revision ${p.revision.number} merged=${p.merged}`);
    assert.equal(p.replayed, false);
  }
  assert.ok(payloads.some((p) => p.merged), 'no edit was merged');

  const after = await history(s.id, 5, lastPosition(payloads));
  assert.equal(after.revision, s.revision + 2);
  assertInHistory(after, payloads, (p) => `/sections/${edits[payloads.indexOf(p)].input.sectionId}/body`);
  for (const e of edits) {
    assert.equal(after.sections.find((x) => x.key === e.input.sectionId).body, e.input.body);
  }
});

test('an edit of another field of the same section merges; of the same field conflicts', async () => {
  const s = await strategyWith(1);
  const key = s.sections[0].key;
  const first = await mustMutate(tokens.planner, 'updateSection', { strategyId: s.id, sectionId: key, expectedRevision: s.revision, body: 'First body.' });
  assert.equal(first.merged, false);

  const heading = await mustMutate(tokens.planner2, 'updateSection', { strategyId: s.id, sectionId: key, expectedRevision: s.revision, heading: 'Renamed chapter' });
  assert.equal(heading.merged, true);
  assert.equal(heading.revision.number, s.revision + 2);

  const head = await headPosition();
  const stale = await mutate(tokens.planner2, 'updateSection', { strategyId: s.id, sectionId: key, expectedRevision: s.revision, body: 'Stale body.' });
  assert.equal(stale.code, 'REVISION_CONFLICT', stale.describe());
  assert.equal(stale.payload, null);
  assert.equal(stale.error.extensions.currentRevision, s.revision + 2, stale.describe());
  const conflict = stale.error.extensions.conflicts?.find((c) => c.path === `/sections/${key}/body`);
  assert.ok(conflict, `conflicts lack /sections/${key}/body\n${stale.describe()}`);
  assert.equal(conflict.revision, first.revision.number);
  assert.equal(conflict.actorId, first.revision.actor.id);
  assert.equal(conflict.current, 'First body.');
  assert.equal(await headPosition(), head, 'a rejected mutation appended events');
});

test('concurrent edits of the same section body: one wins, the other gets REVISION_CONFLICT', async () => {
  const s = await strategyWith(1);
  const key = s.sections[0].key;
  const bodies = ['Body by planner one.', 'Body by planner two.'];
  const results = await Promise.all(planners.map((token, i) =>
    mutate(token, 'updateSection', { strategyId: s.id, sectionId: key, expectedRevision: s.revision, body: bodies[i] })));

  const won = results.filter((r) => r.payload);
  const lost = results.filter((r) => !r.payload);
  assert.equal(won.length, 1, results.map((r) => r.describe()).join('\n\n'));
  assert.equal(lost.length, 1);
  const winner = won[0].payload;
  const loser = lost[0];
  assert.equal(winner.revision.number, s.revision + 1);
  assert.equal(loser.code, 'REVISION_CONFLICT', loser.describe());
  assert.equal(loser.error.extensions.currentRevision, winner.revision.number, loser.describe());
  const paths = (loser.error.extensions.conflicts ?? []).map((c) => c.path);
  assert.ok(paths.includes(`/sections/${key}/body`), `conflicts: ${JSON.stringify(paths)}`);

  const after = await history(s.id, 3, winner.position);
  assert.equal(after.revision, s.revision + 1, 'the refused edit appended a revision');
  assert.equal(after.sections[0].body, winner.strategy.sections.find((x) => x.key === key).body);
  assert.ok(bodies.includes(after.sections[0].body));
});

test('a burst of concurrent edits of disjoint sections ends with every edit in the document', async () => {
  const N = 8;
  const s = await strategyWith(N);
  const edits = s.sections.map((section, i) => ({
    token: planners[i % 2],
    input: { strategyId: s.id, sectionId: section.key, expectedRevision: s.revision, body: `Edit ${i} (${uuid()}).`, commandId: uuid() },
  }));
  const results = await Promise.all(edits.map((e) => mutate(e.token, 'updateSection', e.input)));
  const failed = results.filter((r) => !r.payload);
  assert.deepEqual(failed.map((r) => r.describe()), [], 'some disjoint edits were refused');

  const payloads = results.map((r) => r.payload);
  assert.deepEqual(payloads.map((p) => p.revision.number).sort((a, b) => a - b),
    Array.from({ length: N }, (_, i) => s.revision + 1 + i));
  for (const p of payloads) assert.equal(p.merged, p.revision.number !== s.revision + 1);

  const data = await must(tokens.viewer, `query S($id: ID!, $min: String) { strategy(id: $id, minPosition: $min) { revision sections { key body } } }`,
    { id: s.id, min: lastPosition(payloads) });
  assert.equal(data.strategy.revision, s.revision + N);
  for (const e of edits) {
    assert.equal(data.strategy.sections.find((x) => x.key === e.input.sectionId).body, e.input.body, `edit of ${e.input.sectionId} lost`);
  }
  const after = await history(s.id, N + 2, lastPosition(payloads));
  assertInHistory(after, payloads, (p) => `/sections/${edits[payloads.indexOf(p)].input.sectionId}/body`);
});

test('the same commandId replays; with other input or by another actor it is refused', async () => {
  const s = await strategyWith(1);
  const key = s.sections[0].key;
  const commandId = uuid();
  const input = { strategyId: s.id, sectionId: key, body: 'Idempotent body.', commandId, clientMutationId: 'first' };
  const first = await mustMutate(tokens.planner, 'updateSection', input);
  assert.equal(first.replayed, false);
  assert.equal(first.revision.commandId, commandId);

  const head = await headPosition();
  const again = await mustMutate(tokens.planner, 'updateSection', input);
  assert.equal(again.replayed, true);
  assert.equal(again.revision.number, first.revision.number);
  assert.equal(again.revision.id, first.revision.id);
  assert.equal(again.position, first.position);
  assert.equal(again.clientMutationId, 'first');
  assert.equal(await headPosition(), head, 'a replay appended events');

  const other = await mutate(tokens.planner, 'updateSection', { ...input, body: 'Another body.' });
  assert.equal(other.code, 'IDEMPOTENCY_KEY_REUSED', other.describe());
  assert.equal(other.payload, null);

  const otherActor = await mutate(tokens.planner2, 'updateSection', input);
  assert.equal(otherActor.code, 'IDEMPOTENCY_KEY_REUSED', otherActor.describe());
  assert.equal(await headPosition(), head, 'a refused command appended events');

  const data = await must(tokens.viewer, `query S($id: ID!, $min: String) { strategy(id: $id, minPosition: $min) { revision sections { key body } } }`,
    { id: s.id, min: first.position });
  assert.equal(data.strategy.revision, first.revision.number);
  assert.equal(data.strategy.sections[0].body, 'Idempotent body.');
});

test('the same command sent twice at once is applied once', async () => {
  const s = await strategyWith(1);
  const input = { strategyId: s.id, sectionId: s.sections[0].key, body: 'Sent twice at once.', commandId: uuid() };
  const [a, b] = await Promise.all([mutate(tokens.planner, 'updateSection', input), mutate(tokens.planner, 'updateSection', input)]);
  assert.ok(a.payload && b.payload, `${a.describe()}\n\n${b.describe()}`);
  assert.deepEqual([a.payload.replayed, b.payload.replayed].sort(), [false, true]);
  assert.equal(a.payload.revision.number, b.payload.revision.number);
  assert.equal(a.payload.position, b.payload.position);
  const after = await history(s.id, 3, a.payload.position);
  assert.equal(after.revision, s.revision + 1);
});
