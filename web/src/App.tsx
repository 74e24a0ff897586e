import { Suspense, lazy, useEffect, useMemo, useState } from 'react';
import { Provider, useQuery } from 'urql';
import { graphql } from './gql';
import type { ViewerQuery } from './gql/graphql';
import { newClient } from './client';
import { clearToken, getToken } from './session';
import { href, useRoute, type Route } from './route';
import { t } from './strings';
import { SignIn } from './pages/SignIn';
import { Strategies } from './pages/Strategies';
import { StrategyPage } from './pages/Strategy';
import { Concepts } from './pages/Concepts';
import { Audit } from './pages/Audit';

// The charts library is loaded with the dashboard only.
const Dashboard = lazy(() => import('./pages/Dashboard').then((m) => ({ default: m.Dashboard })));

export const ViewerDoc = graphql(`
  query Viewer {
    viewer {
      id
      name
      kind
      role
      organisation {
        id
        name
        location {
          country
        }
      }
    }
  }
`);

export type Viewer = ViewerQuery['viewer'];

function useToken(): string | null {
  const [token, setToken] = useState(getToken);
  useEffect(() => {
    const on = () => setToken(getToken());
    window.addEventListener('planner-session', on);
    return () => window.removeEventListener('planner-session', on);
  }, []);
  return token;
}

export function App() {
  const token = useToken();
  const route = useRoute();
  const conn = useMemo(() => (token ? newClient(token) : null), [token]);
  useEffect(() => () => void conn?.ws.dispose(), [conn]);
  if (!conn || route.page === 'signin') {
    return (
      <Shell viewer={null} route={route}>
        {conn ? (
          <Provider value={conn.client}>
            <SignIn />
          </Provider>
        ) : (
          <SignIn />
        )}
      </Shell>
    );
  }
  return (
    <Provider value={conn.client}>
      <SignedIn route={route} />
    </Provider>
  );
}

function SignedIn({ route }: { route: Route }) {
  const [{ data, error }] = useQuery({ query: ViewerDoc });
  if (error) {
    return (
      <Shell viewer={null} route={route}>
        <SignIn problem={error.message} />
      </Shell>
    );
  }
  const viewer = data?.viewer ?? null;
  return (
    <Shell viewer={viewer} route={route}>
      {!viewer ? <p role="status">{t.common.loading}</p> : <Page route={route} viewer={viewer} />}
    </Shell>
  );
}

function Page({ route, viewer }: { route: Route; viewer: Viewer }) {
  switch (route.page) {
    case 'strategy':
      return <StrategyPage key={route.id} id={route.id} tab={route.tab} viewer={viewer} />;
    case 'concepts':
      return <Concepts />;
    case 'audit':
      return <Audit viewer={viewer} />;
    case 'dashboard':
      return (
        <Suspense fallback={<p role="status">{t.common.loading}</p>}>
          <Dashboard />
        </Suspense>
      );
    default:
      return <Strategies />;
  }
}

function Shell({ viewer, route, children }: { viewer: Viewer | null; route: Route; children: React.ReactNode }) {
  const current = (page: string) => (route.page === page || (page === 'strategies' && route.page === 'strategy') ? 'page' : undefined);
  return (
    <>
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t.skipToContent}
      </a>
      <header className="top">
        <a className="brand" href={href('strategies')}>
          {t.appName}
        </a>
        <nav aria-label={t.nav.label}>
          <ul>
            <li><a href={href('strategies')} aria-current={current('strategies')}>{t.nav.strategies}</a></li>
            <li><a href={href('concepts')} aria-current={current('concepts')}>{t.nav.concepts}</a></li>
            <li><a href={href('audit')} aria-current={current('audit')}>{t.nav.audit}</a></li>
            <li><a href={href('dashboard')} aria-current={current('dashboard')}>{t.nav.dashboard}</a></li>
            <li><a href="/graphql">{t.nav.graphiql}</a></li>
          </ul>
        </nav>
        <div className="who">
          {viewer ? (
            <>
              <a href={href('signin')} className="viewer">
                {viewer.name} · {viewer.role}
                {viewer.organisation ? ` · ${viewer.organisation.name}` : ''}
              </a>
              <button type="button" onClick={() => { clearToken(); location.hash = '#/signin'; }}>
                {t.nav.signOut}
              </button>
            </>
          ) : (
            <a href={href('signin')}>{t.nav.signIn}</a>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
