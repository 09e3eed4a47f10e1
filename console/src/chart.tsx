import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface Series {
  name: string;
  units: string;
  /** Epoch seconds and values (null where the API gave no value). */
  x: number[];
  y: (number | null)[];
}

const BYTES = ['B', 'KB', 'MB', 'GB', 'TB'];
/** Three significant digits, so that neighbouring ticks of a slowly growing size stay apart. */
const digits = (n: number, fraction: boolean) => (!fraction || Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(Math.abs(n) >= 10 ? 1 : 2));

function formatValue(v: number | null, units: string): string {
  if (v === null || v === undefined) return '—';
  if (units === 'BYTES') {
    let i = 0;
    let n = v;
    while (Math.abs(n) >= 1024 && i < BYTES.length - 1) (n /= 1024), i++;
    return `${digits(n, i > 0)} ${BYTES[i]}`;
  }
  return Number.isInteger(v) ? String(v) : digits(v, true);
}

/** One measurement as a line chart over time (UTC), drawn with uPlot. */
export function LineChart({ series, width = 520, height = 200 }: { series: Series; width?: number; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const plot = new uPlot(
      {
        width,
        height,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        legend: { show: true },
        cursor: { drag: { x: true, y: false } },
        scales: { x: { time: true } },
        axes: [{}, { size: 70, values: (_u, ticks) => ticks.map((t) => formatValue(t, series.units)) }],
        series: [
          { label: 'UTC' },
          {
            label: series.name,
            stroke: '#00684a',
            fill: 'rgba(0, 237, 100, 0.08)',
            width: 2,
            points: { show: series.x.length < 80, size: 5 },
            value: (_u, v) => formatValue(v, series.units),
          },
        ],
      },
      [series.x, series.y],
      el.current!,
    );
    return () => plot.destroy();
  }, [series, width, height]);
  return <div class="chart" ref={el} data-testid="chart" data-points={series.y.filter((v) => v !== null).length} />;
}
