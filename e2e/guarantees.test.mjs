// The guarantees of issue 12, as a client sees them: a planner reads back
// its own write with no minPosition; an erasure is immediate on every
// history surface even while the projections are held up; monitoring is
// recorded on an ADOPTED strategy without reopening it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { gql } from 'graphql-request';
import {
  client, createStrategy, must, mustMutate, mutate, seeded, tokens, uuid, withTimeout,
} from './lib.mjs';

const PARTNERS = ['Media Dizajn', 'Chamber of Industry and Commerce Rostock (IHK)', 'Kreativum Science Center'];

test('read-your-own-writes: 50 write-then-read pairs with the same token, no minPosition, zero stale', async () => {
  const created = await createStrategy(tokens.planner, { sections: ['Own writes'] });
  const id = created.strategy.id;
  const section = created.strategy.sections[0].key;
  const planner = client(tokens.planner);
  const stale = [];
  for (let i = 0; i < 50; i++) {
    const body = `Body ${i} ${uuid().slice(0, 8)}`;
    await planner.request(gql`mutation U($in: UpdateSectionInput!) { updateSection(input: $in) { position } }`,
      { in: { strategyId: id, sectionId: section, body } });
    const read = await planner.request(gql`query R($id: ID!) { strategy(id: $id) { revision sections { key body } } }`, { id });
    const got = read.strategy.sections.find((s) => s.key === section)?.body;
    if (got !== body) stale.push({ i, got, want: body });
  }
  assert.deepEqual(stale, [], `${stale.length} of 50 reads did not show the reader's own write`);
});

test('monitoring on an ADOPTED strategy: status stays ADOPTED, lastAdopted and contentRevision unchanged', async () => {
  const net = await seeded();
  const s = (await createStrategy(tokens.planner, { partners: PARTNERS, sections: ['Scope'] })).strategy;
  const [priorityId, objectiveId, measureId, milestoneId, indicatorId] = [uuid(), uuid(), uuid(), uuid(), uuid()];
  await mustMutate(tokens.planner, 'addPriority', { strategyId: s.id, priorityId, title: 'Exchange' });
  await mustMutate(tokens.planner, 'addObjective', { strategyId: s.id, priorityId, objectiveId, title: 'Forum' });
  await mustMutate(tokens.planner, 'addMeasure', {
    strategyId: s.id, objectiveId, measureId, title: 'Annual forum', startYear: 2027, endYear: 2030,
    locationIds: [net.locations.Rostock.id],
  });
  await mustMutate(tokens.planner, 'addMilestone', { strategyId: s.id, measureId, milestoneId, title: 'First forum', due: '2027-10-15' });
  let p = await mustMutate(tokens.planner, 'addIndicator', {
    strategyId: s.id, objectiveId, indicatorId, name: 'Participants', unit: 'persons', baseline: 0, baselineYear: 2026,
    targets: [{ year: 2027, value: 80 }],
  });
  p = await mustMutate(tokens.planner, 'submitStrategyForReview', { strategyId: s.id, expectedRevision: p.strategy.revision });
  const contentRevision = p.strategy.contentRevision;
  await mustMutate(tokens.reviewerDE, 'reviewStrategy', { strategyId: s.id, contentRevision, decision: 'APPROVED' });
  p = await mustMutate(tokens.reviewerSE, 'reviewStrategy', { strategyId: s.id, contentRevision, decision: 'APPROVED' });
  const adopted = await mustMutate(tokens.planner, 'adoptStrategy', { strategyId: s.id, expectedRevision: p.strategy.revision });
  assert.equal(adopted.strategy.status, 'ADOPTED');

  const monitoring = [
    ['setMeasureStatus', { strategyId: s.id, measureId, status: 'IN_PROGRESS' }],
    ['setMilestoneDone', { strategyId: s.id, milestoneId, done: true }],
    ['recordIndicatorActual', { strategyId: s.id, indicatorId, year: 2027, value: 64 }],
  ];
  let last;
  for (const [field, input] of monitoring) {
    last = await mustMutate(tokens.planner, field, input);
    assert.equal(last.strategy.status, 'ADOPTED', field);
    assert.equal(last.strategy.contentRevision, contentRevision, `${field} changed contentRevision`);
  }
  const edit = await mutate(tokens.planner, 'updateStrategy', { strategyId: s.id, title: 'Changed after adoption' });
  assert.equal(edit.code, 'INVALID_STATE', edit.describe());

  const read = await must(tokens.reviewerDE, `query S($id: ID!, $min: String) {
    strategy(id: $id, minPosition: $min) {
      status contentRevision lastAdopted { name revision }
      adoptionReadiness { countries }
    }
    auditLog(first: 10, filter: { subjectId: $id, monitoring: true }, minPosition: $min) { nodes { action monitoring } }
  }`, { id: s.id, min: last.position });
  assert.equal(read.strategy.status, 'ADOPTED');
  assert.equal(read.strategy.contentRevision, contentRevision);
  assert.deepEqual(read.strategy.lastAdopted, { name: `adopted-${adopted.revision.number}`, revision: adopted.revision.number });
  assert.deepEqual(read.auditLog.nodes, [
    { action: 'recordIndicatorActual', monitoring: true },
    { action: 'setMilestoneDone', monitoring: true },
    { action: 'setMeasureStatus', monitoring: true },
  ]);
});

/**
 * Holds the history projection up: a psql session keeps a SHARE lock on
 * its revisions table, which lets reads through and blocks the
 * projection's writes until release() ends the session.
 */
async function holdHistoryProjection() {
  const psql = spawn('psql', [process.env.DATABASE_URL, '-qAtX', '-v', 'ON_ERROR_STOP=1'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const locked = new Promise((resolve, reject) => {
    psql.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('locked')) resolve();
    });
    psql.on('exit', (code) => reject(new Error(`psql ended (${code}) before taking the lock: ${out}`)));
  });
  psql.stdin.write("BEGIN; LOCK TABLE proj_history.revisions IN SHARE MODE; SELECT 'locked';\n");
  await withTimeout(locked, 10_000, 'the lock on the history projection');
  return async () => {
    psql.stdin.end('COMMIT;\n');
    await once(psql, 'exit');
  };
}

const PERSONAL = ['Greta Lindqvist', 'greta@example.se', '+46 455 000000'];

test('erasure is immediate on every history surface while the history projection is held up', async () => {
  const net = await seeded();
  const registered = await mustMutate(tokens.admin, 'registerOrganisation', {
    name: `E2E Paused ${uuid().slice(0, 8)}`, role: 'ASSOCIATED', locationId: net.locations.Rostock.id,
  }, 'position organisation { id }');
  const id = registered.organisation.id;
  const set = await mustMutate(tokens.admin, 'setContactPerson', {
    organisationId: id, name: PERSONAL[0], email: PERSONAL[1], phone: PERSONAL[2],
  }, 'position');
  // The history holds the person before it is held up.
  const before = await must(tokens.reviewerDE, `query B($id: ID!, $min: String) {
    auditLog(first: 10, filter: { subjectId: $id }, minPosition: $min) { totalCount }
  }`, { id, min: set.position });
  assert.equal(before.auditLog.totalCount, 2);

  const release = await holdHistoryProjection();
  try {
    const erased = await mustMutate(tokens.admin, 'eraseContactPerson', { organisationId: id }, 'position revision { id number }');
    const reads = await must(tokens.reviewerDE, `query E($id: ID!, $rev: ID!) {
      organisation(id: $id) {
        contact { name email phone erased }
        revisions(first: 10) { totalCount nodes { number action changes { path before after redacted } } }
        second: revisionByNumber(number: 2) { changes { path before after redacted } }
        diff(fromRevision: 1, toRevision: 2) { path before after redacted }
        blame { path revision }
      }
      auditLog(first: 10, filter: { subjectId: $id }) { nodes { number changes { path before after redacted } events { data redacted } } }
      node(id: $rev) { ... on Revision { number changes { path before after } } }
    }`, { id, rev: erased.revision.id });
    // Held up: the history has not applied the erasure.
    assert.equal(reads.organisation.revisions.totalCount, 2, 'the history projection was not held up');
    const text = JSON.stringify(reads);
    for (const value of PERSONAL) assert.ok(!text.includes(value), `"${value}" is served after the erasure: ${text}`);
    const second = reads.organisation.second.changes.find((c) => c.path.startsWith('/contact'));
    assert.equal(second?.redacted, true, JSON.stringify(reads.organisation.second));
  } finally {
    await release();
  }
});
