import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { Viewer } from '../App';
import { commandId } from '../client';
import { t } from '../strings';
import { actorName, errorText, Loading, Problem, when } from '../ui';
import type { StrategyData } from './Strategy';

const ReviewDoc = graphql(`
  query StrategyReview($id: ID!) {
    strategy(id: $id) {
      id
      status
      revision
      contentRevision
      viewerCanReview
      viewerCanAdopt
      adoptionReadiness {
        ready
        countries
        missing
        approvals {
          id
          at
          comment
          contentRevision
          reviewer {
            name
            kind
            organisation {
              name
              location {
                country
              }
            }
          }
        }
      }
      reviews {
        id
        decision
        comment
        at
        contentRevision
        reviewer {
          name
          kind
          organisation {
            name
          }
        }
      }
    }
  }
`);

const ReviewMutation = graphql(`
  mutation ReviewStrategy($input: ReviewStrategyInput!) {
    reviewStrategy(input: $input) {
      revision {
        number
      }
      strategy {
        id
        status
        revision
        contentRevision
      }
    }
  }
`);

const AdoptMutation = graphql(`
  mutation AdoptStrategy($input: StrategyWorkflowInput!) {
    adoptStrategy(input: $input) {
      strategy {
        id
        status
        revision
      }
    }
  }
`);

export function Review({ s }: { s: StrategyData; viewer: Viewer }) {
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ReviewDoc, variables: { id: s.id }, requestPolicy: 'cache-and-network' });
  const [comment, setComment] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [reviewState, review] = useMutation(ReviewMutation);
  const [, adopt] = useMutation(AdoptMutation);
  const r = data?.strategy;
  if (error) return <Problem error={error} />;
  if (!r) return fetching ? <Loading /> : null;
  const ar = r.adoptionReadiness;

  async function decide(decision: 'APPROVED' | 'CHANGES_REQUESTED') {
    const res = await review({ input: { strategyId: s.id, contentRevision: r!.contentRevision, decision, comment: comment || null, commandId: commandId() } });
    setMsg(res.error ? { ok: false, text: errorText(res.error) } : { ok: true, text: t.review.sent(decision === 'APPROVED' ? t.review.approve : t.review.requestChanges) });
    reexecute({ requestPolicy: 'network-only' });
  }

  return (
    <div className="review">
      <section aria-labelledby="readiness-h" className="card">
        <h2 id="readiness-h">{t.review.readiness}</h2>
        <p className={ar.ready ? 'ok' : 'warn'} data-testid="readiness">{ar.ready ? t.review.ready : t.review.notReady}</p>
        <dl>
          <dt>{t.review.contentRevision(r.contentRevision)}</dt>
          <dd />
          <dt>{t.review.countries}</dt>
          <dd>{ar.countries.join(', ') || t.common.none}</dd>
          <dt>{t.review.approvedBy}</dt>
          <dd>
            <ul>
              {ar.approvals.map((a) => (
                <li key={a.id}>
                  {actorName(a.reviewer)}
                  {a.reviewer.organisation ? `, ${a.reviewer.organisation.name} (${a.reviewer.organisation.location.country})` : ''} — {when(a.at)}
                  {a.comment ? `: “${a.comment}”` : ''}
                </li>
              ))}
              {ar.approvals.length === 0 && <li>{t.common.none}</li>}
            </ul>
          </dd>
          <dt>{t.review.missing}</dt>
          <dd>
            <ul>
              {ar.missing.map((m) => (
                <li key={m}>{m}</li>
              ))}
              {ar.missing.length === 0 && <li>{t.common.none}</li>}
            </ul>
          </dd>
        </dl>
        {r.viewerCanAdopt && ar.ready && (
          <button
            type="button"
            onClick={async () => {
              const res = await adopt({ input: { strategyId: s.id, expectedRevision: r.revision, commandId: commandId() } });
              setMsg(res.error ? { ok: false, text: errorText(res.error) } : { ok: true, text: res.data?.adoptStrategy?.strategy.status ?? '' });
            }}
          >
            {t.review.adopt}
          </button>
        )}
      </section>

      <section aria-labelledby="decide-h" className="card">
        <h2 id="decide-h">{t.review.decision}</h2>
        {r.status !== 'IN_REVIEW' && <p>{t.review.notInReview}</p>}
        {r.status === 'IN_REVIEW' && !r.viewerCanReview && <p>{t.review.notReviewer}</p>}
        {r.status === 'IN_REVIEW' && r.viewerCanReview && (
          <form onSubmit={(e) => { e.preventDefault(); void decide('APPROVED'); }}>
            <p>{t.review.contentRevision(r.contentRevision)}</p>
            <label htmlFor="review-comment">{t.review.comment}</label>
            <textarea id="review-comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
            <div className="buttons">
              <button type="submit" disabled={reviewState.fetching}>{t.review.approve}</button>
              <button type="button" disabled={reviewState.fetching} onClick={() => void decide('CHANGES_REQUESTED')}>
                {t.review.requestChanges}
              </button>
            </div>
          </form>
        )}
        {msg && <p className={msg.ok ? 'ok' : 'error'} role={msg.ok ? 'status' : 'alert'}>{msg.text}</p>}
      </section>

      <section aria-labelledby="reviews-h">
        <h2 id="reviews-h">{t.review.reviews}</h2>
        <ul>
          {r.reviews.map((x) => (
            <li key={x.id}>
              {actorName(x.reviewer)}{x.reviewer.organisation ? ` (${x.reviewer.organisation.name})` : ''}: {x.decision.replace(/_/g, ' ').toLowerCase()} — {t.review.contentRevision(x.contentRevision)}, {when(x.at)}
              {x.comment ? `: “${x.comment}”` : ''}
            </li>
          ))}
          {r.reviews.length === 0 && <li>{t.common.none}</li>}
        </ul>
      </section>
    </div>
  );
}
