// Authorization matrix: representative mutations of every group, by every
// kind of caller. A refused mutation appends nothing: the event log head
// (systemStatus.headPosition) stays where it was.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  createStrategy, headPosition, must, mustMutate, mutate, planner, post, seeded, tokens, uuid,
} from './lib.mjs';

const OK = 'OK';
const callers = ['anonymous', 'revoked', 'viewer', 'reviewer', 'outsider', 'planner', 'admin'];
const token = {};

before(async () => {
  Object.assign(token, {
    anonymous: null,
    viewer: tokens.viewer,
    reviewer: tokens.reviewerDE,
    outsider: tokens.outsider,
    planner: tokens.planner,
    admin: tokens.admin,
  });
  // A PLANNER of the lead partner whose token is revoked with the CLI:
  // only the revocation can be the reason it is refused.
  const out = await planner('user', 'add', '--name', 'E2E Revoked Planner', '--email', `revoked-${uuid()}@example.org`,
    '--org', 'Media Dizajn', '--role', 'PLANNER');
  const revokedToken = out.trim().split('\n').at(-1).trim();
  const tokenId = out.match(/planner user revoke ([0-9a-f-]{36})/)?.[1];
  assert.ok(tokenId, `no token id in:\n${out}`);
  const viewer = await must(revokedToken, '{ viewer { role organisation { name } } }');
  assert.deepEqual(viewer.viewer, { role: 'PLANNER', organisation: { name: 'Media Dizajn' } });
  const revoked = await planner('user', 'revoke', tokenId);
  assert.match(revoked, /Revoked token/);
  token.revoked = revokedToken;
});

// Subjects the matrix acts on, made by ADMIN in the state where the
// mutation is allowed, so that only the caller decides the outcome.
const fixtures = {
  async draftStrategy() {
    const p = await createStrategy(tokens.admin, { partners: ['Media Dizajn', 'Chamber of Industry and Commerce Rostock (IHK)'], sections: ['Scope'] });
    return p.strategy;
  },
  async strategyInReview() {
    const s = await fixtures.draftStrategy();
    const p = await mustMutate(tokens.admin, 'submitStrategyForReview', { strategyId: s.id, expectedRevision: s.revision });
    assert.equal(p.strategy.status, 'IN_REVIEW');
    return p.strategy;
  },
  async concept() {
    const net = await seeded();
    const p = await mustMutate(tokens.admin, 'createCooperationConcept', {
      kind: 'LOCAL_PROCESS_SUPPORT', title: `E2E concept ${uuid().slice(0, 8)}`, summary: 'For the authorization matrix.',
      partnerIds: [net.organisations['Media Dizajn'].id],
    }, 'cooperationConcept { id revision status } position');
    return p.cooperationConcept;
  },
};

// Each mutation: how to set up the subject (shared by all callers unless
// perCaller), the input, and the expected outcome per caller.
const matrix = [
  {
    group: 'network', field: 'addLocation', selection: 'location { id name } position',
    input: () => ({ name: `E2E Location ${uuid().slice(0, 8)}`, country: 'DE', region: 'Test' }),
    expect: { viewer: 'FORBIDDEN', reviewer: 'FORBIDDEN', outsider: 'FORBIDDEN', planner: 'FORBIDDEN', admin: OK },
  },
  {
    group: 'strategy content', field: 'createStrategy', selection: 'strategy { id } position',
    setup: async () => seeded(),
    input: (net) => ({
      title: `E2E created ${uuid().slice(0, 8)}`, startYear: 2028,
      locationIds: [net.locations.Rostock.id],
      partnerIds: [net.organisations['Media Dizajn'].id, net.organisations['Kreativum Science Center'].id],
    }),
    expect: { viewer: 'FORBIDDEN', reviewer: 'FORBIDDEN', outsider: 'FORBIDDEN', planner: OK, admin: OK },
  },
  {
    group: 'strategy content', field: 'updateSection', selection: 'strategy { id } position',
    setup: fixtures.draftStrategy,
    input: (s) => ({ strategyId: s.id, sectionId: s.sections[0].key, body: `Edited ${uuid()}` }),
    expect: { viewer: 'FORBIDDEN', reviewer: 'FORBIDDEN', outsider: 'FORBIDDEN', planner: OK, admin: OK },
  },
  {
    group: 'workflow', field: 'submitStrategyForReview', selection: 'strategy { id status } position',
    setup: fixtures.draftStrategy, perCaller: true,
    input: (s) => ({ strategyId: s.id, expectedRevision: s.revision }),
    expect: { viewer: 'FORBIDDEN', reviewer: 'FORBIDDEN', outsider: 'FORBIDDEN', planner: OK, admin: OK },
  },
  {
    // The contract calls a review "a REVIEWER's decision"; the application
    // lets ADMIN do anything (app.Authorize), reviews included.
    group: 'workflow', field: 'reviewStrategy', selection: 'strategy { id status } position',
    setup: fixtures.strategyInReview,
    input: (s) => ({ strategyId: s.id, contentRevision: s.contentRevision, decision: 'APPROVED', comment: 'Fine.' }),
    expect: { viewer: 'FORBIDDEN', reviewer: OK, outsider: 'FORBIDDEN', planner: 'FORBIDDEN', admin: OK },
  },
  {
    group: 'concept', field: 'updateCooperationConcept', selection: 'cooperationConcept { id summary } position',
    setup: fixtures.concept,
    input: (c) => ({ conceptId: c.id, summary: `Summary ${uuid()}` }),
    expect: { viewer: 'FORBIDDEN', reviewer: 'FORBIDDEN', outsider: 'FORBIDDEN', planner: OK, admin: OK },
  },
];

for (const row of matrix) {
  test(`${row.group}: ${row.field}`, async (t) => {
    const shared = row.setup && !row.perCaller ? await row.setup() : undefined;
    for (const caller of callers) {
      const want = caller === 'anonymous' || caller === 'revoked' ? 'UNAUTHENTICATED' : row.expect[caller];
      await t.test(`${caller} → ${want}`, async () => {
        const subject = row.perCaller && row.setup ? await row.setup() : shared;
        const input = row.input(subject);
        const head = await headPosition();
        const r = await mutate(token[caller], row.field, input, row.selection);
        if (want === OK) {
          assert.ok(r.payload && !r.res.body.errors, `want success\n${r.describe()}`);
          assert.ok(BigInt(r.payload.position) > head, `position ${r.payload.position} not after head ${head}`);
          return;
        }
        assert.equal(r.code, want, r.describe());
        if (want === 'UNAUTHENTICATED') {
          assert.equal(r.res.status, 401, r.describe());
          assert.match(r.res.headers.get('www-authenticate') ?? '', /^Bearer/, r.describe());
          assert.equal(r.res.body.data, undefined, r.describe());
        } else {
          assert.equal(r.res.status, 200, r.describe());
          assert.equal(r.payload, null, r.describe());
          assert.deepEqual(r.error.path, [row.field], r.describe());
        }
        assert.equal(await headPosition(), head, `the refused ${row.field} moved the event log head`);
      });
    }
  });
}

test('a revoked token is refused everywhere, also over legacy application/json', async () => {
  const r = await must(tokens.viewer, '{ viewer { role } }');
  assert.equal(r.viewer.role, 'VIEWER');
  const res = await post(token.revoked, '{ viewer { id } }', undefined, { accept: 'application/json' });
  assert.equal(res.status, 200);
  assert.equal(res.body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
});
