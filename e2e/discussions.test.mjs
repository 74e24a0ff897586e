// Discussions (issue 18) with real clients: two partners discuss a
// measure over HTTP, the one mentioned receives it live over
// graphql-transport-ws (graphql-ws), a watcher of the document receives
// every step, unread counts and read marks, resolve and reopen, the
// measure is edited, removed and restored while the thread stays, an
// ADMIN hides a message with a reason the audit log shows, and the
// activity feed lists it all.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createStrategy, errorCode, must, mustMutate, planner, post, seeded, show, tokens, uuid, withTimeout, wsUrl,
} from './lib.mjs';

const clients = [];
after(() => Promise.all(clients.map((c) => c.dispose())));

function subscribe(token, query, variables) {
  const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, lazy: true, retryAttempts: 0,
    connectionParams: { Authorization: `Bearer ${token}` } });
  clients.push(client);
  const queue = [];
  const waiting = [];
  const push = (item) => (waiting.length ? waiting.shift()(item) : queue.push(item));
  client.subscribe({ query, variables }, {
    next: (value) => push({ value }), error: (error) => push({ error }), complete: () => push({ complete: true }),
  });
  return {
    async take(what) {
      const item = await withTimeout(queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => waiting.push(r)), 15_000, what);
      assert.ok(item.value && !item.value.errors, `${what}: ${JSON.stringify(item)}`);
      return item.value.data;
    },
  };
}

const DISCUSSION = `id status itemKey itemKind itemPath itemExists openedOnRevision revision messageCount viewerCanWrite
  document { ... on Strategy { id revision } }
  messages { id body deleted hidden hiddenReason replyTo position author { id name } mentions { id } edits { body } }`;
const PAYLOAD = `position replayed discussion { ${DISCUSSION} } message { id body }`;
const ENTRY = `cursor kind action position documentTitle actor { id name } discussion { id itemKind } message { id body mentions { id } }`;

async function discuss(token, mutation, inputType, input) {
  const query = `mutation M($input: ${inputType}!) { ${mutation}(input: $input) { ${PAYLOAD} } }`;
  const res = await post(token, query, { input: { commandId: uuid(), ...input } });
  return { payload: res.body?.data?.[mutation] ?? null, code: errorCode(res.body), describe: () => show(query, { input }, res) };
}

async function mustDiscuss(token, mutation, inputType, input) {
  const r = await discuss(token, mutation, inputType, input);
  assert.ok(r.payload, r.describe());
  return r.payload;
}

// Reads at a position: UNAVAILABLE (HTTP 503) means the read models have
// not reached it within the server's bound yet, and the API says to
// retry; a loaded test machine may need a few.
async function mustAt(token, query, variables) {
  for (let attempt = 1; ; attempt++) {
    const res = await post(token, query, variables);
    if (res.status === 503 && errorCode(res.body) === 'UNAVAILABLE' && attempt < 10) continue;
    assert.ok(res.status === 200 && !res.body.errors && res.body.data, show(query, variables, res));
    return res.body.data;
  }
}

const readDiscussion = (token, id, min) => mustAt(token, `query D($id: ID!, $min: String) { discussion(id: $id, minPosition: $min) { ${DISCUSSION} } }`,
  { id, min }).then((d) => d.discussion);

test('two partners discuss a measure; the thread outlives its edits, removal and restore', async () => {
  const net = await seeded();
  const me = async (token) => (await must(token, '{ viewer { id name } }')).viewer;
  const lead = await me(tokens.planner);
  const planner2 = await me(tokens.planner2);

  // A strategy of Media Dizajn and Kreativum with a measure.
  let s = await createStrategy(tokens.planner, { partners: ['Media Dizajn', 'Kreativum Science Center'] });
  const strategyId = s.strategy.id;
  const [priorityId, objectiveId, measureId] = [uuid(), uuid(), uuid()];
  await mustMutate(tokens.planner, 'addPriority', { strategyId, priorityId, title: 'Skills' });
  await mustMutate(tokens.planner, 'addObjective', { strategyId, priorityId, objectiveId, title: 'Train creative SMEs' });
  s = await mustMutate(tokens.planner, 'addMeasure', { strategyId, objectiveId, measureId, title: 'Workshops', startYear: 2027, endYear: 2028 });
  const revisionBefore = s.strategy.revision;

  // Live: the mentioned partner, and a VIEWER watching the document. A
  // subscription starts after the feed entry named by after: the newest
  // one now, read at the log head, so that nothing from here on is missed
  // however late the server sets the subscription up.
  const head = await must(tokens.monitor, '{ systemStatus { headPosition } }');
  const newest = await mustAt(tokens.viewer, `query N($min: String) { activity(first: 1, filter: { includeOwn: true }, minPosition: $min) { edges { cursor } } }`,
    { min: head.systemStatus.headPosition });
  const from = newest.activity.edges[0].cursor;
  const mentions = subscribe(tokens.planner2, `subscription M($after: String) { mentioned(after: $after) { ${ENTRY} } }`, { after: from });
  const watcher = subscribe(tokens.viewer, `subscription W($id: ID!, $after: String) { discussionActivity(documentId: $id, after: $after) { ${ENTRY} } }`,
    { id: strategyId, after: from });

  const started = await mustDiscuss(tokens.planner, 'startDiscussion', 'StartDiscussionInput', {
    documentId: strategyId, itemKey: measureId, body: 'How did Szczecin run these workshops?', mentions: [planner2.id],
  });
  const d = started.discussion;
  assert.equal(d.itemKind, 'MEASURE');
  assert.equal(d.itemKey, measureId);
  assert.equal(d.openedOnRevision, revisionBefore);
  assert.equal(d.status, 'OPEN');
  assert.equal(d.viewerCanWrite, true);
  assert.deepEqual(d.messages[0].mentions, [{ id: planner2.id }]);

  const pushed = (await mentions.take('the mention of planner2')).mentioned;
  assert.equal(pushed.kind, 'DISCUSSION');
  assert.equal(pushed.action, 'startDiscussion');
  assert.equal(pushed.discussion.id, d.id);
  assert.equal(pushed.message.body, 'How did Szczecin run these workshops?');
  assert.equal(pushed.actor.id, lead.id);

  // planner2 replies; the watcher sees both.
  const reply = await mustDiscuss(tokens.planner2, 'postDiscussionMessage', 'PostDiscussionMessageInput',
    { discussionId: d.id, replyTo: started.message.id, body: 'Two days each, with a follow-up call.' });
  assert.equal(reply.discussion.messages.length, 2);
  assert.equal((await watcher.take('start on the watcher')).discussionActivity.action, 'startDiscussion');
  const seen = (await watcher.take('reply on the watcher')).discussionActivity;
  assert.equal(seen.action, 'postDiscussionMessage');
  assert.equal(seen.message.body, 'Two days each, with a follow-up call.');

  // Discussing changes nothing about the document's revision.
  const doc = await must(tokens.viewer, `query S($id: ID!) { strategy(id: $id) { revision } }`, { id: strategyId });
  assert.equal(doc.strategy.revision, revisionBefore);

  // Unread: planner has planner2's reply; marking reads clears it.
  const unread = await mustAt(tokens.planner, `query U($ids: [ID!], $min: String) { discussionUnread(documentIds: $ids, minPosition: $min) { documentId unread mentions } }`,
    { ids: [strategyId], min: reply.position });
  assert.deepEqual(unread.discussionUnread, [{ documentId: strategyId, unread: 1, mentions: 0 }]);
  const marked = await must(tokens.planner, `mutation R($input: MarkDiscussionsReadInput!) { markDiscussionsRead(input: $input) { readPosition unread } }`,
    { input: { documentId: strategyId } });
  assert.equal(marked.markDiscussionsRead.unread, 0);
  const unread2 = await must(tokens.planner2, `query U($ids: [ID!]) { discussionUnread(documentIds: $ids) { unread mentions } }`, { ids: [strategyId] });
  assert.deepEqual(unread2.discussionUnread, [{ unread: 1, mentions: 1 }], 'planner2: the question, which mentions them');

  // Who may write: not a non-partner, not a VIEWER.
  for (const token of [tokens.outsider, tokens.viewer]) {
    const r = await discuss(token, 'postDiscussionMessage', 'PostDiscussionMessageInput', { discussionId: d.id, body: 'Me too' });
    assert.equal(r.code, 'FORBIDDEN', r.describe());
  }
  // Only the author edits; the earlier text stays in edits.
  const notMine = await discuss(tokens.planner2, 'editDiscussionMessage', 'EditDiscussionMessageInput',
    { discussionId: d.id, messageId: started.message.id, body: 'Rewritten by someone else' });
  assert.equal(notMine.code, 'FORBIDDEN', notMine.describe());
  const edited = await mustDiscuss(tokens.planner, 'editDiscussionMessage', 'EditDiscussionMessageInput',
    { discussionId: d.id, messageId: started.message.id, body: 'How did Szczecin run the 2026 workshops?', mentions: [planner2.id] });
  assert.deepEqual(edited.message, { id: started.message.id, body: 'How did Szczecin run the 2026 workshops?' });
  assert.deepEqual(edited.discussion.messages[0].edits, [{ body: 'How did Szczecin run these workshops?' }]);

  // Resolve, a message is refused, reopen.
  const resolved = await mustDiscuss(tokens.planner2, 'resolveDiscussion', 'DiscussionRefInput', { discussionId: d.id });
  assert.equal(resolved.discussion.status, 'RESOLVED');
  const closed = await discuss(tokens.planner, 'postDiscussionMessage', 'PostDiscussionMessageInput', { discussionId: d.id, body: 'One more thing' });
  assert.equal(closed.code, 'INVALID_STATE', closed.describe());
  const reopened = await mustDiscuss(tokens.planner, 'reopenDiscussion', 'DiscussionRefInput', { discussionId: d.id });
  assert.equal(reopened.discussion.status, 'OPEN');
  assert.equal((await watcher.take('edit on the watcher')).discussionActivity.action, 'editDiscussionMessage');
  assert.equal((await watcher.take('resolve on the watcher')).discussionActivity.action, 'resolveDiscussion');
  assert.equal((await watcher.take('reopen on the watcher')).discussionActivity.action, 'reopenDiscussion');

  // The measure is edited: the thread says which revision it was opened on.
  s = await mustMutate(tokens.planner, 'updateMeasure', { strategyId, measureId, title: 'Workshops and coaching' });
  let now = await readDiscussion(tokens.viewer, d.id, s.position);
  assert.equal(now.itemExists, true);
  assert.equal(now.openedOnRevision, revisionBefore);
  assert.ok(now.document.revision > now.openedOnRevision);
  const beforeRemoval = s.strategy.revision;

  // Removed: the thread stays readable and says so.
  s = await mustMutate(tokens.planner, 'removeItem', { strategyId, itemId: measureId });
  now = await readDiscussion(tokens.viewer, d.id, s.position);
  assert.equal(now.itemExists, false);
  assert.equal(now.messages.length, 2);
  assert.equal(now.messages[1].body, 'Two days each, with a follow-up call.');
  assert.match(now.messages[1].position, /^\d+$/);
  const listed = await must(tokens.viewer, `query L($id: ID!, $key: ID) { discussions(documentId: $id, itemKey: $key) { totalCount nodes { id itemExists } } }`,
    { id: strategyId, key: measureId });
  assert.deepEqual(listed.discussions, { totalCount: 1, nodes: [{ id: d.id, itemExists: false }] });

  // A restore of the revision before the removal brings the item back.
  s = await mustMutate(tokens.planner, 'restoreStrategyRevision', { subjectId: strategyId, revision: beforeRemoval });
  now = await readDiscussion(tokens.viewer, d.id, s.position);
  assert.equal(now.itemExists, true);
  assert.equal(now.messages.length, 2);

  // An ADMIN hides a message; the text is gone, the reason is in the audit log.
  const hidden = await mustDiscuss(tokens.admin, 'hideDiscussionMessage', 'HideDiscussionMessageInput',
    { discussionId: d.id, messageId: reply.message.id, reason: 'Shares a private phone number' });
  const h = hidden.discussion.messages[1];
  assert.deepEqual([h.body, h.hidden, h.hiddenReason], [null, true, 'Shares a private phone number']);
  const audit = await mustAt(tokens.admin, `query A($id: ID!, $min: String) { auditLog(first: 5, filter: { subjectId: $id, action: "hideDiscussionMessage" }, minPosition: $min) {
    nodes { action reason subjectType subject { __typename ... on Discussion { id } } } } }`, { id: d.id, min: hidden.position });
  assert.deepEqual(audit.auditLog.nodes, [{ action: 'hideDiscussionMessage', reason: 'Shares a private phone number',
    subjectType: 'DISCUSSION_THREAD', subject: { __typename: 'Discussion', id: d.id } }]);

  // The activity feed: the viewer's feed of the partner's documents.
  const feed = await mustAt(tokens.viewer, `query F($org: ID, $min: String) { activity(first: 50, filter: { organisationId: $org }, minPosition: $min) {
    totalCount nodes { kind action documentTitle discussion { id } } pageInfo { hasNextPage endCursor } } }`,
  { org: net.organisations['Kreativum Science Center'].id, min: hidden.position });
  const mine = feed.activity.nodes.filter((n) => n.documentTitle === s.strategy.title);
  assert.ok(mine.some((n) => n.kind === 'DISCUSSION' && n.action === 'hideDiscussionMessage' && n.discussion.id === d.id), JSON.stringify(mine));
  assert.ok(mine.some((n) => n.kind === 'REVISION' && n.action === 'removeItem'), JSON.stringify(mine));
  const other = await must(tokens.viewer, `query F($loc: ID) { activity(first: 50, filter: { locationId: $loc }) { nodes { documentTitle } } }`,
    { loc: net.locations.Karlshamn.id });
  assert.ok(!other.activity.nodes.some((n) => n.documentTitle === s.strategy.title), 'a strategy of Rostock and Szczecin is not in Karlshamn');
});

test("the README's discussion operations run as written", async () => {
  const readme = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'README.md'), 'utf8');
  const start = readme.indexOf('\n### Partners discuss a measure\n');
  assert.ok(start >= 0, 'README has the discussion section');
  const block = readme.slice(start).match(/^```graphql\n([\s\S]*?)^```$/m)[1];
  const colleague = (await must(tokens.planner2, '{ viewer { id } }')).viewer.id;
  const s = await createStrategy(tokens.planner, { partners: ['Media Dizajn', 'Kreativum Science Center'] });
  const strategy = s.strategy.id;
  const [priorityId, objectiveId, measure] = [uuid(), uuid(), uuid()];
  await mustMutate(tokens.planner, 'addPriority', { strategyId: strategy, priorityId, title: 'Skills' });
  await mustMutate(tokens.planner, 'addObjective', { strategyId: strategy, priorityId, objectiveId, title: 'Train' });
  await mustMutate(tokens.planner, 'addMeasure', { strategyId: strategy, objectiveId, measureId: measure, title: 'Workshops', startYear: 2027, endYear: 2028 });

  const op = (name, token, variables) => {
    const res = async () => {
      for (let attempt = 1; ; attempt++) {
        const r = await post(token, block, variables, { operationName: name });
        if (r.status === 503 && errorCode(r.body) === 'UNAVAILABLE' && attempt < 10) continue;
        return r;
      }
    };
    return res().then((r) => {
      assert.ok(r.status === 200 && !r.body.errors, show(name, variables, r));
      return r.body.data;
    });
  };
  const asked = (await op('Ask', tokens.planner, { strategy, measure, colleague })).startDiscussion;
  assert.equal(asked.discussion.itemKind, 'MEASURE');
  const answered = (await op('Answer', tokens.planner2, { discussion: asked.discussion.id, message: asked.message.id })).postDiscussionMessage;
  assert.match(answered.position, /^\d+$/);
  const thread = (await op('Thread', tokens.viewer, { discussion: asked.discussion.id, min: answered.position })).discussion;
  assert.deepEqual(thread.messages.map((m) => m.body), ['How did Szczecin run these workshops?', 'Two days each, with a follow-up call.']);
  const unread = (await op('Unread', tokens.planner, { min: answered.position })).discussionUnread;
  assert.ok(unread.some((u) => u.documentId === strategy && u.unread === 1), JSON.stringify(unread));
});

test("an erased author's messages stay, their name redacted", async () => {
  const out = await planner('user', 'add', '--name', 'Erika Erasable', '--email', `erika-${uuid()}@example.org`,
    '--org', 'Kreativum Science Center', '--role', 'REVIEWER');
  const token = out.trim().split('\n').at(-1).trim();
  const userId = out.match(/Added user\s+([0-9a-f-]{36})/)?.[1];
  assert.ok(userId, out);
  const s = await createStrategy(tokens.planner, { partners: ['Media Dizajn', 'Kreativum Science Center'] });
  const started = await mustDiscuss(token, 'startDiscussion', 'StartDiscussionInput',
    { documentId: s.strategy.id, body: 'The 2030 target looks high to me.' });
  assert.equal(started.discussion.messages[0].author.name, 'Erika Erasable');

  await planner('user', 'erase', userId);
  const after = await readDiscussion(tokens.viewer, started.discussion.id, started.position);
  const [m] = after.messages;
  assert.equal(m.body, 'The 2030 target looks high to me.', 'the message stays');
  assert.equal(m.author.id, userId);
  assert.notEqual(m.author.name, 'Erika Erasable', 'the name is redacted');
  const erased = await must(tokens.viewer, `query D($id: ID!) { discussion(id: $id) { messages { author { name erased } } } }`, { id: started.discussion.id });
  assert.equal(erased.discussion.messages[0].author.erased, true);
});

test('activityAppended pushes what happens on a partner\'s documents, not the caller\'s own doings', async () => {
  const net = await seeded();
  const head = await must(tokens.monitor, '{ systemStatus { headPosition } }');
  const newest = await mustAt(tokens.reviewerSE, `query N($min: String) { activity(first: 1, filter: { includeOwn: true }, minPosition: $min) { edges { cursor } } }`,
    { min: head.systemStatus.headPosition });
  const org = net.organisations['Kreativum Science Center'].id;
  const feed = subscribe(tokens.reviewerSE, `subscription A($f: ActivityFilter, $after: String) { activityAppended(filter: $f, after: $after) { ${ENTRY} documentTitle } }`,
    { f: { organisationId: org, kinds: ['REVISION', 'DISCUSSION'] }, after: newest.activity.edges[0].cursor });
  const s = await createStrategy(tokens.planner, { partners: ['Media Dizajn', 'Kreativum Science Center'] });
  // Other test files run at the same time and may touch Kreativum's
  // documents too: skip entries of other documents.
  const takeMine = async (what) => {
    for (;;) {
      const e = (await feed.take(what)).activityAppended;
      if (e.documentTitle === s.strategy.title) return e;
    }
  };
  const first = await takeMine('the new strategy in the feed');
  assert.deepEqual([first.kind, first.action, first.documentTitle], ['REVISION', 'createStrategy', s.strategy.title]);
  // The subscriber's own message is not in their feed; the planner's reply is.
  const own = await mustDiscuss(tokens.reviewerSE, 'startDiscussion', 'StartDiscussionInput', { documentId: s.strategy.id, body: 'A question from Karlshamn.' });
  await mustDiscuss(tokens.planner, 'postDiscussionMessage', 'PostDiscussionMessageInput', { discussionId: own.discussion.id, body: 'An answer from Media Dizajn.' });
  const next = await takeMine('the reply in the feed');
  assert.deepEqual([next.kind, next.action, next.message.body], ['DISCUSSION', 'postDiscussionMessage', 'An answer from Media Dizajn.']);
});
