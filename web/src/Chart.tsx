import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, DatasetComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { t } from './strings';

echarts.use([BarChart, LineChart, PieChart, AriaComponent, DatasetComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/**
 * One chart with its data as a table beneath (for screen readers and for
 * reading exact values). ECharts' aria option also describes the chart.
 */
export function Chart({ id, title, option, table }: { id: string; title: string; option: EChartsCoreOption; table: { head: string[]; rows: (string | number)[][] } }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, animation: false, tooltip: {}, ...option }, { notMerge: true });
    el.current?.setAttribute('data-rendered', 'true');
  }, [option]);
  return (
    <figure className="chart card" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <div ref={el} className="chart-canvas" data-testid={`chart-${id}`} role="img" aria-label={title} />
      <details>
        <summary>{t.dashboard.chartTable}</summary>
        <table className="compact">
          <thead>
            <tr>{table.head.map((h) => <th key={h} scope="col">{h}</th>)}</tr>
          </thead>
          <tbody>
            {table.rows.map((r, i) => (
              <tr key={i}>{r.map((v, j) => (j === 0 ? <th key={j} scope="row">{v}</th> : <td key={j}>{v}</td>))}</tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
