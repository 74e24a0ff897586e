import { useEffect, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { graphql } from '../gql';
import type { AuditFilter, AuditPageQuery, SubjectType } from '../gql/graphql';
import type { Viewer } from '../App';
import { t } from '../strings';
import { actorName, errorCode, Loading, Problem, when } from '../ui';

const AuditDoc = graphql(`
  query AuditPage($filter: AuditFilter, $first: Int, $after: String) {
    auditLog(first: $first, after: $after, filter: $filter) {
      totalCount
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
        subjectType
        actor {
          id
          name
          kind
          organisation {
            id
            name
          }
        }
        subject {
          __typename
          ... on Strategy {
            id
            title
          }
          ... on CooperationConcept {
            id
            title
          }
          ... on Organisation {
            id
            name
          }
          ... on Location {
            id
            name
          }
        }
        changes {
          path
          kind
        }
      }
    }
  }
`);

const FilterOptionsDoc = graphql(`
  query AuditFilterOptions {
    organisations(first: 100) {
      nodes {
        id
        name
      }
    }
    strategies(first: 100) {
      nodes {
        id
        title
      }
    }
    cooperationConcepts(first: 100) {
      nodes {
        id
        title
      }
    }
  }
`);

type Row = NonNullable<AuditPageQuery['auditLog']>['nodes'][number];

function subjectName(r: Row): string {
  const s = r.subject;
  if ('title' in s) return s.title;
  if ('name' in s) return s.name;
  return r.subjectType;
}

const PAGE = 20;

export function Audit(_: { viewer: Viewer }) {
  const client = useClient();
  const [form, setForm] = useState({ actorId: '', organisationId: '', subjectType: '', subjectId: '', action: '', from: '', to: '' });
  const [filter, setFilter] = useState<AuditFilter>({});
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [persons, setPersons] = useState<Map<string, string>>(new Map());
  const [exporting, setExporting] = useState(false);
  const after = cursors[cursors.length - 1];
  const [{ data, error, fetching }] = useQuery({ query: AuditDoc, variables: { filter, first: PAGE, after }, requestPolicy: 'cache-and-network' });
  const [{ data: options }] = useQuery({ query: FilterOptionsDoc });
  const log = data?.auditLog;

  // People appear in the filter as the log names them: there is no list of
  // users in the API, and a person who never changed anything has no rows.
  useEffect(() => {
    if (!log) return;
    setPersons((prev) => {
      const next = new Map(prev);
      for (const r of log.nodes) if (r.actor.kind === 'PERSON') next.set(r.actor.id, r.actor.name);
      return next.size === prev.size ? prev : next;
    });
  }, [log]);

  function apply(e: React.FormEvent) {
    e.preventDefault();
    const f: AuditFilter = {};
    if (form.actorId) f.actorId = form.actorId;
    if (form.organisationId) f.actorOrganisationId = form.organisationId;
    if (form.subjectType) f.subjectType = form.subjectType as SubjectType;
    if (form.subjectId) f.subjectId = form.subjectId;
    if (form.action.trim()) f.action = form.action.trim();
    if (form.from) f.from = new Date(form.from).toISOString();
    if (form.to) f.to = new Date(form.to).toISOString();
    setFilter(f);
    setCursors([null]);
  }

  async function exportCsv() {
    setExporting(true);
    const rows: Row[] = [];
    let cursor: string | null = null;
    // Every page of the filtered log, 100 rows a request.
    for (let i = 0; i < 200; i++) {
      const res: { data?: AuditPageQuery } = await client.query(AuditDoc, { filter, first: 100, after: cursor }, { requestPolicy: 'network-only' }).toPromise();
      const page: AuditPageQuery['auditLog'] | undefined = res.data?.auditLog;
      if (!page) break;
      rows.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) break;
      cursor = page.pageInfo.endCursor ?? null;
    }
    const head = ['number', 'at', 'actor', 'organisation', 'subjectType', 'subject', 'action', 'monitoring', 'reason', 'changes'];
    const lines = [head, ...rows.map((r) => [
      String(r.number), r.at, actorName(r.actor), r.actor.organisation?.name ?? '', r.subjectType, subjectName(r), r.action,
      String(r.monitoring), r.reason ?? '', r.changes.map((c) => `${c.kind} ${c.path}`).join('; '),
    ])].map((cols) => cols.map(csvField).join(','));
    const blob = new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'audit-log.csv';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    setExporting(false);
  }

  const subjects = form.subjectType === 'COOPERATION_CONCEPT' ? options?.cooperationConcepts.nodes : form.subjectType === 'STRATEGY' ? options?.strategies.nodes : undefined;
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t.audit.title}</h1>
      <form className="filters card" onSubmit={apply} aria-label={t.audit.filters}>
        <div>
          <label htmlFor="f-person">{t.audit.person}</label>
          <select id="f-person" value={form.actorId} onChange={(e) => setForm({ ...form, actorId: e.target.value })}>
            <option value="">{t.audit.any}</option>
            {[...persons].map(([id, name]) => <option key={id} value={id}>{name}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="f-org">{t.audit.organisation}</label>
          <select id="f-org" value={form.organisationId} onChange={(e) => setForm({ ...form, organisationId: e.target.value })}>
            <option value="">{t.audit.any}</option>
            {options?.organisations.nodes.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="f-type">{t.audit.subjectType}</label>
          <select id="f-type" value={form.subjectType} onChange={(e) => setForm({ ...form, subjectType: e.target.value, subjectId: '' })}>
            <option value="">{t.audit.any}</option>
            {['STRATEGY', 'COOPERATION_CONCEPT', 'ORGANISATION', 'LOCATION'].map((x) => <option key={x} value={x}>{x.replace(/_/g, ' ').toLowerCase()}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="f-subject">{t.audit.subject}</label>
          <select id="f-subject" value={form.subjectId} disabled={!subjects} onChange={(e) => setForm({ ...form, subjectId: e.target.value })}>
            <option value="">{t.audit.any}</option>
            {subjects?.map((s) => <option key={s.id} value={s.id}>{s.title}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="f-action">{t.audit.action}</label>
          <input id="f-action" value={form.action} placeholder="updateSection" onChange={(e) => setForm({ ...form, action: e.target.value })} />
        </div>
        <div>
          <label htmlFor="f-from">{t.audit.from}</label>
          <input id="f-from" type="datetime-local" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
        </div>
        <div>
          <label htmlFor="f-to">{t.audit.to}</label>
          <input id="f-to" type="datetime-local" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
        </div>
        <div className="buttons">
          <button type="submit">{t.audit.apply}</button>
          <button type="button" onClick={() => void exportCsv()} disabled={exporting || !log}>{t.audit.exportCsv}</button>
        </div>
      </form>
      {error && (errorCode(error) === 'FORBIDDEN' ? <p className="hint">{t.audit.forbidden}</p> : <Problem error={error} />)}
      {fetching && !log && <Loading />}
      {log && (
        <>
          <p role="status" data-testid="audit-total">{t.audit.total(log.totalCount)}</p>
          <div className="table-wrap">
            <table className="audit">
              <caption className="sr-only">{t.audit.title}</caption>
              <thead>
                <tr>
                  {Object.values(t.audit.columns).map((c) => <th key={c} scope="col">{c}</th>)}
                </tr>
              </thead>
              <tbody>
                {log.nodes.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{r.number}</th>
                    <td>{when(r.at)}</td>
                    <td>{actorName(r.actor)}</td>
                    <td>{r.actor.organisation?.name ?? ''}</td>
                    <td>{subjectName(r)}</td>
                    <td className="action">{r.action}</td>
                    <td>{r.reason ?? ''}</td>
                    <td>{r.changes.length}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="buttons pager">
            <button type="button" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>{t.audit.previous}</button>
            <button type="button" disabled={!log.pageInfo.hasNextPage} onClick={() => setCursors([...cursors, log.pageInfo.endCursor ?? null])}>{t.audit.next}</button>
          </div>
        </>
      )}
    </section>
  );
}

function csvField(v: string): string {
  // Quote every field; a leading =, +, - or @ is prefixed so that a
  // spreadsheet does not run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}
