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

test('GraphiQL is served by the binary, token pre-filled, and runs a query', async () => {
  const { page } = planner;
  await page.goto(base + '/graphql');
  await page.locator('.graphiql-container').waitFor();
  await page.getByRole('button', { name: /headers/i }).first().waitFor();
  const headers = await page.locator('.graphiql-editor-tool').innerText();
  assert.match(headers, new RegExp(`Bearer ${tokens.planner}`));
  await screenshot(page, '09-graphiql');
});
