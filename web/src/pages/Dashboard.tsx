import { useEffect, useMemo } from 'react';
import { useQuery, useSubscription } from 'urql';
import { graphql } from '../gql';
import type { DashboardPageQuery } from '../gql/graphql';
import { t } from '../strings';
import { Loading, Problem } from '../ui';
import { Chart } from '../Chart';

const DashboardDoc = graphql(`
  query DashboardPage {
    dashboard {
      position
      strategies(first: 20) {
        nodes {
          completion
          measures
          milestonesOverdue
          indicators
          indicatorsOnTrack
          strategy {
            id
            title
          }
        }
      }
      concepts {
        status
        count
      }
      activity(weeks: 12) {
        weekStart
        label
        revisions
      }
    }
    systemStatus {
      headPosition
      projections {
        name
        lag
      }
    }
    strategies(first: 20) {
      nodes {
        id
        title
        priorities {
          key
          title
          objectives {
            measures {
              status
            }
            indicators {
              key
              name
              unit
              targets {
                year
                value
              }
              actuals {
                year
                value
              }
            }
          }
        }
      }
    }
  }
`);

// Any new revision anywhere: the dashboard is read again. Readers who may
// not see the audit log get an error here and the page polls instead.
const ActivityDoc = graphql(`
  subscription DashboardActivity {
    auditLogAppended {
      number
      position
    }
  }
`);

// A palette that keeps 3:1 contrast against white for the chart marks.
const palette = ['#1f5fa8', '#b8470b', '#2a7d2e', '#7b3fa0', '#a8203f', '#006d77', '#6b5b00', '#4a4a4a'];

export function Dashboard() {
  const [{ data, error, fetching }, reexecute] = useQuery({ query: DashboardDoc, requestPolicy: 'cache-and-network' });
  const [sub] = useSubscription({ query: ActivityDoc });
  const tick = sub.data?.auditLogAppended.position;
  useEffect(() => {
    if (tick) reexecute({ requestPolicy: 'network-only' });
  }, [tick]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (!sub.error) return;
    const timer = setInterval(() => reexecute({ requestPolicy: 'network-only' }), 15_000);
    return () => clearInterval(timer);
  }, [sub.error]); // eslint-disable-line react-hooks/exhaustive-deps

  const charts = useMemo(() => (data ? buildCharts(data) : null), [data]);
  if (error && !data) return <Problem error={error} />;
  if (!data || !charts) return fetching ? <Loading /> : null;
  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t.dashboard.title}</h1>
      <p className="muted" role="status" data-testid="dashboard-position">{t.dashboard.position(data.dashboard?.position ?? '')}</p>
      <div className="charts">
        {charts.map((c) => (
          <Chart key={c.id} {...c} />
        ))}
      </div>
    </section>
  );
}

function buildCharts(data: DashboardPageQuery) {
  const progress = data.dashboard?.strategies.nodes ?? [];
  const strategies = data.strategies.nodes;
  const base = { color: palette, grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true } };

  const perStrategy = {
    id: 'completion',
    title: t.dashboard.completion,
    option: { ...base, xAxis: { type: 'value', max: 100 }, yAxis: { type: 'category', data: progress.map((p) => p.strategy.title) }, series: [{ type: 'bar', data: progress.map((p) => Math.round(p.completion * 100)) }] },
    table: { head: [t.strategies.columns.title, '%', t.strategy.measures], rows: progress.map((p) => [p.strategy.title, Math.round(p.completion * 100), p.measures]) },
  };

  const priorities = strategies.flatMap((s) =>
    s.priorities.map((p) => {
      const ms = p.objectives.flatMap((o) => o.measures);
      const done = ms.filter((m) => m.status === 'COMPLETED').length;
      return { name: p.title, pct: ms.length ? Math.round((done / ms.length) * 100) : 0, n: ms.length };
    }),
  );
  const perPriority = {
    id: 'completion-priority',
    title: t.dashboard.completionPriority,
    option: { ...base, xAxis: { type: 'value', max: 100 }, yAxis: { type: 'category', data: priorities.map((p) => p.name), axisLabel: { width: 220, overflow: 'truncate' } }, series: [{ type: 'bar', data: priorities.map((p) => p.pct) }] },
    table: { head: [t.strategy.priorities, '%', t.strategy.measures], rows: priorities.map((p) => [p.name, p.pct, p.n]) },
  };

  const overdue = {
    id: 'overdue',
    title: t.dashboard.overdue,
    option: { ...base, xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', data: progress.map((p) => p.strategy.title) }, series: [{ type: 'bar', data: progress.map((p) => p.milestonesOverdue) }] },
    table: { head: [t.strategies.columns.title, t.dashboard.overdue], rows: progress.map((p) => [p.strategy.title, p.milestonesOverdue]) },
  };

  const indicators = strategies.flatMap((s) => s.priorities.flatMap((p) => p.objectives.flatMap((o) => o.indicators)));
  const years = [...new Set(indicators.flatMap((i) => [...i.targets, ...i.actuals].map((x) => x.year)))].sort();
  const series = indicators.flatMap((ind, k) => [
    { type: 'line', name: `${ind.name} (${t.strategy.target})`, color: palette[k % palette.length], lineStyle: { type: 'dashed' }, connectNulls: true, data: years.map((y) => ind.targets.find((x) => x.year === y)?.value ?? null) },
    { type: 'line', name: `${ind.name} (${t.strategy.actual})`, color: palette[k % palette.length], connectNulls: true, data: years.map((y) => ind.actuals.find((x) => x.year === y)?.value ?? null) },
  ]);
  const indicatorChart = {
    id: 'indicators',
    title: t.dashboard.indicators,
    option: { ...base, grid: { ...base.grid, top: 8, bottom: 64 }, legend: { type: 'scroll', bottom: 0 }, xAxis: { type: 'category', data: years.map(String) }, yAxis: { type: 'value' }, tooltip: { trigger: 'axis' }, series },
    table: {
      head: [t.strategy.indicators, t.strategy.year, t.strategy.target, t.strategy.actual],
      rows: indicators.flatMap((ind) => years.filter((y) => ind.targets.some((x) => x.year === y) || ind.actuals.some((x) => x.year === y)).map((y) => [ind.name, y, ind.targets.find((x) => x.year === y)?.value ?? '—', ind.actuals.find((x) => x.year === y)?.value ?? '—'])),
    },
  };

  const activity = data.dashboard?.activity ?? [];
  const weeks = [...new Set(activity.map((a) => a.weekStart))].sort();
  const labels = [...new Set(activity.map((a) => a.label))];
  const activityChart = {
    id: 'activity',
    title: t.dashboard.activity,
    option: {
      ...base,
      grid: { ...base.grid, top: 8, bottom: 48 },
      legend: { type: 'scroll', bottom: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: weeks },
      yAxis: { type: 'value', minInterval: 1 },
      series: labels.map((l) => ({ type: 'bar', stack: 'all', name: l, data: weeks.map((w) => activity.filter((a) => a.weekStart === w && a.label === l).reduce((n, a) => n + a.revisions, 0)) })),
    },
    table: { head: [t.audit.organisation, 'Week', t.common.revision], rows: activity.map((a) => [a.label, a.weekStart, a.revisions]) },
  };

  const concepts = data.dashboard?.concepts ?? [];
  const conceptChart = {
    id: 'concepts',
    title: t.dashboard.concepts,
    option: { ...base, xAxis: { type: 'category', data: concepts.map((c) => c.status) }, yAxis: { type: 'value', minInterval: 1 }, series: [{ type: 'bar', data: concepts.map((c) => c.count) }] },
    table: { head: [t.common.status, '#'], rows: concepts.map((c) => [c.status, c.count]) },
  };

  const projections = data.systemStatus.projections;
  const freshness = {
    id: 'freshness',
    title: t.dashboard.freshness,
    option: { ...base, xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', data: projections.map((p) => p.name) }, series: [{ type: 'bar', data: projections.map((p) => p.lag) }] },
    table: { head: ['Projection', 'Lag'], rows: projections.map((p) => [p.name, p.lag]) },
  };

  // Values on the bars: a zero is then visible as a 0, not as no bar at all.
  for (const c of [perStrategy, perPriority, overdue, conceptChart, freshness]) {
    const horizontal = (c.option.yAxis as { type: string }).type === 'category';
    for (const s of c.option.series as Record<string, unknown>[]) s.label = { show: true, position: horizontal ? 'right' : 'top' };
  }
  return [perStrategy, perPriority, overdue, indicatorChart, activityChart, conceptChart, freshness];
}
