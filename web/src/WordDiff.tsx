import { diffWordsWithSpace } from 'diff';
import { t } from './strings';

/** Two texts side by side, removed words marked in the left one, added words in the right one. */
export function WordDiff({ before, after, beforeLabel = t.history.before, afterLabel = t.history.after }: {
  before: string;
  after: string;
  beforeLabel?: string;
  afterLabel?: string;
}) {
  const parts = diffWordsWithSpace(before, after);
  return (
    <div className="side-by-side">
      <div className="side before">
        <div className="side-label">{beforeLabel}</div>
        <p>
          {parts.filter((p) => !p.added).map((p, i) =>
            p.removed ? <del key={i}>{p.value}</del> : <span key={i}>{p.value}</span>,
          )}
        </p>
      </div>
      <div className="side after">
        <div className="side-label">{afterLabel}</div>
        <p>
          {parts.filter((p) => !p.removed).map((p, i) =>
            p.added ? <ins key={i}>{p.value}</ins> : <span key={i}>{p.value}</span>,
          )}
        </p>
      </div>
    </div>
  );
}

/** A change's value as text: strings as they are, anything else as JSON. */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v, null, 1);
}
