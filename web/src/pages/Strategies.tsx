import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { href } from '../route';
import { t } from '../strings';
import { Loading, Problem, Progress, StatusBadge, when } from '../ui';

const StrategiesDoc = graphql(`
  query Strategies($search: String) {
    strategies(first: 50, filter: { search: $search }) {
      totalCount
      nodes {
        id
        title
        status
        startYear
        endYear
        revision
        updatedAt
        partners {
          id
          name
        }
        locations {
          id
          name
          country
        }
        progress {
          completion
          measures
          milestonesOverdue
          indicators
          indicatorsOnTrack
        }
      }
    }
  }
`);

export function Strategies() {
  const [search, setSearch] = useState('');
  const [{ data, fetching, error }] = useQuery({ query: StrategiesDoc, variables: { search: search || null } });
  return (
    <section aria-labelledby="strategies-title">
      <h1 id="strategies-title">{t.strategies.title}</h1>
      <div className="toolbar">
        <label htmlFor="strategy-search">{t.strategies.search}</label>
        <input id="strategy-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      {error && <Problem error={error} />}
      {fetching && !data && <Loading />}
      {data && data.strategies.nodes.length === 0 && <p>{t.strategies.empty}</p>}
      {data && data.strategies.nodes.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t.strategies.title}</caption>
            <thead>
              <tr>
                <th scope="col">{t.strategies.columns.title}</th>
                <th scope="col">{t.strategies.columns.status}</th>
                <th scope="col">{t.strategies.columns.partners}</th>
                <th scope="col">{t.strategies.columns.locations}</th>
                <th scope="col">{t.strategies.columns.progress}</th>
                <th scope="col">{t.strategies.columns.updated}</th>
              </tr>
            </thead>
            <tbody>
              {data.strategies.nodes.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <a href={href('strategies', s.id)}>{s.title}</a>
                    <div className="muted">{t.strategy.years(s.startYear, s.endYear)}</div>
                  </th>
                  <td><StatusBadge status={s.status} /></td>
                  <td>{s.partners.map((p) => p.name).join(', ')}</td>
                  <td>{s.locations.map((l) => `${l.name} (${l.country})`).join(', ')}</td>
                  <td>
                    {s.progress && (
                      <Progress value={s.progress.completion} label={t.strategies.progress(s.progress.completion, s.progress.measures)} />
                    )}
                  </td>
                  <td>{when(s.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
