// The strategy workflow end to end: review, adoption by reviewers of two
// partner organisations in two countries, the adopted edition, reopening.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStrategy, must, mustMutate, mutate, tokens } from './lib.mjs';

const PARTNERS = ['Media Dizajn', 'Chamber of Industry and Commerce Rostock (IHK)', 'Kreativum Science Center'];

test('CHANGES_REQUESTED sends a strategy back to DRAFT; a stale review conflicts', async () => {
  const s = (await createStrategy(tokens.planner, { partners: PARTNERS, sections: ['Draft'] })).strategy;
  const submitted = await mustMutate(tokens.planner, 'submitStrategyForReview', { strategyId: s.id, expectedRevision: s.revision });
  assert.equal(submitted.strategy.status, 'IN_REVIEW');

  const edited = await mustMutate(tokens.planner, 'updateSection', { strategyId: s.id, sectionId: s.sections[0].key, body: 'Edited in review.' });
  assert.equal(edited.strategy.status, 'IN_REVIEW', 'content edits are allowed IN_REVIEW');
  assert.equal(edited.strategy.contentRevision, edited.strategy.revision);

  const stale = await mutate(tokens.reviewerDE, 'reviewStrategy', {
    strategyId: s.id, contentRevision: submitted.strategy.contentRevision, decision: 'APPROVED',
  });
  assert.equal(stale.code, 'REVISION_CONFLICT', stale.describe());

  const back = await mustMutate(tokens.reviewerDE, 'reviewStrategy', {
    strategyId: s.id, contentRevision: edited.strategy.contentRevision, decision: 'CHANGES_REQUESTED', comment: 'Say more.',
  });
  assert.equal(back.strategy.status, 'DRAFT');
  const read = await must(tokens.viewer, `query R($id: ID!, $min: String) {
    strategy(id: $id, minPosition: $min) { status reviews { decision comment contentRevision reviewer { name } } }
  }`, { id: s.id, min: back.position });
  assert.deepEqual(read.strategy, {
    status: 'DRAFT',
    reviews: [{ decision: 'CHANGES_REQUESTED', comment: 'Say more.', contentRevision: edited.strategy.contentRevision, reviewer: { name: 'E2E Reviewer DE' } }],
  });
});

test('adoption needs approvals from two partner organisations in two countries', async () => {
  const s = (await createStrategy(tokens.planner, { partners: PARTNERS, sections: ['Scope'] })).strategy;
  let p = await mustMutate(tokens.planner, 'submitStrategyForReview', { strategyId: s.id, expectedRevision: s.revision });
  const contentRevision = p.strategy.contentRevision;

  const early = await mutate(tokens.planner, 'adoptStrategy', { strategyId: s.id, expectedRevision: p.strategy.revision });
  assert.equal(early.code, 'INVALID_STATE', early.describe());

  p = await mustMutate(tokens.reviewerDE, 'reviewStrategy', { strategyId: s.id, contentRevision, decision: 'APPROVED' });
  const oneCountry = await mutate(tokens.planner, 'adoptStrategy', { strategyId: s.id, expectedRevision: p.strategy.revision });
  assert.equal(oneCountry.code, 'INVALID_STATE', oneCountry.describe());

  p = await mustMutate(tokens.reviewerSE, 'reviewStrategy', { strategyId: s.id, contentRevision, decision: 'APPROVED' });
  const ready = await must(tokens.viewer, `query R($id: ID!, $min: String) {
    strategy(id: $id, minPosition: $min) { adoptionReadiness { ready countries missing approvals { reviewer { name } } } }
  }`, { id: s.id, min: p.position });
  assert.equal(ready.strategy.adoptionReadiness.ready, true, JSON.stringify(ready));
  assert.deepEqual([...ready.strategy.adoptionReadiness.countries].sort(), ['DE', 'SE']);
  assert.deepEqual(ready.strategy.adoptionReadiness.missing, []);

  const stale = await mutate(tokens.planner, 'adoptStrategy', { strategyId: s.id, expectedRevision: p.strategy.revision - 1 });
  assert.equal(stale.code, 'REVISION_CONFLICT', `workflow mutations need an exact expectedRevision\n${stale.describe()}`);

  const adopted = await mustMutate(tokens.planner, 'adoptStrategy', { strategyId: s.id, expectedRevision: p.strategy.revision });
  assert.equal(adopted.strategy.status, 'ADOPTED');
  const version = `adopted-${adopted.revision.number}`;

  const frozen = await mutate(tokens.planner, 'updateSection', { strategyId: s.id, sectionId: s.sections[0].key, body: 'Too late.' });
  assert.equal(frozen.code, 'INVALID_STATE', frozen.describe());

  const reopened = await mustMutate(tokens.planner, 'reopenStrategy', { strategyId: s.id, expectedRevision: adopted.strategy.revision });
  assert.equal(reopened.strategy.status, 'DRAFT');
  const read = await must(tokens.viewer, `query R($id: ID!, $min: String, $v: String!) {
    strategy(id: $id, minPosition: $min) {
      status versions { name revision } lastAdopted { name revision }
      edition: snapshot(at: { versionName: $v }) { status revision { number } }
    }
  }`, { id: s.id, min: reopened.position, v: version });
  assert.deepEqual(read.strategy, {
    status: 'DRAFT',
    versions: [{ name: version, revision: adopted.revision.number }],
    lastAdopted: { name: version, revision: adopted.revision.number },
    edition: { status: 'ADOPTED', revision: { number: adopted.revision.number } },
  });
});
