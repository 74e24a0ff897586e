// Reads through an ordinary GraphQL client (graphql-request): lists,
// documents, reference data, audit log, dashboard, status, history and
// read-your-writes with minPosition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientError, gql } from 'graphql-request';
import { LEAD_PARTNER, SEEDED_STRATEGY_TITLE, client, headPosition, seeded, tokens, uuid } from './lib.mjs';

const viewer = client(tokens.viewer);
const planner = client(tokens.planner);
const reviewer = client(tokens.reviewerDE);

const SEEDED_PARTNERS = [
  'Association of Polish Communes of Euroregion Baltic/ ERB',
  'Chamber of Industry and Commerce Rostock (IHK)',
  'Hanseatic City of Rostock, Department for Urban Development, Urban Planning and Economy',
  'Kreativum Science Center',
  'Media Dizajn',
  'Rietavas Tourism and Business Information Centre',
];
const SEEDED_LOCATIONS = { Rostock: 'DE', Schwerin: 'DE', Szczecin: 'PL', Elbląg: 'PL', Rietavas: 'LT', Karlshamn: 'SE' };

const decimal = /^(0|[1-9][0-9]*)$/;

// "By name" does not say which collation: accept code-unit order and the
// locale's (PostgreSQL's default collation is usually a locale).
function assertSortedByName(list, key, what) {
  const byCodeUnit = [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const byLocale = [...list].sort((a, b) => key(a).localeCompare(key(b), 'en'));
  assert.ok(JSON.stringify(list) === JSON.stringify(byCodeUnit) || JSON.stringify(list) === JSON.stringify(byLocale),
    `${what} not sorted: ${JSON.stringify(list.map(key))}`);
}

test('viewer names the authenticated caller', async () => {
  const data = await planner.request(gql`{ viewer { id kind name role erased organisation { name } } }`);
  assert.deepEqual({ ...data.viewer, id: undefined }, {
    id: undefined, kind: 'PERSON', name: 'E2E Planner', role: 'PLANNER', erased: false, organisation: { name: LEAD_PARTNER },
  });
});

test('strategies is a connection with nodes, edges, pageInfo and totalCount', async () => {
  const data = await viewer.request(gql`query {
    strategies(first: 100) {
      totalCount
      nodes { id title status startYear endYear updatedAt }
      edges { cursor node { id } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`);
  const c = data.strategies;
  assert.ok(c.totalCount >= 1);
  assert.equal(c.nodes.length, Math.min(c.totalCount, 100));
  assert.deepEqual(c.edges.map((e) => e.node.id), c.nodes.map((n) => n.id));
  const seededOne = c.nodes.find((n) => n.title === SEEDED_STRATEGY_TITLE);
  assert.ok(seededOne, 'the seeded strategy is listed');
  assert.equal(seededOne.startYear, 2027);
  assert.equal(seededOne.endYear, 2036);
  const updated = c.nodes.map((n) => Date.parse(n.updatedAt));
  assert.deepEqual(updated, [...updated].sort((a, b) => b - a), 'most recently updated first');
  assert.equal(c.pageInfo.startCursor, c.edges[0].cursor);
  assert.equal(c.pageInfo.endCursor, c.edges.at(-1).cursor);

  // Paging by cursor walks the same list.
  if (c.totalCount >= 2) {
    const page1 = await viewer.request(gql`{ strategies(first: 1) { nodes { id } pageInfo { hasNextPage endCursor } } }`);
    assert.equal(page1.strategies.pageInfo.hasNextPage, true);
    const page2 = await viewer.request(gql`query($after: String) { strategies(first: 1, after: $after) { nodes { id } pageInfo { hasPreviousPage } } }`,
      { after: page1.strategies.pageInfo.endCursor });
    assert.deepEqual([page1.strategies.nodes[0].id, page2.strategies.nodes[0].id], c.nodes.slice(0, 2).map((n) => n.id));
  }

  const filtered = await viewer.request(gql`query($s: String) { strategies(filter: { search: $s, status: [IN_REVIEW] }) { totalCount nodes { title status } } }`,
    { s: 'creative SOUTH baltic' });
  assert.ok(filtered.strategies.nodes.some((n) => n.title === SEEDED_STRATEGY_TITLE), JSON.stringify(filtered));
  assert.ok(filtered.strategies.nodes.every((n) => n.status === 'IN_REVIEW'));
});

test('strategy(id) serves the seeded document', async () => {
  const { strategyId } = await seeded();
  const data = await viewer.request(gql`query($id: ID!, $min: String) {
    strategy(id: $id, minPosition: $min) {
      id title vision startYear endYear status revision contentRevision
      locations { name country }
      partners { name }
      partnerships { role organisation { name } }
      sections { key heading body }
      priorities { key title objectives { key title measures { key title status startYear endYear leadPartner { name } milestones { key title due done } }
        indicators { key name unit baseline targets { year value } actuals { year value } onTrack } } }
      createdBy { kind name } updatedBy { kind }
      viewerCanEdit viewerCanReview viewerCanAdopt
    }
  }`, { id: strategyId, min: String(await headPosition()) });
  const s = data.strategy;
  assert.equal(s.id, strategyId);
  assert.equal(s.title, SEEDED_STRATEGY_TITLE);
  assert.equal(s.status, 'IN_REVIEW');
  assert.equal(s.endYear, s.startYear + 9);
  assert.ok(s.revision >= 21 && s.contentRevision <= s.revision, `revision ${s.revision}, contentRevision ${s.contentRevision}`);
  assert.deepEqual(s.locations.map((l) => l.name).sort(), ['Elbląg', 'Karlshamn', 'Rietavas', 'Rostock', 'Szczecin']);
  assert.deepEqual(s.partners.map((p) => p.name).sort(), SEEDED_PARTNERS);
  assert.deepEqual(s.partnerships.filter((p) => p.role === 'LEAD_PARTNER').map((p) => p.organisation.name), [LEAD_PARTNER]);
  assert.deepEqual(s.sections.map((x) => x.heading).slice(0, 3), ['Diagnosis', 'Implementation system', 'Monitoring and evaluation']);
  assert.deepEqual(s.priorities.map((p) => p.title), ['Cross-border exchange', 'Creative consultancy for the normal economy', 'Joint promotion']);
  const forum = s.priorities[0].objectives[0];
  assert.equal(forum.measures.length, 2);
  assert.equal(forum.measures[0].status, 'IN_PROGRESS');
  assert.equal(forum.measures[0].leadPartner.name, LEAD_PARTNER);
  assert.deepEqual(forum.measures[0].milestones.map((m) => m.due), ['2027-10-15']);
  const participants = forum.indicators[0];
  assert.deepEqual(participants.actuals, [{ year: 2027, value: 92 }]);
  assert.equal(participants.onTrack, true, 'actual 92 against target 80 in 2027');
  assert.equal(s.createdBy.kind, 'SYSTEM');
  assert.deepEqual([s.viewerCanEdit, s.viewerCanReview, s.viewerCanAdopt], [false, false, false]);

  const asPlanner = await planner.request(gql`query($id: ID!) { strategy(id: $id) { viewerCanEdit viewerCanReview } }`, { id: strategyId });
  assert.deepEqual(asPlanner.strategy, { viewerCanEdit: true, viewerCanReview: false });
  const asReviewer = await reviewer.request(gql`query($id: ID!) { strategy(id: $id) { viewerCanEdit viewerCanReview } }`, { id: strategyId });
  assert.deepEqual(asReviewer.strategy, { viewerCanEdit: false, viewerCanReview: true });

  const missing = await viewer.request(gql`query($id: ID!) { strategy(id: $id) { id } }`, { id: uuid() });
  assert.equal(missing.strategy, null);
  const node = await viewer.request(gql`query($id: ID!) { node(id: $id) { __typename id ... on Strategy { title } } }`, { id: strategyId });
  assert.deepEqual(node.node, { __typename: 'Strategy', id: strategyId, title: SEEDED_STRATEGY_TITLE });
});

test('organisations are listed by name; locations by country then name', async () => {
  const data = await viewer.request(gql`{
    organisations(first: 100) { totalCount nodes { id name role website location { name country } contact { name erased } } }
    locations { id name country region }
  }`);
  const orgs = data.organisations.nodes;
  assert.equal(data.organisations.totalCount, orgs.length);
  assert.ok(orgs.length >= 9, `${orgs.length} organisations`);
  assertSortedByName(orgs, (o) => o.name, 'organisations');
  assert.deepEqual(orgs.filter((o) => o.role === 'LEAD_PARTNER').map((o) => o.name), [LEAD_PARTNER]);
  const kreativum = orgs.find((o) => o.name === 'Kreativum Science Center');
  assert.deepEqual(kreativum.location, { name: 'Karlshamn', country: 'SE' });
  assert.equal(kreativum.website, 'www.kreativum.se');
  assert.deepEqual(kreativum.contact, { name: 'Mathias Roos', erased: false });

  for (const [city, country] of Object.entries(SEEDED_LOCATIONS)) {
    assert.equal(data.locations.find((l) => l.name === city)?.country, country, city);
  }
  const countries = data.locations.map((l) => l.country);
  assert.deepEqual(countries, [...countries].sort(), 'by country');
  for (const country of new Set(countries)) {
    assertSortedByName(data.locations.filter((l) => l.country === country), (l) => l.name, `locations in ${country}`);
  }
});

test('auditLog: REVIEWER reads it, VIEWER gets null and FORBIDDEN', async () => {
  const query = gql`query($first: Int) { auditLog(first: $first) { totalCount nodes { id number action subjectType at position actor { kind name } subject { __typename } } } }`;
  const data = await reviewer.request(query, { first: 10 });
  const log = data.auditLog;
  // The seed alone made 52: 6 locations, 9 organisations, 9 contact persons,
  // 21 strategy revisions, 6 + 1 concept revisions.
  assert.ok(log.totalCount >= 52, `${log.totalCount} revisions in the audit log`);
  assert.equal(log.nodes.length, 10);
  const positions = log.nodes.map((r) => BigInt(r.position));
  assert.ok(positions.every((p, i) => i === 0 || positions[i - 1] > p), 'newest first');

  const filtered = await reviewer.request(gql`{ auditLog(first: 100, filter: { subjectType: LOCATION }) { totalCount nodes { action subjectType } } }`);
  assert.ok(filtered.auditLog.totalCount >= 6);
  assert.ok(filtered.auditLog.nodes.every((r) => r.subjectType === 'LOCATION'));

  const all = client(tokens.viewer, { errorPolicy: 'all' });
  const refused = await all.rawRequest(query, { first: 10 });
  assert.equal(refused.data?.auditLog, null);
  assert.equal(refused.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(refused.errors));

  await assert.rejects(viewer.request(query, { first: 10 }), (e) => e instanceof ClientError
    && e.response.errors[0].extensions.code === 'FORBIDDEN');
});

test('dashboard and systemStatus', async () => {
  const data = await viewer.request(gql`{
    dashboard {
      position
      strategies(first: 100) { totalCount nodes { strategy { id title } objectives measures indicators indicatorsOnTrack milestonesOverdue completion measuresByStatus { status count } } }
      concepts { status count }
      activity(weeks: 4) { weekStart organisation { name } revisions }
    }
    systemStatus { headPosition projections { name position lag rebuilding error updatedAt } }
  }`);
  const d = data.dashboard;
  assert.match(d.position, decimal);
  const progress = d.strategies.nodes.find((n) => n.strategy.title === SEEDED_STRATEGY_TITLE);
  assert.ok(progress, 'the seeded strategy has progress figures');
  assert.deepEqual([progress.objectives, progress.measures, progress.indicators], [2, 3, 2]);
  assert.equal(progress.measuresByStatus.find((m) => m.status === 'IN_PROGRESS')?.count, 1);
  assert.equal(progress.completion, 0);
  const concepts = Object.fromEntries(d.concepts.map((c) => [c.status, c.count]));
  assert.ok(concepts.PILOTING >= 1 && concepts.DRAFT >= 1, JSON.stringify(d.concepts));
  assert.ok(d.activity.length >= 1, 'seeded activity is this week');
  const weeks = d.activity.map((a) => a.weekStart);
  assert.deepEqual(weeks, [...weeks].sort(), 'oldest week first');
  for (const w of weeks) assert.equal(new Date(`${w}T00:00:00Z`).getUTCDay(), 1, `${w} is a Monday`);

  const s = data.systemStatus;
  assert.match(s.headPosition, decimal);
  assert.ok(BigInt(d.position) <= BigInt(s.headPosition));
  assert.ok(s.projections.length >= 1);
  for (const p of s.projections) {
    assert.match(p.position, decimal, p.name);
    assert.ok(BigInt(p.position) <= BigInt(s.headPosition), p.name);
    assert.ok(p.lag >= 0, p.name);
    assert.equal(p.error, null, `${p.name}: ${p.error}`);
  }
});

test('history of the seeded strategy: revisions, revisionByNumber, diff, blame, snapshot', async () => {
  const { strategyId } = await seeded();
  const data = await viewer.request(gql`query($id: ID!, $min: String) {
    strategy(id: $id, minPosition: $min) {
      revision
      sections { key heading body }
      revisions(first: 100) { totalCount nodes { id number action reason commandId position at actor { kind name } changes { path kind } events { type version position } } }
      first: revisionByNumber(number: 1) { number action subjectType actor { kind name role } changes { path kind after } }
      none: revisionByNumber(number: 100000) { number }
      blame(pathPrefix: "/sections") { path revision actor { kind name } at }
      created: snapshot(at: { number: 1 }) { id status title sections { key } revision { number } strategy { id } }
      versions { name revision }
    }
  }`, { id: strategyId, min: String(await headPosition()) });
  const s = data.strategy;
  const revs = s.revisions.nodes;
  assert.equal(s.revisions.totalCount, s.revision);
  assert.deepEqual(revs.map((r) => r.number), Array.from({ length: s.revision }, (_, i) => s.revision - i), 'newest first, none missing');
  assert.equal(revs.at(-1).action, 'createStrategy');
  assert.ok(revs.every((r) => r.events.length >= 1 && r.events.at(-1).position === r.position), 'a revision\'s position is that of its last event');
  assert.ok(revs.filter((r) => r.actor.kind === 'SYSTEM').every((r) => r.reason === 'demo data'));

  assert.equal(s.first.number, 1);
  assert.equal(s.first.action, 'createStrategy');
  assert.equal(s.first.subjectType, 'STRATEGY');
  assert.deepEqual(s.first.actor, { kind: 'SYSTEM', name: 'System', role: null });
  assert.equal(s.none, null);

  // The seed wrote the diagnosis, then edited its body.
  const diagnosis = s.sections.find((x) => x.heading === 'Diagnosis');
  const bodyPath = `/sections/${diagnosis.key}/body`;
  const seedRevs = [...revs].reverse().filter((r) => r.actor.kind === 'SYSTEM');
  const added = seedRevs.find((r) => r.changes.some((c) => c.path === `/sections/${diagnosis.key}` && c.kind === 'ADDED'));
  const edited = seedRevs.find((r) => r.action === 'updateSection' && r.changes.some((c) => c.path === bodyPath));
  assert.ok(added && edited, 'the seed added and edited the diagnosis');

  const diff = await viewer.request(gql`query($id: ID!, $from: Int!, $to: Int!, $prefix: String) {
    strategy(id: $id) {
      forward: diff(fromRevision: $from, toRevision: $to, pathPrefix: $prefix) { path kind before after redacted }
      backward: diff(fromRevision: $to, toRevision: $from, pathPrefix: $prefix) { path kind before after }
    }
  }`, { id: strategyId, from: added.number, to: edited.number, prefix: bodyPath });
  assert.equal(diff.strategy.forward.length, 1, JSON.stringify(diff.strategy.forward));
  const change = diff.strategy.forward[0];
  assert.equal(change.path, bodyPath);
  assert.equal(change.kind, 'CHANGED');
  assert.equal(change.redacted, false);
  assert.match(change.before, /^The creative industries are among the most vibrant sectors of the South Baltic region, yet/);
  assert.match(change.after, /Four locations \(Rostock, Szczecin, Rietavas, Karlshamn\)/);
  assert.deepEqual(diff.strategy.backward, [{ path: bodyPath, kind: 'CHANGED', before: change.after, after: change.before }]);

  assert.ok(s.blame.length >= 3 && s.blame.every((b) => b.path.startsWith('/sections')));
  const blameBody = s.blame.find((b) => b.path === bodyPath);
  assert.ok(blameBody, `no blame for ${bodyPath}`);
  const lastBodyChange = revs.find((r) => r.changes.some((c) => c.path === bodyPath));
  assert.equal(blameBody.revision, lastBodyChange.number);

  assert.equal(s.created.status, 'DRAFT');
  assert.equal(s.created.title, SEEDED_STRATEGY_TITLE);
  assert.deepEqual(s.created.sections, []);
  assert.equal(s.created.revision.number, 1);
  assert.equal(s.created.strategy.id, strategyId);

  const submitted = revs.find((r) => r.action === 'submitStrategyForReview');
  const snap = await viewer.request(gql`query($id: ID!, $n: Int!) {
    strategy(id: $id) {
      before: snapshot(at: { number: $n }) { status sections { key heading } }
      prior: snapshot(at: { number: 2 }) { status }
    }
  }`, { id: strategyId, n: submitted.number });
  assert.equal(snap.strategy.before.status, 'IN_REVIEW');
  assert.equal(snap.strategy.prior.status, 'DRAFT');
  assert.deepEqual(snap.strategy.before.sections.map((x) => x.heading), ['Diagnosis', 'Implementation system', 'Monitoring and evaluation']);

  const all = client(tokens.viewer, { errorPolicy: 'all' });
  const outOfRange = await all.rawRequest(gql`query($id: ID!) { strategy(id: $id) { snapshot(at: { number: 100000 }) { status } } }`, { id: strategyId });
  assert.equal(outOfRange.errors?.[0]?.extensions?.code, 'NOT_FOUND', JSON.stringify(outOfRange));
});

test('minPosition from a mutation payload makes the next read include the change', async () => {
  const net = await seeded();
  const title = `E2E read-your-writes ${uuid()}`;
  const created = await planner.request(gql`mutation($input: CreateStrategyInput!) {
    createStrategy(input: $input) { position strategy { id revision } }
  }`, { input: {
    title, startYear: 2030, locationIds: [net.locations.Rietavas.id], partnerIds: [net.organisations[LEAD_PARTNER].id],
  } });
  const { position } = created.createStrategy;
  const id = created.createStrategy.strategy.id;
  assert.match(position, decimal);

  const read = await viewer.request(gql`query($id: ID!, $min: String, $title: String) {
    strategy(id: $id, minPosition: $min) { id title status endYear createdBy { name } }
    strategies(filter: { search: $title }, minPosition: $min) { totalCount nodes { id } }
    dashboard(minPosition: $min) { position strategies(filter: { search: $title }) { nodes { strategy { id } } } }
  }`, { id, min: position, title });
  assert.deepEqual(read.strategy, { id, title, status: 'DRAFT', endYear: 2039, createdBy: { name: 'E2E Planner' } });
  assert.deepEqual(read.strategies.nodes.map((n) => n.id), [id]);
  assert.ok(BigInt(read.dashboard.position) >= BigInt(position));
  assert.deepEqual(read.dashboard.strategies.nodes.map((n) => n.strategy.id), [id]);

  const vision = `Changed at once ${uuid()}`;
  const updated = await planner.request(gql`mutation($input: UpdateStrategyInput!) { updateStrategy(input: $input) { position revision { number } } }`,
    { input: { strategyId: id, vision } });
  const after = await viewer.request(gql`query($id: ID!, $min: String) { strategy(id: $id, minPosition: $min) { vision revision } }`,
    { id, min: updated.updateStrategy.position });
  assert.deepEqual(after.strategy, { vision, revision: updated.updateStrategy.revision.number });

  const audit = await reviewer.request(gql`query($id: ID!, $min: String) { auditLog(first: 5, filter: { subjectId: $id }, minPosition: $min) { nodes { number action } } }`,
    { id, min: updated.updateStrategy.position });
  assert.deepEqual(audit.auditLog.nodes, [{ number: 2, action: 'updateStrategy' }, { number: 1, action: 'createStrategy' }]);
});
