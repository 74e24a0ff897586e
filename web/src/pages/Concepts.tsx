import { useQuery } from 'urql';
import { graphql } from '../gql';
import { href } from '../route';
import { t } from '../strings';
import { Loading, Problem, StatusBadge } from '../ui';

const ConceptsDoc = graphql(`
  query Concepts {
    cooperationConcepts(first: 50) {
      nodes {
        id
        kind
        title
        summary
        status
        revision
        partners {
          id
          name
        }
        pilots {
          key
          status
          location {
            name
          }
        }
        strategy {
          id
          title
        }
      }
    }
  }
`);

export function Concepts() {
  const [{ data, fetching, error }] = useQuery({ query: ConceptsDoc });
  return (
    <section aria-labelledby="concepts-title">
      <h1 id="concepts-title">{t.concepts.title}</h1>
      {error && <Problem error={error} />}
      {fetching && !data && <Loading />}
      {data && data.cooperationConcepts.nodes.length === 0 && <p>{t.concepts.empty}</p>}
      {data && data.cooperationConcepts.nodes.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t.concepts.title}</caption>
            <thead>
              <tr>
                <th scope="col">{t.concepts.columns.title}</th>
                <th scope="col">{t.concepts.columns.kind}</th>
                <th scope="col">{t.concepts.columns.status}</th>
                <th scope="col">{t.concepts.columns.partners}</th>
                <th scope="col">{t.concepts.columns.pilots}</th>
                <th scope="col">{t.concepts.columns.strategy}</th>
              </tr>
            </thead>
            <tbody>
              {data.cooperationConcepts.nodes.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    {c.title}
                    <div className="muted">{c.summary}</div>
                  </th>
                  <td>{c.kind.replace(/_/g, ' ').toLowerCase()}</td>
                  <td><StatusBadge status={c.status} /></td>
                  <td>{c.partners.map((p) => p.name).join(', ')}</td>
                  <td>{c.pilots.map((p) => `${p.location.name}: ${p.status.toLowerCase()}`).join(', ') || t.common.none}</td>
                  <td>{c.strategy ? <a href={href('strategies', c.strategy.id)}>{c.strategy.title}</a> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
