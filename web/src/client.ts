import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { createClient as createWSClient, type Client as WSClient } from 'graphql-ws';
import { endpoint, wsEndpoint } from './session';

// One urql client per token: queries and mutations over HTTP with the
// Authorization header, subscriptions over graphql-ws with the token in
// connection_init (browsers cannot set headers on a WebSocket).
export function newClient(token: string): { client: Client; ws: WSClient } {
  const ws = createWSClient({
    url: wsEndpoint(),
    connectionParams: { Authorization: `Bearer ${token}` },
    lazy: true,
    retryAttempts: 5,
  });
  const client = new Client({
    url: endpoint,
    preferGetMethod: false,
    fetchOptions: () => ({ headers: { Authorization: `Bearer ${token}`, Accept: 'application/graphql-response+json' } }),
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return { client, ws };
}

/** A fresh idempotency key for a mutation. */
export function commandId(): string {
  // crypto.randomUUID needs a secure context (https or localhost); an
  // intranet served over plain http is not one, getRandomValues works there.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
