// The README's examples, read from README.md and run as written against
// the service: the curl commands with bash, the reviewer's operations over
// HTTP, the JavaScript dashboard with node. Only the lines the README marks
// as the reader's to fill in (NAME=... or NAME=pln_...) get values, taken
// from earlier answers as a reader would. A README edit that breaks an
// example fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createStrategy, must, mustMutate, post, show, tokens, url, withTimeout } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(path.join(here, '..', 'README.md'), 'utf8');
const PARTNERS = ['Media Dizajn', 'Chamber of Industry and Commerce Rostock (IHK)', 'Kreativum Science Center'];

/** The fenced blocks of language lang in the README section under heading. */
function blocks(heading, lang) {
  const start = readme.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `README has no heading "${heading}"`);
  const rest = readme.slice(start + heading.length + 2);
  const end = rest.search(/^#{1,3} /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  const found = [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].filter((m) => m[1] === lang).map((m) => m[2]);
  assert.ok(found.length > 0, `README section "${heading}" has no ${lang} block`);
  return found;
}

const shellQuote = (v) => `'${String(v).replace(/'/g, `'\\''`)}'`;

/**
 * Fills the reader's lines of a shell example (NAME=... # comment) with
 * values and runs it with bash; answers its standard output as JSON.
 * Every such line must get a value, and every value a line or the
 * environment of the example.
 */
async function runShell(script, values) {
  const filled = script.replace(/^([A-Z_]+)=(\S*)([ \t]+#.*)?$/gm, (line, name, value, comment = '') => {
    if (!(name in values)) {
      assert.ok(!value.includes('...'), `README line "${line}" needs a value the test does not know`);
      return line;
    }
    return `${name}=${shellQuote(values[name])}${comment}`;
  });
  const env = { ...process.env, ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])) };
  const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', filled], { env, timeout: 30_000 });
  try {
    return JSON.parse(stdout);
  } catch {
    assert.fail(`not JSON from\n${filled}\n---\n${stdout}`);
  }
}

// The reader's strategy: like the seeded one, IN_REVIEW with the demo
// reviewers' organisations as partners; its own, so that the adoption at
// the end changes nothing other tests read.
const created = (await createStrategy(tokens.planner, { partners: PARTNERS, sections: ['Scope'] })).strategy;
const submitted = await mustMutate(tokens.planner, 'submitStrategyForReview', { strategyId: created.id, expectedRevision: created.revision });
const strategyId = created.id;
let editPosition;
let contentRevision;

test('README: a planner reads strategies, edits a section and reads it back (curl)', async () => {
  const [list, edit, readBack] = blocks('### A planner reads a strategy and edits a section', 'sh');
  assert.match(list, /^API=http:\/\/127\.0\.0\.1:8080\/graphql$/m, 'the README names make run\'s address');

  const listed = await runShell(list, { TOKEN: tokens.planner, API: url });
  assert.equal(listed.errors, undefined, JSON.stringify(listed));
  const mine = listed.data.strategies.nodes.find((s) => s.id === strategyId);
  assert.ok(mine, `the newest strategy is listed: ${JSON.stringify(listed)}`);
  assert.equal(mine.status, 'IN_REVIEW');

  const values = { TOKEN: tokens.planner, API: url, STRATEGY_ID: mine.id, REVISION: mine.revision, SECTION_KEY: mine.sections[0].key };
  const edited = await runShell(edit, values);
  assert.equal(edited.errors, undefined, JSON.stringify(edited));
  const payload = edited.data.updateSection;
  assert.equal(payload.strategy.revision, mine.revision + 1);
  assert.deepEqual(payload.revision.changes.map((c) => c.path), [`/sections/${mine.sections[0].key}/body`]);
  assert.equal(typeof payload.position, 'string', 'positions are Strings');
  editPosition = payload.position;
  contentRevision = payload.strategy.contentRevision;

  const read = await runShell(readBack, { ...values, POSITION: payload.position });
  assert.equal(read.errors, undefined, JSON.stringify(read));
  assert.equal(read.data.strategy.revision, mine.revision + 1);
  assert.equal(read.data.strategy.sections.find((s) => s.key === mine.sections[0].key).body, 'New text');
});

test('README: reviewers audit and approve, a planner adopts (GraphQL operations)', async () => {
  assert.ok(contentRevision, 'runs after the curl example');
  const [doc] = blocks('### A reviewer audits and approves', 'graphql');
  const run = async (token, operationName, variables) => {
    const res = await post(token, doc, variables, { operationName });
    assert.ok(res.status === 200 && !res.body.errors, `${operationName}\n${show(doc, variables, res)}`);
    return res.body.data;
  };

  const audit = await run(tokens.reviewerDE, 'Audit', {});
  assert.ok(audit.auditLog.nodes.length > 0 && audit.auditLog.nodes.every((n) => n.action === 'updateSection'), JSON.stringify(audit));

  const review = await run(tokens.reviewerDE, 'Review', { id: strategyId, from: 1, to: submitted.strategy.revision + 1 });
  assert.equal(review.strategy.contentRevision, contentRevision);
  assert.ok(review.strategy.diff.some((c) => c.path.startsWith('/sections/')), JSON.stringify(review));
  assert.equal(review.strategy.adoptionReadiness.ready, false);

  const tooEarly = await post(tokens.planner, doc, { id: strategyId, revision: review.strategy.revision }, { operationName: 'Adopt' });
  assert.equal(tooEarly.body.errors?.[0]?.extensions?.code, 'INVALID_STATE', show(doc, {}, tooEarly));

  await run(tokens.reviewerDE, 'Approve', { id: strategyId, contentRevision });
  const second = await run(tokens.reviewerSE, 'Approve', { id: strategyId, contentRevision });
  assert.equal(second.reviewStrategy.strategy.adoptionReadiness.ready, true, JSON.stringify(second));
  assert.deepEqual([...second.reviewStrategy.strategy.adoptionReadiness.countries].sort(), ['DE', 'SE']);

  const adopted = await run(tokens.planner, 'Adopt', { id: strategyId, revision: second.reviewStrategy.strategy.revision });
  assert.equal(adopted.adoptStrategy.strategy.status, 'ADOPTED');
  assert.match(adopted.adoptStrategy.strategy.lastAdopted.name, /^adopted-\d+$/);
});

test('README: an ADMIN publishes the adopted strategy; anyone reads it without a token (curl)', async () => {
  assert.ok(contentRevision, 'runs after the adoption example');
  const [publish, read] = blocks('### The public view, without a token', 'sh');
  assert.doesNotMatch(read, /Authorization/, 'the public example sends no token');
  const published = await runShell(publish, { ADMIN_TOKEN: tokens.admin, API: url, STRATEGY_ID: strategyId });
  assert.equal(published.errors, undefined, JSON.stringify(published));
  assert.equal(published.data.publishStrategy.revision.action, 'publishStrategy');
  const edition = published.data.publishStrategy.strategy.lastAdopted.name;

  const seen = await runShell(read, { API: url, STRATEGY_ID: strategyId });
  assert.equal(seen.errors, undefined, JSON.stringify(seen));
  assert.equal(seen.data.publicStrategy.edition.name, edition);
  assert.deepEqual(seen.data.publicStrategy.changeAnnex, { previousEdition: null, changes: [] });
  assert.ok(seen.data.publicStrategy.sections.some((s) => s.body === 'New text'), JSON.stringify(seen.data.publicStrategy.sections));
});

test('README: the JavaScript dashboard prints the dashboard and live revisions', async (t) => {
  const [source] = blocks('### A dashboard, from JavaScript', 'js');
  assert.ok(editPosition, 'runs after the curl example');
  // The example picks the most recently updated strategy: wait until the
  // read models hold the adoption above, so that it is ours.
  const latest = await must(tokens.monitor, '{ systemStatus { headPosition } }');
  await must(tokens.viewer, 'query($min: String) { strategies(first: 1, minPosition: $min) { nodes { id } } }',
    { min: latest.systemStatus.headPosition });

  // Beside e2e/node_modules, so that its imports resolve as after the
  // README's npm install.
  const file = path.join(here, `.readme-dashboard-${process.pid}.mjs`);
  writeFileSync(file, source);
  t.after(() => rmSync(file, { force: true }));
  const child = spawn(process.execPath, [file], { env: { ...process.env, TOKEN: tokens.viewer, API: url }, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill('SIGTERM'));
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const waitFor = (re, what) => withTimeout(new Promise((resolve, reject) => {
    const check = () => { const m = out.match(re); if (m) resolve(m); };
    child.stdout.on('data', (d) => { out += d; check(); });
    child.on('exit', (code) => reject(new Error(`the example exited (${code}) before ${what}:\n${out}\n${err}`)));
    check();
  }), 30_000, `${what}; output so far:\n${out}\n${err}`);

  const watching = await waitFor(/^watching "(.*)" \(([0-9a-f-]{36})\)$/m, 'watching a strategy');
  assert.equal(watching[2], strategyId, 'the most recently updated strategy');
  const dashboard = JSON.parse(out.slice(0, watching.index));
  assert.ok(Array.isArray(dashboard.activity) && dashboard.activity.every((b) => typeof b.label === 'string' && b.label !== ''),
    JSON.stringify(dashboard.activity));
  assert.ok(dashboard.activity.some((b) => b.label === 'System / no organisation'), 'the seed\'s revisions have a label');

  // A revision made now is pushed to the example.
  const current = await must(tokens.viewer, 'query($id: ID!) { strategy(id: $id) { revision } }', { id: strategyId });
  const reopened = await mustMutate(tokens.planner, 'reopenStrategy', { strategyId, expectedRevision: current.strategy.revision });
  const pushed = await waitFor(/^\{"number":(\d+),"action":"reopenStrategy".*$/m, 'the reopenStrategy revision');
  assert.equal(Number(pushed[1]), reopened.revision.number);
});

test('README: the codegen.ts maps every custom scalar of the schema', async () => {
  const [config] = blocks('### Generated TypeScript types', 'ts');
  const mapped = [...config.matchAll(/^\s+(\w+): '[^']+',$/gm)].map((m) => m[1]);
  const data = await must(tokens.viewer, '{ __schema { types { kind name } } }');
  const builtIn = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);
  const custom = data.__schema.types.filter((t) => t.kind === 'SCALAR' && !builtIn.has(t.name)).map((t) => t.name).sort();
  assert.deepEqual(custom.filter((s) => !mapped.includes(s)), [], `codegen.ts maps ${mapped}`);
});
