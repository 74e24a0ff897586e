import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { parseRoute } from './route';
import './styles.css';

// GraphiQL is big: it is loaded only on /graphql.
const GraphiQLPage = lazy(() => import('./pages/GraphiQLPage'));

const root = createRoot(document.getElementById('root')!);
root.render(
  <StrictMode>
    {parseRoute().page === 'graphiql' ? (
      <Suspense fallback={<p>Loading GraphiQL…</p>}>
        <GraphiQLPage />
      </Suspense>
    ) : (
      <App />
    )}
  </StrictMode>,
);
