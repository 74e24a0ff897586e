import { useEffect, useState } from 'react';
import { useClient, useMutation, useQuery, useSubscription } from 'urql';
import { graphql } from '../gql';
import type { StrategyDocQuery } from '../gql/graphql';
import type { Viewer } from '../App';
import { commandId } from '../client';
import { href } from '../route';
import { t } from '../strings';
import { actorName, errorCode, errorText, Loading, Problem, StatusBadge, when } from '../ui';
import { WordDiff } from '../WordDiff';
import { History } from './History';
import { Review } from './Review';

export const StrategyDoc = graphql(`
  query StrategyDoc($id: ID!) {
    strategy(id: $id) {
      id
      title
      vision
      startYear
      endYear
      status
      revision
      contentRevision
      viewerCanEdit
      viewerCanReview
      viewerCanAdopt
      updatedAt
      updatedBy {
        name
        kind
      }
      partnerships {
        role
        organisation {
          id
          name
          location {
            country
          }
        }
      }
      locations {
        id
        name
        country
      }
      sections {
        key
        heading
        body
      }
      priorities {
        key
        title
        description
        objectives {
          key
          title
          description
          measures {
            key
            title
            description
            status
            startYear
            endYear
            leadPartner {
              name
            }
            milestones {
              key
              title
              due
              done
            }
          }
          indicators {
            key
            name
            unit
            baseline
            baselineYear
            targets {
              year
              value
            }
            actuals {
              year
              value
            }
            onTrack
          }
        }
      }
    }
  }
`);

const RevisedDoc = graphql(`
  subscription StrategyRevised($id: ID!, $after: Int) {
    strategyRevised(id: $id, afterRevision: $after) {
      number
      action
      at
      actor {
        name
        kind
      }
    }
  }
`);

const UpdateSectionDoc = graphql(`
  mutation UpdateSection($input: UpdateSectionInput!) {
    updateSection(input: $input) {
      merged
      position
      revision {
        number
      }
      strategy {
        id
        revision
        contentRevision
      }
    }
  }
`);

const UpdateMeasureDoc = graphql(`
  mutation UpdateMeasure($input: UpdateMeasureInput!) {
    updateMeasure(input: $input) {
      merged
      position
      revision {
        number
      }
      strategy {
        id
        revision
        contentRevision
      }
    }
  }
`);

// Who made the revisions an edit was merged with, and who holds a
// conflicting path.
const RecentRevisionsDoc = graphql(`
  query RecentRevisions($id: ID!) {
    strategy(id: $id) {
      id
      revisions(first: 20) {
        nodes {
          number
          actor {
            id
            name
            kind
          }
        }
      }
    }
  }
`);

export type StrategyData = NonNullable<StrategyDocQuery['strategy']>;

export function StrategyPage({ id, tab, viewer }: { id: string; tab: 'document' | 'history' | 'review'; viewer: Viewer }) {
  const [{ data, error, fetching }, reexecute] = useQuery({ query: StrategyDoc, variables: { id }, requestPolicy: 'cache-and-network' });
  const [live, setLive] = useState<string[]>([]);
  const s = data?.strategy;
  // Subscribe from the revision first read, so that nothing is missed
  // between the query and the subscription.
  const [from, setFrom] = useState<number | null>(null);
  useEffect(() => {
    if (s && from === null) setFrom(s.revision);
  }, [s, from]);
  const [sub] = useSubscription({ query: RevisedDoc, variables: { id, after: from }, pause: from === null });
  const event = sub.data?.strategyRevised;
  useEffect(() => {
    if (!event) return;
    setLive((l) => [t.strategy.liveChange(actorName(event.actor), event.action, event.number), ...l].slice(0, 5));
    reexecute({ requestPolicy: 'network-only' });
  }, [event?.number]); // eslint-disable-line react-hooks/exhaustive-deps

  if (error && !s) return <Problem error={error} />;
  if (!s) return fetching ? <Loading /> : <Problem error="not found" />;
  return (
    <article aria-labelledby="strategy-title" className="strategy">
      <header className="doc-head">
        <h1 id="strategy-title">{s.title}</h1>
        <p className="meta">
          <StatusBadge status={s.status} /> {t.strategy.years(s.startYear, s.endYear)} · {t.common.revision}{' '}
          <span data-testid="revision">{s.revision}</span> · {when(s.updatedAt)} · {actorName(s.updatedBy)}
        </p>
        <nav aria-label={s.title} className="tabs">
          {(['document', 'history', 'review'] as const).map((k) => (
            <a key={k} href={k === 'document' ? href('strategies', id) : href('strategies', id, k)} aria-current={tab === k ? 'page' : undefined}>
              {t.strategy.tabs[k]}
            </a>
          ))}
        </nav>
        <div className="live" role="log" aria-live="polite" aria-label={sub.error ? t.common.liveOff : t.common.live}>
          {live.map((l, i) => (
            <p key={i} className="live-item">{l}</p>
          ))}
        </div>
      </header>
      {tab === 'document' && <Document s={s} />}
      {tab === 'history' && <History s={s} />}
      {tab === 'review' && <Review s={s} viewer={viewer} />}
    </article>
  );
}

function Document({ s }: { s: StrategyData }) {
  return (
    <>
      {!s.viewerCanEdit && <p className="hint">{t.strategy.readOnly}</p>}
      <section aria-labelledby="vision-h">
        <h2 id="vision-h">{t.strategy.vision}</h2>
        <p>{s.vision}</p>
        <dl className="inline">
          <dt>{t.strategy.partners}</dt>
          <dd>{s.partnerships.map((p) => `${p.organisation.name} (${p.organisation.location.country}, ${p.role.replace(/_/g, ' ').toLowerCase()})`).join('; ')}</dd>
          <dt>{t.strategy.locations}</dt>
          <dd>{s.locations.map((l) => `${l.name} (${l.country})`).join(', ')}</dd>
        </dl>
      </section>
      <section aria-labelledby="sections-h">
        <h2 id="sections-h">{t.strategy.sections}</h2>
        {s.sections.map((sec) => (
          <SectionView key={sec.key} s={s} section={sec} />
        ))}
      </section>
      <section aria-labelledby="priorities-h">
        <h2 id="priorities-h">{t.strategy.priorities}</h2>
        {s.priorities.map((p) => (
          <div key={p.key} className="priority">
            <h3>{p.title}</h3>
            <p>{p.description}</p>
            {p.objectives.map((o) => (
              <div key={o.key} className="objective">
                <h4>{o.title}</h4>
                <p>{o.description}</p>
                {o.measures.length > 0 && (
                  <ul className="measures" aria-label={`${t.strategy.measures}: ${o.title}`}>
                    {o.measures.map((m) => (
                      <MeasureView key={m.key} s={s} measure={m} />
                    ))}
                  </ul>
                )}
                {o.indicators.map((ind) => (
                  <IndicatorView key={ind.key} indicator={ind} />
                ))}
              </div>
            ))}
          </div>
        ))}
      </section>
    </>
  );
}

type Section = StrategyData['sections'][number];
type Measure = StrategyData['priorities'][number]['objectives'][number]['measures'][number];
type Indicator = StrategyData['priorities'][number]['objectives'][number]['indicators'][number];

type Outcome =
  | { kind: 'saved'; revision: number }
  | { kind: 'merged'; revision: number; with: string }
  | { kind: 'conflict'; who: string; revision: number; theirs: string; yours: string }
  | { kind: 'error'; message: string };

// useEditor runs an edit: it sends expectedRevision (the revision the form
// was opened on), reports a merge with the names of whoever changed the
// document meanwhile, and on REVISION_CONFLICT shows their text and yours.
function useEditor(s: StrategyData) {
  const client = useClient();
  async function after(res: { error?: import('urql').CombinedError; data?: unknown }, expected: number, newRevision: number | undefined, merged: boolean | undefined, field: string, yours: string): Promise<Outcome> {
    if (res.error) {
      if (errorCode(res.error) === 'REVISION_CONFLICT') {
        const ext = res.error.graphQLErrors[0].extensions as { conflicts?: { path: string; revision: number; actorId: string; current: unknown }[] };
        const c = ext.conflicts?.find((x) => x.path.endsWith('/' + field)) ?? ext.conflicts?.[0];
        const recent = await client.query(RecentRevisionsDoc, { id: s.id }, { requestPolicy: 'network-only' }).toPromise();
        const actor = recent.data?.strategy?.revisions.nodes.find((r) => r.actor.id === c?.actorId)?.actor;
        return { kind: 'conflict', who: actorName(actor), revision: c?.revision ?? 0, theirs: typeof c?.current === 'string' ? c.current : JSON.stringify(c?.current ?? ''), yours };
      }
      return { kind: 'error', message: errorText(res.error) };
    }
    if (merged && newRevision) {
      const recent = await client.query(RecentRevisionsDoc, { id: s.id }, { requestPolicy: 'network-only' }).toPromise();
      const names = new Set(
        (recent.data?.strategy?.revisions.nodes ?? []).filter((r) => r.number > expected && r.number < newRevision).map((r) => actorName(r.actor)),
      );
      return { kind: 'merged', revision: newRevision, with: [...names].join(', ') || '?' };
    }
    return { kind: 'saved', revision: newRevision ?? 0 };
  }
  return after;
}

function OutcomeView({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return null;
  switch (outcome.kind) {
    case 'saved':
      return <p className="ok" role="status">{t.strategy.saved(outcome.revision)}</p>;
    case 'merged':
      return <p className="ok merged" role="status">{t.strategy.merged(outcome.revision, outcome.with)}</p>;
    case 'error':
      return <p className="error" role="alert">{outcome.message}</p>;
    case 'conflict':
      return (
        <div className="conflict" role="alert">
          <p>{t.strategy.conflict}</p>
          <p>{t.strategy.conflictBy(outcome.who, outcome.revision)}</p>
          <WordDiff before={outcome.theirs} after={outcome.yours} beforeLabel={t.strategy.theirVersion} afterLabel={t.strategy.yourVersion} />
        </div>
      );
  }
}

function SectionView({ s, section }: { s: StrategyData; section: Section }) {
  const [editing, setEditing] = useState<null | { base: number; heading: string; body: string; reason: string; opened: string }>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [{ fetching }, update] = useMutation(UpdateSectionDoc);
  const after = useEditor(s);
  const id = `section-${section.key}`;

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (!editing) return;
    const res = await update({
      input: {
        strategyId: s.id,
        sectionId: section.key,
        expectedRevision: editing.base,
        heading: editing.heading,
        body: editing.body,
        reason: editing.reason || null,
        commandId: commandId(),
      },
    });
    const p = res.data?.updateSection;
    const o = await after(res, editing.base, p?.revision.number, p?.merged, 'body', editing.body);
    setOutcome(o);
    if (o.kind === 'saved' || o.kind === 'merged') setEditing(null);
    // After a conflict the form stays open on the current revision with
    // the user's text, so that saving again applies it knowingly.
    if (o.kind === 'conflict') setEditing({ ...editing, base: s.revision });
  }

  return (
    <div className="section" id={id} data-key={section.key}>
      <h3>{section.heading}</h3>
      {!editing && <p className="body">{section.body}</p>}
      {!editing && s.viewerCanEdit && (
        <button type="button" onClick={() => { setOutcome(null); setEditing({ base: s.revision, heading: section.heading, body: section.body, reason: '', opened: section.body }); }}>
          {t.strategy.editSection(section.heading)}
        </button>
      )}
      {editing && section.body !== editing.opened && (
        <div className="changed-meanwhile" role="status">
          <p>{t.strategy.changedMeanwhile}</p>
          <WordDiff before={editing.opened} after={section.body} beforeLabel={t.strategy.whenOpened} afterLabel={t.strategy.nowSaved} />
        </div>
      )}
      {editing && (
        <form onSubmit={save} className="edit" aria-label={t.strategy.editSection(section.heading)}>
          <label htmlFor={`${id}-heading`}>{t.strategy.heading}</label>
          <input id={`${id}-heading`} value={editing.heading} onChange={(e) => setEditing({ ...editing, heading: e.target.value })} />
          <label htmlFor={`${id}-body`}>{t.strategy.body}</label>
          <textarea id={`${id}-body`} rows={8} value={editing.body} onChange={(e) => setEditing({ ...editing, body: e.target.value })} />
          <label htmlFor={`${id}-reason`}>{t.common.reason}</label>
          <input id={`${id}-reason`} value={editing.reason} onChange={(e) => setEditing({ ...editing, reason: e.target.value })} />
          <div className="buttons">
            <button type="submit" disabled={fetching}>{t.common.save}</button>
            <button type="button" onClick={() => setEditing(null)}>{t.common.cancel}</button>
          </div>
        </form>
      )}
      <OutcomeView outcome={outcome} />
    </div>
  );
}

function MeasureView({ s, measure: m }: { s: StrategyData; measure: Measure }) {
  const [editing, setEditing] = useState<null | { base: number; title: string; description: string; reason: string }>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [{ fetching }, update] = useMutation(UpdateMeasureDoc);
  const after = useEditor(s);
  const id = `measure-${m.key}`;

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (!editing) return;
    const res = await update({
      input: {
        strategyId: s.id,
        measureId: m.key,
        expectedRevision: editing.base,
        title: editing.title,
        description: editing.description,
        reason: editing.reason || null,
        commandId: commandId(),
      },
    });
    const p = res.data?.updateMeasure;
    const o = await after(res, editing.base, p?.revision.number, p?.merged, 'description', editing.description);
    setOutcome(o);
    if (o.kind === 'saved' || o.kind === 'merged') setEditing(null);
    if (o.kind === 'conflict') setEditing({ ...editing, base: s.revision });
  }

  return (
    <li className="measure" id={id}>
      <div className="measure-head">
        <strong>{m.title}</strong> <StatusBadge status={m.status} /> <span className="muted">{t.strategy.years(m.startYear, m.endYear)}{m.leadPartner ? ` · ${t.strategy.lead}: ${m.leadPartner.name}` : ''}</span>
      </div>
      {!editing && <p>{m.description}</p>}
      {m.milestones.length > 0 && (
        <ul className="milestones" aria-label={`${t.strategy.milestones}: ${m.title}`}>
          {m.milestones.map((ms) => (
            <li key={ms.key}>
              {ms.done ? '✔' : '○'} {ms.title} — {t.strategy.due} {ms.due} ({ms.done ? t.strategy.done : t.strategy.open})
            </li>
          ))}
        </ul>
      )}
      {!editing && s.viewerCanEdit && (
        <button type="button" className="small" onClick={() => { setOutcome(null); setEditing({ base: s.revision, title: m.title, description: m.description, reason: '' }); }}>
          {t.strategy.editMeasure(m.title)}
        </button>
      )}
      {editing && (
        <form onSubmit={save} className="edit" aria-label={t.strategy.editMeasure(m.title)}>
          <label htmlFor={`${id}-title`}>{t.strategy.measureTitle}</label>
          <input id={`${id}-title`} value={editing.title} onChange={(e) => setEditing({ ...editing, title: e.target.value })} />
          <label htmlFor={`${id}-description`}>{t.strategy.measureDescription}</label>
          <textarea id={`${id}-description`} rows={4} value={editing.description} onChange={(e) => setEditing({ ...editing, description: e.target.value })} />
          <label htmlFor={`${id}-reason`}>{t.common.reason}</label>
          <input id={`${id}-reason`} value={editing.reason} onChange={(e) => setEditing({ ...editing, reason: e.target.value })} />
          <div className="buttons">
            <button type="submit" disabled={fetching}>{t.common.save}</button>
            <button type="button" onClick={() => setEditing(null)}>{t.common.cancel}</button>
          </div>
        </form>
      )}
      <OutcomeView outcome={outcome} />
    </li>
  );
}

function IndicatorView({ indicator: ind }: { indicator: Indicator }) {
  const years = [...new Set([...ind.targets.map((x) => x.year), ...ind.actuals.map((x) => x.year)])].sort();
  const track = ind.onTrack === null || ind.onTrack === undefined ? t.strategy.unknownTrack : ind.onTrack ? t.strategy.onTrack : t.strategy.offTrack;
  return (
    <div className="indicator">
      <h5>
        {ind.name} ({ind.unit}) <span className={`track track-${String(ind.onTrack)}`}>{track}</span>
      </h5>
      <table className="compact">
        <caption>
          {t.strategy.baseline}: {ind.baseline} ({ind.baselineYear})
        </caption>
        <thead>
          <tr>
            <th scope="col">{t.strategy.year}</th>
            <th scope="col">{t.strategy.target}</th>
            <th scope="col">{t.strategy.actual}</th>
          </tr>
        </thead>
        <tbody>
          {years.map((y) => (
            <tr key={y}>
              <th scope="row">{y}</th>
              <td>{ind.targets.find((x) => x.year === y)?.value ?? '—'}</td>
              <td>{ind.actuals.find((x) => x.year === y)?.value ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
