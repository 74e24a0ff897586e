import { useEffect, useState } from 'react';

// Pages are addressed in the URL fragment (#/strategies/ID/history), so the
// server serves one document for every page and needs no list of routes.
export type Route =
  | { page: 'signin' }
  | { page: 'strategies' }
  | { page: 'strategy'; id: string; tab: 'document' | 'history' | 'review' }
  | { page: 'concepts' }
  | { page: 'audit' }
  | { page: 'dashboard' }
  | { page: 'graphiql' };

export function parseRoute(): Route {
  if (/\/graphql\/?$/.test(location.pathname)) return { page: 'graphiql' };
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'signin':
      return { page: 'signin' };
    case 'strategies':
      if (parts[1]) {
        const tab = parts[2] === 'history' || parts[2] === 'review' ? parts[2] : 'document';
        return { page: 'strategy', id: parts[1], tab };
      }
      return { page: 'strategies' };
    case 'concepts':
      return { page: 'concepts' };
    case 'audit':
      return { page: 'audit' };
    case 'dashboard':
      return { page: 'dashboard' };
    default:
      return { page: 'strategies' };
  }
}

export function href(...parts: string[]): string {
  return '#/' + parts.map(encodeURIComponent).join('/');
}

export function useRoute(): Route {
  const [route, setRoute] = useState(parseRoute);
  useEffect(() => {
    const on = () => setRoute(parseRoute());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
