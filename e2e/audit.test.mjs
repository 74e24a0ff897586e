// GraphQL over HTTP conformance: graphql-http's server audits. Every MUST
// passes; SHOULD and MAY findings are reported as diagnostics only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditServer } from 'graphql-http';
import { politeFetch, tokens, url, withTimeout } from './lib.mjs';

// Every audit request carries a token: the server serves nobody anonymous.
function fetchFn(input, init = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${tokens.viewer}`);
  return politeFetch(input, { ...init, headers });
}

const results = await withTimeout(auditServer({ url, fetchFn }), 60_000, 'the graphql-http audits');

async function describe(result) {
  let body = '';
  try {
    body = await result.response.clone().text();
  } catch {
    // the audit consumed it
  }
  return `${result.reason}\nHTTP ${result.response?.status} ${result.response?.headers?.get('content-type') ?? ''} ${body.slice(0, 500)}`;
}

test('graphql-http ran its audits', () => {
  assert.ok(results.length >= 40, `only ${results.length} audits`);
});

for (const result of results) {
  test(`${result.id} ${result.name}`, async (t) => {
    if (result.status === 'ok') return;
    const detail = await describe(result);
    if (result.name.startsWith('MUST')) {
      assert.fail(`${result.status}: ${detail}`);
    }
    t.diagnostic(`${result.status}: ${detail}`);
  });
}
