import type { CombinedError } from 'urql';
import { t } from './strings';

// Small shared pieces of the pages.

export function Loading() {
  return <p role="status">{t.common.loading}</p>;
}

export function Problem({ error }: { error: CombinedError | Error | string }) {
  const message = typeof error === 'string' ? error : 'graphQLErrors' in error ? errorText(error) : error.message;
  return (
    <p className="error" role="alert">
      {t.common.error}: {message}
    </p>
  );
}

/** The message and extensions.code of a GraphQL error, for people. */
export function errorText(error: CombinedError): string {
  const g = error.graphQLErrors[0];
  if (g) return `${g.message}${g.extensions?.code ? ` (${g.extensions.code})` : ''}`;
  return error.networkError?.message ?? error.message;
}

export function errorCode(error: CombinedError | undefined): string | undefined {
  const c = error?.graphQLErrors[0]?.extensions?.code;
  return typeof c === 'string' ? c : undefined;
}

export function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function actorName(a: { name: string; kind?: string } | null | undefined): string {
  if (!a) return '—';
  return a.kind === 'SYSTEM' ? t.common.system : a.name;
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status.toLowerCase()}`}>{status.replace(/_/g, ' ')}</span>;
}

export function Progress({ value, label }: { value: number; label: string }) {
  const pct = Math.round(value * 100);
  return (
    <span className="progress">
      <progress max={100} value={pct} aria-label={label} /> <span>{pct} %</span>
    </span>
  );
}
