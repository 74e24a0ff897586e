import { useMemo } from 'react';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { createClient } from 'graphql-ws';
import 'graphiql/graphiql.css';
import { endpoint, getToken, wsEndpoint } from '../session';
import { t } from '../strings';

// GraphiQL bundled with the app: nothing comes from a CDN. The Headers tab
// starts with the signed-in token; queries and mutations send the tab's
// headers, subscriptions go over graphql-ws with the token in
// connection_init (a WebSocket cannot carry headers).
export default function GraphiQLPage() {
  const token = getToken();
  const fetcher = useMemo(
    () =>
      createGraphiQLFetcher({
        url: endpoint,
        wsClient: createClient({
          url: wsEndpoint(),
          lazy: true,
          connectionParams: () => (token ? { Authorization: `Bearer ${token}` } : {}),
        }),
      }),
    [token],
  );
  const headers = JSON.stringify({ Authorization: `Bearer ${token ?? ''}` }, null, 2);
  return (
    <div className="graphiql-page">
      {!token && (
        <p className="notice" role="status">
          {t.graphiql.notSignedIn} <a href="/#/signin">{t.nav.signIn}</a>
        </p>
      )}
      <GraphiQL
        fetcher={fetcher}
        defaultHeaders={headers}
        defaultEditorToolsVisibility="headers"
        shouldPersistHeaders={false}
      >
        <GraphiQL.Logo>
          <a href="/">{t.appName}</a> {t.graphiql.title}
        </GraphiQL.Logo>
      </GraphiQL>
    </div>
  );
}
