// Shared helpers of the end-to-end tests. scripts/e2e.sh starts a server on
// a fresh, seeded database, creates the users below with the CLI and passes
// everything in environment variables.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { GraphQLClient } from 'graphql-request';

function required(name) {
  const v = process.env[name];
  if (!v) {
    throw new Error(`${name} is not set: run the end-to-end tests with scripts/e2e.sh`);
  }
  return v;
}

export const url = required('E2E_URL');
export const wsUrl = url.replace(/^http/, 'ws');
export const contractPath = required('E2E_CONTRACT');
export const plannerBin = required('E2E_PLANNER_BIN');

/** Bearer tokens of the users scripts/e2e.sh created, by role. */
export const tokens = {
  admin: required('E2E_TOKEN_ADMIN'),
  /** PLANNER of the lead partner "Media Dizajn". */
  planner: required('E2E_TOKEN_PLANNER'),
  /** PLANNER of "Kreativum Science Center", another partner of the seeded strategy. */
  planner2: required('E2E_TOKEN_PLANNER2'),
  /** PLANNER of an organisation that is no partner of the seeded strategy. */
  outsider: required('E2E_TOKEN_OUTSIDER'),
  /** REVIEWER of the Chamber of Industry and Commerce Rostock (DE). */
  reviewerDE: required('E2E_TOKEN_REVIEWER_DE'),
  /** REVIEWER of Kreativum Science Center (SE). */
  reviewerSE: required('E2E_TOKEN_REVIEWER_SE'),
  viewer: required('E2E_TOKEN_VIEWER'),
  /** A second VIEWER that only reads systemStatus, so that those reads do not
   * share a rate-limit bucket with the requests under test. */
  monitor: required('E2E_TOKEN_MONITOR'),
};

export const SEEDED_STRATEGY_TITLE = 'Creative South Baltic 2027–2036';
export const LEAD_PARTNER = 'Media Dizajn';
export const uuid = () => randomUUID();

/** Fails with a clear message when promise does not settle within ms. */
export async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * fetch that honours the server's rate limit: a 429 answer is retried after
 * its Retry-After (bounded attempts), as a well-behaved client does. The
 * server limits requests per token (20/s, bursts of 40).
 */
export async function politeFetch(input, init) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(input, init);
    if (res.status !== 429 || attempt >= 20) {
      return res;
    }
    const seconds = Number(res.headers.get('retry-after')) || 1;
    await res.arrayBuffer();
    await delay(Math.min(seconds, 5) * 1000);
  }
}

/**
 * POSTs a GraphQL request and returns the status, headers and parsed body.
 * token null sends no Authorization header.
 */
export async function post(token, query, variables, { accept = 'application/graphql-response+json', operationName } = {}) {
  const headers = { 'content-type': 'application/json', accept };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await politeFetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables, operationName }),
  });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${res.status}: not JSON: ${text.slice(0, 500)}`);
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** Describes a request and its response for assertion messages. */
export function show(query, variables, res) {
  const q = query.replace(/\s+/g, ' ').trim().slice(0, 300);
  return `request: ${q}\nvariables: ${JSON.stringify(variables)}\nresponse: HTTP ${res.status} ${res.text ?? JSON.stringify(res.body)}`.slice(0, 4000);
}

/** Runs a query that must succeed; returns its data. */
export async function must(token, query, variables) {
  const res = await post(token, query, variables);
  assert.ok(res.status === 200 && !res.body.errors && res.body.data, `unexpected errors\n${show(query, variables, res)}`);
  return res.body.data;
}

/** extensions.code of the first error of a response body, or undefined. */
export const errorCode = (body) => body?.errors?.[0]?.extensions?.code;

/** The selection of a StrategyPayload the tests read. */
export const STRATEGY_PAYLOAD = `
  clientMutationId position merged replayed
  strategy { id revision contentRevision status title vision sections { key heading body } }
  revision { id number action commandId position actor { id name role } changes { path kind before after } }
`;

/**
 * Runs mutation field(input) and returns { res, payload, code, error }:
 * payload is data[field] (null when refused), code the first error's code.
 */
export async function mutate(token, field, input, selection = STRATEGY_PAYLOAD) {
  const query = `mutation M($input: ${inputTypeOf(field)}) { ${field}(input: $input) { ${selection} } }`;
  const res = await post(token, query, { input });
  const payload = res.body?.data?.[field] ?? null;
  return { res, payload, code: errorCode(res.body), error: res.body?.errors?.[0], describe: () => show(query, { input }, res) };
}

/** Like mutate, but the mutation must succeed; returns its payload. */
export async function mustMutate(token, field, input, selection) {
  const r = await mutate(token, field, input, selection);
  assert.ok(r.payload && !r.res.body.errors, `${field} failed\n${r.describe()}`);
  return r.payload;
}

// The input type of every mutation, from the contract.
const contractSchema = buildSchema(readFileSync(contractPath, 'utf8'));
function inputTypeOf(field) {
  const f = contractSchema.getMutationType().getFields()[field];
  assert.ok(f, `the contract has no mutation ${field}`);
  return String(f.args.find((a) => a.name === 'input').type);
}

/** The event log head (systemStatus.headPosition) as a BigInt. */
export async function headPosition() {
  const data = await must(tokens.monitor, '{ systemStatus { headPosition } }');
  return BigInt(data.systemStatus.headPosition);
}

let network;
/** Seeded organisations and locations by name, and the seeded strategy's id. */
export async function seeded() {
  if (!network) {
    const data = await must(tokens.viewer, `query Seeded($search: String, $min: String) {
      organisations(first: 100) { nodes { id name role location { id name country } } }
      locations { id name country region }
      strategies(first: 5, filter: { search: $search }, minPosition: $min) { nodes { id title } }
    }`, { search: SEEDED_STRATEGY_TITLE, min: String(await headPosition()) });
    const strategy = data.strategies.nodes.find((s) => s.title === SEEDED_STRATEGY_TITLE);
    assert.ok(strategy, `seeded strategy "${SEEDED_STRATEGY_TITLE}" not found: ${JSON.stringify(data.strategies)}`);
    network = {
      organisations: Object.fromEntries(data.organisations.nodes.map((o) => [o.name, o])),
      locations: Object.fromEntries(data.locations.map((l) => [l.name, l])),
      strategyId: strategy.id,
    };
  }
  return network;
}

/**
 * Creates a DRAFT strategy of its own for a test, with the given partners
 * (by name) and sections (headings), as token; returns the last payload.
 */
export async function createStrategy(token, { title, partners = [LEAD_PARTNER], locations = ['Rostock', 'Szczecin'], sections = [] } = {}) {
  const net = await seeded();
  const orgId = (name) => {
    const o = net.organisations[name];
    assert.ok(o, `organisation ${name} is not seeded`);
    return o.id;
  };
  let payload = await mustMutate(token, 'createStrategy', {
    commandId: uuid(),
    title: title ?? `E2E strategy ${uuid().slice(0, 8)}`,
    vision: 'Written by the end-to-end tests.',
    startYear: 2027,
    locationIds: locations.map((n) => net.locations[n].id),
    partnerIds: partners.map(orgId),
  });
  for (const heading of sections) {
    payload = await mustMutate(token, 'addSection', {
      strategyId: payload.strategy.id,
      sectionId: uuid(),
      heading,
      body: `Body of ${heading}.`,
    });
  }
  return payload;
}

/** A graphql-request client acting as token. */
export function client(token, options = {}) {
  return new GraphQLClient(url, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    fetch: politeFetch,
    ...options,
  });
}

/** Runs bin/planner with args (DATABASE_URL comes from the environment). */
export async function planner(...args) {
  const { stdout } = await promisify(execFile)(plannerBin, args, { env: process.env, timeout: 30_000 });
  return stdout;
}
