// The front end in a real Chromium against the built binary on a fresh
// database (scripts/e2e.sh with E2E_SUITE=browser). One story, in order:
// each step builds on the one before, as a person would use the pages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { base, checkA11y, gql, launch, newPerson, screenshot, shots, signIn, tokens } from './lib.mjs';

let browser;
const people = [];
let seeded; // the seeded strategy under review

before(async () => {
  browser = await launch();
  const data = await gql(tokens.planner, `{ strategies(first: 20, filter: { status: [IN_REVIEW] }) { nodes { id title revision sections { key heading body } } } }`);
  seeded = data.strategies.nodes[0];
  assert.ok(seeded && seeded.sections.length >= 2, 'the seed has a strategy under review with two sections');
  if (shots) console.log(`screenshots: ${shots}`);
});

after(async () => {
  for (const p of people) {
    assert.deepEqual(p.outside, [], 'no request left the service');
    assert.deepEqual(p.consoleErrors.filter((e) => /Content.Security.Policy|Refused to/i.test(e)), [], 'nothing was refused by the CSP');
  }
  await browser?.close();
});

async function person() {
  const p = await newPerson(browser);
  people.push(p);
  return p;
}

test('signed out: the sign-in page, accessible', async () => {
  const { page } = await person();
  await page.goto(base + '/');
  await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
  await page.getByLabel('Bearer token').fill('pln_not-a-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'did not accept' }).waitFor();
  await checkA11y(page, 'sign-in');
  await screenshot(page, '01-sign-in');
});

let planner;
test('sign in as a planner: who I am and what I may do', async () => {
  planner = await person();
  const { page } = planner;
  await signIn(page, tokens.planner);
  await page.getByRole('link', { name: /E2E Planner · PLANNER · Media Dizajn/ }).click();
  await page.getByTestId('viewer-role').filter({ hasText: 'PLANNER' }).waitFor();
  await page.getByText('Edit the strategies and concepts your organisation is a partner of').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('planner.token')), tokens.planner);
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'the token is kept for the tab only');
});

test('strategies list and the seeded strategy', async () => {
  const { page } = planner;
  await page.goto(base + '/#/strategies');
  const link = page.getByRole('link', { name: seeded.title });
  await link.waitFor();
  await checkA11y(page, 'strategies');
  await screenshot(page, '02-strategies');
  await link.click();
  await page.getByRole('heading', { name: seeded.title, level: 1 }).waitFor();
  await page.getByRole('heading', { name: seeded.sections[0].heading, level: 3 }).waitFor();
  await page.getByRole('heading', { name: 'Priorities', level: 2 }).waitFor();
  await checkA11y(page, 'document');
  await screenshot(page, '03-document');
});

test('edit a section: saved as a new revision', async () => {
  const { page } = planner;
  const sec = seeded.sections[0];
  await page.getByRole('button', { name: `Edit section “${sec.heading}”` }).click();
  const form = page.getByRole('form', { name: `Edit section “${sec.heading}”` });
  await form.getByLabel('Text').fill(`${sec.body} Edited in the browser.`);
  await form.getByLabel('Reason (shown in the history)').fill('Browser test');
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: /^Saved as revision \d+\.$/ }).waitFor();
  await page.getByText('Edited in the browser.').waitFor();
  const data = await gql(tokens.planner, `query($id: ID!) { strategy(id: $id) { sections { key body } } }`, { id: seeded.id });
  assert.match(data.strategy.sections.find((x) => x.key === sec.key).body, /Edited in the browser\.$/);
});

test('a concurrent edit from a second browser appears live and merges', async () => {
  const { page } = planner;
  const [one, two] = seeded.sections;
  // The planner opens section one for editing: the form keeps the revision it was opened on.
  await page.getByRole('button', { name: `Edit section “${one.heading}”` }).click();
  const form = page.getByRole('form', { name: `Edit section “${one.heading}”` });
  await form.getByLabel('Text').fill('The planner’s new diagnosis.');

  // Meanwhile a planner of another partner edits section two in their browser.
  const other = await person();
  await signIn(other.page, tokens.planner2);
  await other.page.goto(`${base}/#/strategies/${encodeURIComponent(seeded.id)}`);
  await other.page.getByRole('button', { name: `Edit section “${two.heading}”` }).click();
  const otherForm = other.page.getByRole('form', { name: `Edit section “${two.heading}”` });
  await otherForm.getByLabel('Text').fill('Text from the second browser.');
  await otherForm.getByRole('button', { name: 'Save' }).click();
  await other.page.getByRole('status').filter({ hasText: /^Saved as revision/ }).waitFor();

  // The first browser sees it live, without reloading.
  await page.getByRole('log').getByText(/E2E Planner Two: updateSection \(revision \d+\)/).waitFor();
  await page.getByText('Text from the second browser.').waitFor();

  // Its save, from the older revision, merges with the other change.
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: /merged with E2E Planner Two’s change/ }).waitFor();
  await page.getByText('The planner’s new diagnosis.').waitFor();
  await screenshot(page, '04-merged-live');
});

test('a conflicting edit shows who changed the same text, theirs and mine', async () => {
  const { page } = planner;
  const two = seeded.sections[1];
  await page.getByRole('button', { name: `Edit section “${two.heading}”` }).click();
  const form = page.getByRole('form', { name: `Edit section “${two.heading}”` });
  await form.getByLabel('Text').fill('My version of section two.');
  // The same section changes through the API meanwhile, by the other planner.
  await gql(tokens.planner2, `mutation($in: UpdateSectionInput!) { updateSection(input: $in) { merged } }`, {
    in: { strategyId: seeded.id, sectionId: two.key, body: 'Their version of section two.' },
  });
  // Live, while the form is open: the page says the text changed meanwhile.
  await page.locator('.changed-meanwhile').getByText('This text was changed by someone else').waitFor();
  await page.locator('.changed-meanwhile .after ins').filter({ hasText: 'Their' }).waitFor();
  await form.getByRole('button', { name: 'Save' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Someone changed the same text meanwhile' });
  await alert.waitFor();
  await alert.getByText(/Changed by E2E Planner Two in revision \d+/).waitFor();
  await alert.locator('.before del').filter({ hasText: 'Their' }).waitFor();
  await alert.locator('.after ins').filter({ hasText: 'My' }).waitFor();
  await screenshot(page, '05-conflict');
  await form.getByRole('button', { name: 'Cancel' }).click();
});

test('history: timeline, a snapshot, a word-level diff of two revisions, blame', async () => {
  const { page } = planner;
  await page.getByRole('link', { name: 'History' }).click();
  const rows = page.locator('table.timeline tbody tr');
  await rows.first().waitFor();
  const current = Number(await page.getByTestId('revision').innerText());
  assert.ok((await rows.count()) >= 4);
  await rows.filter({ hasText: 'Browser test' }).filter({ hasText: 'E2E Planner' }).first().waitFor();

  // The seeded revision, before this story's edits.
  await page.getByRole('button', { name: `Open revision ${seeded.revision}`, exact: true }).click();
  await page.getByRole('heading', { name: `As it was at revision ${seeded.revision}`, exact: true }).waitFor();
  await page.locator('.snapshot').getByText(seeded.sections[0].body.slice(0, 40)).first().waitFor();

  // The first edit of this story is revision seeded.revision + 1.
  await page.getByLabel('From revision').fill(String(seeded.revision));
  await page.getByLabel('To revision').fill(String(seeded.revision + 1));
  await page.getByRole('button', { name: 'Show differences' }).click();
  const diff = page.locator('.diff');
  await diff.getByRole('heading', { name: `Differences from revision ${seeded.revision} to ${seeded.revision + 1}` }).waitFor();
  await diff.locator(`code`, { hasText: `/sections/${seeded.sections[0].key}/body` }).waitFor();
  assert.match((await diff.locator('.after ins').allInnerTexts()).join(''), /Edited in the browser\./);
  assert.equal(await diff.locator('.before del').count(), 0, 'nothing was removed by that edit');

  const blame = page.getByRole('heading', { name: 'Who last changed each section' });
  await blame.waitFor();
  await page.locator('.blame li').filter({ hasText: seeded.sections[1].heading }).filter({ hasText: 'E2E Planner Two' }).waitFor();
  assert.ok(current > seeded.revision + 2);
  await checkA11y(page, 'history');
  await screenshot(page, '06-history-diff');
});

test('edit a measure, name a version, restore a revision', async () => {
  const { page } = planner;
  await page.getByRole('link', { name: 'Document' }).click();
  const data = await gql(tokens.planner, `query($id: ID!) { strategy(id: $id) { revision priorities { objectives { measures { key title description } } } } }`, { id: seeded.id });
  const measure = data.strategy.priorities[0].objectives[0].measures[0];
  await page.getByRole('button', { name: `Edit measure “${measure.title}”` }).click();
  const form = page.getByRole('form', { name: `Edit measure “${measure.title}”` });
  await form.getByLabel('Description').fill('A measure described in the browser.');
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: /^Saved as revision \d+\.$/ }).waitFor();
  await page.getByText('A measure described in the browser.').waitFor();

  await page.getByRole('link', { name: 'History' }).click();
  await page.getByLabel('Version name').fill('browser-draft');
  await page.getByLabel('Note').fill('Named in the browser test');
  await page.getByRole('button', { name: 'Name the current revision' }).click();
  await page.getByRole('status').filter({ hasText: 'Named “browser-draft”.' }).waitFor();
  const named = await gql(tokens.planner, `query($id: ID!) { strategy(id: $id) { revision versions { name revision note } } }`, { id: seeded.id });
  assert.ok(named.strategy.versions.some((v) => v.name === 'browser-draft' && v.note === 'Named in the browser test'));

  // Restore the seeded revision: the strategy reads as it did then, in a new revision.
  await page.getByRole('button', { name: `Open revision ${seeded.revision}`, exact: true }).click();
  await page.getByRole('button', { name: `Restore revision ${seeded.revision}` }).click();
  await page.getByRole('status').filter({ hasText: new RegExp(`Revision ${seeded.revision} restored as revision \\d+\\.`) }).waitFor();
  const restored = await gql(tokens.planner, `query($id: ID!) { strategy(id: $id) { revision sections { key body } } }`, { id: seeded.id });
  assert.ok(restored.strategy.revision > named.strategy.revision);
  assert.deepEqual(restored.strategy.sections.map((x) => x.body), seeded.sections.map((x) => x.body));
});

let reviewer;
test('review: a reviewer approves the content revision; readiness shows it', async () => {
  reviewer = await person();
  const { page } = reviewer;
  await signIn(page, tokens.reviewerDE);
  await page.goto(`${base}/#/strategies/${encodeURIComponent(seeded.id)}/review`);
  await page.getByRole('heading', { name: 'Adoption readiness' }).waitFor();
  await page.getByLabel('Comment').fill('Fine for IHK Rostock');
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.getByRole('status').filter({ hasText: 'Your decision (Approve) is recorded.' }).waitFor();
  await page.locator('.review dd li').filter({ hasText: 'E2E Reviewer DE' }).filter({ hasText: 'Fine for IHK Rostock' }).first().waitFor();
  await page.locator('.review dd').filter({ hasText: 'DE' }).first().waitFor();
  const data = await gql(tokens.reviewerDE, `query($id: ID!) { strategy(id: $id) { adoptionReadiness { countries approvals { reviewer { name } } } } }`, { id: seeded.id });
  assert.ok(data.strategy.adoptionReadiness.approvals.some((a) => a.reviewer.name === 'E2E Reviewer DE'));
  await checkA11y(page, 'review');
  await screenshot(page, '07-review');
});

test('audit log: filter by action, page, export the filtered rows as CSV', async () => {
  const { page } = reviewer;
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByTestId('audit-total').waitFor();
  // Paging through the whole log (more than a page of 20 after the seed):
  // the next page holds other rows, the previous one the same again.
  const rowsText = () => page.locator('table.audit tbody tr').allInnerTexts();
  const first = await rowsText();
  assert.equal(first.length, 20);
  await page.getByRole('button', { name: 'Next page' }).click();
  await page.waitForFunction((n) => document.querySelector('table.audit tbody tr')?.innerText !== n, first[0]);
  const second = await rowsText();
  assert.ok(second.length > 0 && second.every((r) => !first.includes(r)), 'the next page has other rows');
  await page.getByRole('button', { name: 'Previous page' }).click();
  await page.waitForFunction((n) => document.querySelector('table.audit tbody tr')?.innerText === n, first[0]);
  assert.deepEqual(await rowsText(), first);

  await page.getByLabel('Action').fill('updateSection');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const want = (await gql(tokens.reviewerDE, `{ auditLog(filter: { action: "updateSection" }) { totalCount } }`)).auditLog.totalCount;
  assert.ok(want >= 4, `four section edits in this story, found ${want}`);
  await page.getByTestId('audit-total').filter({ hasText: `${want} revisions` }).waitFor();
  const actions = await page.locator('table.audit td.action').allInnerTexts();
  assert.ok(actions.length > 0 && actions.every((a) => a === 'updateSection'), actions.join(','));
  await checkA11y(page, 'audit log');
  await screenshot(page, '08-audit');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  assert.equal(download.suggestedFilename(), 'audit-log.csv');
  const csv = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
  assert.equal(csv[0], '"number","at","actor","organisation","subjectType","subject","action","monitoring","reason","changes"');
  assert.equal(csv.length - 1, want);
  assert.ok(csv.slice(1).every((l) => l.includes('"updateSection"')));
  assert.ok(csv.some((l) => l.includes('"E2E Planner Two"')));
});

test('dashboard: every chart renders with data, and updates live', async () => {
  const { page } = reviewer;
  await page.getByRole('link', { name: 'Dashboard' }).click();
  const ids = ['completion', 'completion-priority', 'overdue', 'indicators', 'activity', 'concepts', 'freshness'];
  for (const id of ids) {
    const chart = page.getByTestId(`chart-${id}`);
    await chart.locator('canvas').waitFor();
    assert.equal(await chart.getAttribute('data-rendered'), 'true');
    const rows = await chart.locator('xpath=..').locator('details tbody tr').count();
    assert.ok(rows > 0, `${id} has data`);
  }
  // The canvas holds drawn pixels, not a blank area.
  const inked = await page.getByTestId('chart-completion').locator('canvas').evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  });
  assert.ok(inked > 1000, `the completion chart drew ${inked} pixels`);
  await checkA11y(page, 'dashboard');
  await screenshot(page, '10-dashboard');

  const before = await page.getByTestId('dashboard-position').innerText();
  await gql(tokens.planner, `mutation($in: UpdateSectionInput!) { updateSection(input: $in) { merged } }`, {
    in: { strategyId: seeded.id, sectionId: seeded.sections[0].key, heading: seeded.sections[0].heading + ' (live)' },
  });
  // A new revision anywhere: the page reads the dashboard again, at a later position.
  await page.waitForFunction((b) => document.querySelector('[data-testid=dashboard-position]')?.textContent !== b, before);
});

test('a viewer on a tablet: pages fit the screen, nothing to edit', async () => {
  const p = await person();
  const { page } = p;
  await page.setViewportSize({ width: 820, height: 1180 });
  await signIn(page, tokens.viewer);
  for (const path of [`#/strategies/${encodeURIComponent(seeded.id)}`, `#/strategies/${encodeURIComponent(seeded.id)}/history`, '#/dashboard']) {
    await page.goto(`${base}/${path}`);
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${path} is ${overflow}px wider than a tablet's screen`);
  }
  await page.goto(`${base}/#/strategies/${encodeURIComponent(seeded.id)}`);
  await page.getByText('You may read this strategy but not edit it.').waitFor();
  assert.equal(await page.getByRole('button', { name: /^Edit / }).count(), 0);
  await checkA11y(page, 'document on a tablet');
  await screenshot(page, '11-tablet-document');
});

test('concepts list, accessible', async () => {
  const { page } = reviewer;
  await page.getByRole('link', { name: 'Concepts' }).click();
  await page.getByRole('heading', { name: 'Cooperation concepts', level: 1 }).waitFor();
  await page.locator('table tbody tr').first().waitFor();
  await checkA11y(page, 'concepts');
});

test('GraphiQL is served by the binary, token pre-filled, and runs a query', async () => {
  const { page } = planner;
  await page.goto(base + '/graphql');
  await page.locator('.graphiql-container').waitFor();
  await page.getByRole('button', { name: /headers/i }).first().waitFor();
  await page.locator('.graphiql-editor-tool').getByText(`Bearer ${tokens.planner}`).waitFor();
  await setQuery(page, '{ viewer { name role } }');
  await page.getByRole('button', { name: /Execute query/ }).click();
  await page.locator('.result-window').getByText('"E2E Planner"').waitFor();
  await screenshot(page, '09-graphiql');

  // A subscription runs over graphql-ws with the signed-in token.
  const sockets = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  // afterRevision: a revision made before the subscription is running is
  // replayed, so the test does not depend on when the socket is ready.
  const { strategy } = await gql(tokens.planner, `query($id: ID!) { strategy(id: $id) { revision } }`, { id: seeded.id });
  await setQuery(page, `subscription { strategyRevised(id: "${seeded.id}", afterRevision: ${strategy.revision}) { number action actor { name } } }`);
  await page.getByRole('button', { name: /Execute query/ }).click();
  await gql(tokens.planner2, `mutation($in: UpdateSectionInput!) { updateSection(input: $in) { merged } }`, {
    in: { strategyId: seeded.id, sectionId: seeded.sections[2]?.key ?? seeded.sections[0].key, heading: 'Seen in GraphiQL' },
  });
  await page.locator('.result-window').getByText('"E2E Planner Two"').waitFor().catch(async (e) => {
    await screenshot(page, '09-graphiql-subscription-failed');
    throw new Error(`${e.message}\nresult window: ${await page.locator('.result-window').innerText()}\nsockets: ${sockets}`);
  });
  assert.ok(sockets.some((u) => u === base.replace(/^http/, 'ws') + '/graphql'), `a WebSocket to /graphql: ${sockets}`);
});

// setQuery puts text in GraphiQL's query editor and waits until GraphiQL
// has taken it into its state (it then saves its tabs in localStorage):
// Execute clicked before that would run the previous query.
async function setQuery(page, text) {
  await page.evaluate((q) => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(q), text);
  await page.waitForFunction((q) => Object.keys(localStorage).some((k) => k.startsWith('graphiql') && (localStorage.getItem(k) ?? '').includes(JSON.stringify(q).slice(1, -1))), text);
}
