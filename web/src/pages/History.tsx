import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { commandId } from '../client';
import { t } from '../strings';
import { actorName, errorText, Loading, Problem, when } from '../ui';
import { valueText, WordDiff } from '../WordDiff';
import type { StrategyData } from './Strategy';

const HistoryDoc = graphql(`
  query StrategyHistory($id: ID!, $after: String) {
    strategy(id: $id) {
      id
      revisions(first: 50, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          number
          action
          at
          reason
          monitoring
          actor {
            name
            kind
            organisation {
              name
            }
          }
        }
      }
      blame(pathPrefix: "/sections") {
        path
        revision
        at
        actor {
          name
          kind
        }
      }
      versions {
        name
        revision
        note
        createdAt
        createdBy {
          name
          kind
        }
      }
    }
  }
`);

const SnapshotDoc = graphql(`
  query StrategySnapshot($id: ID!, $n: Int!) {
    strategy(id: $id) {
      id
      snapshot(at: { number: $n }) {
        id
        title
        vision
        status
        sections {
          key
          heading
          body
        }
        priorities {
          key
          title
          objectives {
            key
            title
            measures {
              key
              title
              status
            }
          }
        }
      }
    }
  }
`);

const DiffDoc = graphql(`
  query StrategyDiff($id: ID!, $from: Int!, $to: Int!) {
    strategy(id: $id) {
      id
      diff(fromRevision: $from, toRevision: $to) {
        path
        kind
        before
        after
        redacted
      }
    }
  }
`);

const RestoreDoc = graphql(`
  mutation RestoreStrategy($input: RestoreRevisionInput!) {
    restoreStrategyRevision(input: $input) {
      revision {
        number
      }
      strategy {
        id
        revision
      }
    }
  }
`);

const NameVersionDoc = graphql(`
  mutation NameStrategyVersion($input: NameVersionInput!) {
    nameStrategyVersion(input: $input) {
      revision {
        number
      }
      strategy {
        id
        revision
        versions {
          name
          revision
        }
      }
    }
  }
`);

export function History({ s }: { s: StrategyData }) {
  const [{ data, error, fetching }] = useQuery({ query: HistoryDoc, variables: { id: s.id }, requestPolicy: 'cache-and-network' });
  const [open, setOpen] = useState<number | null>(null);
  const [from, setFrom] = useState(Math.max(1, s.revision - 1));
  const [to, setTo] = useState(s.revision);
  const [diff, setDiff] = useState<{ from: number; to: number } | null>(null);
  const h = data?.strategy;
  const headings = new Map(s.sections.map((x) => [x.key, x.heading]));
  return (
    <div className="history">
      <section aria-labelledby="compare-h" className="card">
        <h2 id="compare-h">{t.history.compare}</h2>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            setDiff({ from, to });
          }}
        >
          <label htmlFor="diff-from">{t.history.from}</label>
          <input id="diff-from" type="number" min={1} max={s.revision} value={from} onChange={(e) => setFrom(Number(e.target.value))} />
          <label htmlFor="diff-to">{t.history.to}</label>
          <input id="diff-to" type="number" min={1} max={s.revision} value={to} onChange={(e) => setTo(Number(e.target.value))} />
          <button type="submit">{t.history.showDiff}</button>
        </form>
        {diff && <DiffView id={s.id} from={diff.from} to={diff.to} />}
      </section>

      {open !== null && <SnapshotView id={s.id} n={open} canRestore={s.viewerCanEdit} current={s.revision} onClose={() => setOpen(null)} />}

      <section aria-labelledby="timeline-h">
        <h2 id="timeline-h">{t.history.timeline}</h2>
        {error && <Problem error={error} />}
        {fetching && !h && <Loading />}
        {h && (
          <div className="table-wrap">
            <table className="timeline">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t.history.when}</th>
                  <th scope="col">{t.history.who}</th>
                  <th scope="col">{t.history.action}</th>
                  <th scope="col">{t.history.reason}</th>
                  <th scope="col"><span className="sr-only">{t.history.open}</span></th>
                </tr>
              </thead>
              <tbody>
                {h.revisions.nodes.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{r.number}</th>
                    <td>{when(r.at)}</td>
                    <td>
                      {actorName(r.actor)}
                      {r.actor.organisation && <div className="muted">{r.actor.organisation.name}</div>}
                    </td>
                    <td>{r.action}{r.monitoring ? ' (monitoring)' : ''}</td>
                    <td>{r.reason ?? ''}</td>
                    <td>
                      <button type="button" className="small" onClick={() => setOpen(r.number)} aria-label={t.history.openRevision(r.number)}>
                        {t.history.open}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {h && (
        <section aria-labelledby="blame-h">
          <h2 id="blame-h">{t.history.blame}</h2>
          <ul className="blame">
            {h.blame
              .filter((b) => /^\/sections\/[^/]+\/body$/.test(b.path))
              .map((b) => {
                const key = b.path.split('/')[2];
                return (
                  <li key={b.path}>
                    <strong>{headings.get(key) ?? key}</strong>: {t.common.revision} {b.revision}, {actorName(b.actor)}, {when(b.at)}
                  </li>
                );
              })}
          </ul>
        </section>
      )}

      {h && <Versions s={s} versions={h.versions} />}
    </div>
  );
}

function DiffView({ id, from, to }: { id: string; from: number; to: number }) {
  const [{ data, error, fetching }] = useQuery({ query: DiffDoc, variables: { id, from, to } });
  if (error) return <Problem error={error} />;
  if (fetching || !data?.strategy) return <Loading />;
  const changes = data.strategy.diff;
  return (
    <div className="diff" aria-live="polite">
      <h3>{t.history.diffTitle(from, to)}</h3>
      {changes.length === 0 && <p>{t.history.noChanges}</p>}
      {changes.map((c) => (
        <div key={c.path} className="change">
          <h4>
            <code>{c.path}</code> — {t.history.kinds[c.kind] ?? c.kind}
          </h4>
          <WordDiff before={valueText(c.before)} after={valueText(c.after)} />
        </div>
      ))}
    </div>
  );
}

function SnapshotView({ id, n, canRestore, current, onClose }: { id: string; n: number; canRestore: boolean; current: number; onClose: () => void }) {
  const [{ data, error }] = useQuery({ query: SnapshotDoc, variables: { id, n } });
  const [restoreState, restore] = useMutation(RestoreDoc);
  const [done, setDone] = useState<string | null>(null);
  const snap = data?.strategy?.snapshot;
  return (
    <section aria-labelledby="snapshot-h" className="card snapshot">
      <h2 id="snapshot-h" tabIndex={-1}>{t.history.snapshot(n)}</h2>
      <button type="button" className="small" onClick={onClose}>{t.common.close}</button>
      {error && <Problem error={error} />}
      {snap && (
        <>
          <h3>{snap.title}</h3>
          <p>{snap.vision}</p>
          {snap.sections.map((x) => (
            <div key={x.key}>
              <h4>{x.heading}</h4>
              <p>{x.body}</p>
            </div>
          ))}
          <ul>
            {snap.priorities.map((p) => (
              <li key={p.key}>
                {p.title}
                <ul>
                  {p.objectives.map((o) => (
                    <li key={o.key}>
                      {o.title}: {o.measures.map((m) => `${m.title} (${m.status.toLowerCase()})`).join(', ')}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          {canRestore && n !== current && (
            <button
              type="button"
              disabled={restoreState.fetching}
              onClick={async () => {
                const res = await restore({ input: { subjectId: id, revision: n, expectedRevision: current, commandId: commandId() } });
                setDone(res.error ? errorText(res.error) : t.history.restored(n, res.data?.restoreStrategyRevision?.revision.number ?? 0));
              }}
            >
              {t.history.restore(n)}
            </button>
          )}
          {done && <p role="status">{done}</p>}
        </>
      )}
    </section>
  );
}

type Version = { name: string; revision: number; note?: string | null; createdAt: string; createdBy: { name: string; kind: string } };

function Versions({ s, versions }: { s: StrategyData; versions: Version[] }) {
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [msg, setMsg] = useState<string | null>(null);
  const [, nameVersion] = useMutation(NameVersionDoc);
  return (
    <section aria-labelledby="versions-h">
      <h2 id="versions-h">{t.history.versions}</h2>
      <ul>
        {versions.map((v) => (
          <li key={v.name}>
            <strong>{v.name}</strong> — {t.common.revision} {v.revision}, {actorName(v.createdBy)}, {when(v.createdAt)}
            {v.note ? ` — ${v.note}` : ''}
          </li>
        ))}
        {versions.length === 0 && <li>{t.common.none}</li>}
      </ul>
      {s.viewerCanEdit && (
        <form
          className="inline-form"
          onSubmit={async (e) => {
            e.preventDefault();
            const res = await nameVersion({ input: { subjectId: s.id, revision: s.revision, name, note: note || null, commandId: commandId() } });
            setMsg(res.error ? errorText(res.error) : t.history.named(name));
            if (!res.error) setName('');
          }}
        >
          <label htmlFor="version-name">{t.history.versionName}</label>
          <input id="version-name" value={name} onChange={(e) => setName(e.target.value)} required />
          <label htmlFor="version-note">{t.history.versionNote}</label>
          <input id="version-note" value={note} onChange={(e) => setNote(e.target.value)} />
          <button type="submit">{t.history.nameVersion}</button>
        </form>
      )}
      {msg && <p role="status">{msg}</p>}
    </section>
  );
}
