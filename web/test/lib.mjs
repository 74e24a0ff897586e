// Shared pieces of the browser tests: one Chromium, contexts that record
// every request leaving the service, axe-core, screenshots.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const api = process.env.E2E_URL;
export const base = new URL(api).origin;
export const shots = process.env.E2E_SCREENSHOTS;
export const tokens = {
  planner: process.env.E2E_TOKEN_PLANNER,
  planner2: process.env.E2E_TOKEN_PLANNER2,
  reviewerDE: process.env.E2E_TOKEN_REVIEWER_DE,
  viewer: process.env.E2E_TOKEN_VIEWER,
  admin: process.env.E2E_TOKEN_ADMIN,
};

export async function launch() {
  return chromium.launch({
    executablePath: process.env.E2E_CHROMIUM || '/usr/bin/chromium',
    // Root in a container: Chromium's sandbox needs user namespaces.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/**
 * A browser context (a separate person) that records every request to
 * another origin and every console error, and blocks the former: the pages
 * must work with nothing from outside.
 */
export async function newPerson(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const outside = [];
  const consoleErrors = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.origin !== base && u.protocol !== 'data:' && u.protocol !== 'blob:') {
      outside.push(u.href);
      return route.abort();
    }
    return route.continue();
  });
  const page = await context.newPage();
  page.on('websocket', (ws) => {
    if (new URL(ws.url()).host !== new URL(base).host) outside.push(ws.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  return { context, page, outside, consoleErrors };
}

export async function signIn(page, token) {
  await page.goto(base + '/#/signin');
  await page.getByLabel('Bearer token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Strategies', level: 1 }).waitFor();
}

/** axe-core on the page as it is (WCAG 2 A and AA rules); no violations. */
export async function checkA11y(page, what, { exclude = [] } = {}) {
  // page.evaluate is not subject to the page's Content-Security-Policy,
  // which refuses inline scripts.
  await page.evaluate(axeSource);
  const result = await page.evaluate(
    (exclude) => globalThis.axe.run({ exclude: exclude.map((s) => [s]) }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
    exclude,
  );
  const problems = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  assert.deepEqual(problems, [], `${what}: accessibility violations`);
}

export async function screenshot(page, name) {
  if (!shots) return;
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: false });
}

/** A GraphQL request with a token, for setting up and checking. */
export async function gql(token, query, variables = {}) {
  const res = await fetch(api, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
