import { useState } from 'react';
import { useQuery } from 'urql';
import { ViewerDoc } from '../App';
import { getToken, setToken, clearToken } from '../session';
import { roleText, t } from '../strings';

// Sign-in by pasting a bearer token. The token is checked by asking the
// service who it belongs to (viewer) before the app uses it.
export function SignIn({ problem }: { problem?: string }) {
  const [value, setValue] = useState('');
  const [state, setState] = useState<'idle' | 'checking' | 'invalid'>(problem ? 'invalid' : 'idle');
  const signedIn = getToken() !== null && !problem;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const token = value.trim();
    if (!token) return;
    setState('checking');
    const res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    }).catch(() => null);
    const body = res ? await res.json().catch(() => null) : null;
    if (!body?.data?.viewer) {
      setState('invalid');
      return;
    }
    setToken(token);
    setState('idle');
    location.hash = '#/strategies';
  }

  return (
    <section className="signin" aria-labelledby="signin-title">
      <h1 id="signin-title">{t.signIn.title}</h1>
      {signedIn && <CurrentViewer />}
      <p>{t.signIn.intro}</p>
      <form onSubmit={submit}>
        <label htmlFor="token">{t.signIn.tokenLabel}</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-describedby={state === 'invalid' ? 'token-problem' : undefined}
          aria-invalid={state === 'invalid'}
        />
        <button type="submit" disabled={state === 'checking'}>
          {state === 'checking' ? t.signIn.checking : t.signIn.submit}
        </button>
        {state === 'invalid' && (
          <p id="token-problem" className="error" role="alert">
            {t.signIn.invalid}
          </p>
        )}
      </form>
      {/* Room for "Sign in with <provider>" (OIDC, issue 17). */}
      <p className="hint" id="sso">{t.signIn.ssoLater}</p>
      {problem && (
        <button type="button" onClick={() => clearToken()}>
          {t.nav.signOut}
        </button>
      )}
    </section>
  );
}

function CurrentViewer() {
  const [{ data }] = useQuery({ query: ViewerDoc });
  const v = data?.viewer;
  if (!v) return null;
  return (
    <div className="card viewer-card" aria-live="polite">
      <h2>{t.signIn.signedInAs} {v.name}</h2>
      <dl>
        <dt>{t.signIn.role}</dt>
        <dd data-testid="viewer-role">{v.role ?? '—'}</dd>
        <dt>{t.signIn.organisation}</dt>
        <dd>{v.organisation ? `${v.organisation.name} (${v.organisation.location.country})` : t.common.noOrganisation}</dd>
        <dt>{t.signIn.mayDo}</dt>
        <dd>{roleText(v.role)}</dd>
      </dl>
    </div>
  );
}
