// The signed-in token lives in sessionStorage: it is kept for this tab only
// and goes when the tab closes. A single sign-on provider (issue 17) would
// put its token here the same way.
const KEY = 'planner.token';

export function getToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string): void {
  sessionStorage.setItem(KEY, token.trim());
  window.dispatchEvent(new Event('planner-session'));
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY);
  window.dispatchEvent(new Event('planner-session'));
}

/** The API endpoint, on this origin. */
export const endpoint = '/graphql';

export function wsEndpoint(): string {
  return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + endpoint;
}
