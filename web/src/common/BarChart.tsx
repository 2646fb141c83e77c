import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface Series {
  label: string;
  values: number[];
  color: string;
}

interface Props {
  title: string;
  /** What the chart shows, in words, for screen readers (the figures are also on the page as text). */
  summary: string;
  labels: string[];
  series: Series[];
  horizontal?: boolean;
  unit?: string;
}

/**
 * A Chart.js bar chart made once and updated in place (no animation) when its figures change,
 * so a chart polled every 2 s moves without flicker.
 */
export function BarChart({ title, summary, labels, series, horizontal, unit = '' }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar'> | undefined>(undefined);
  useEffect(() => {
    chart.current = new Chart(canvas.current as HTMLCanvasElement, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        indexAxis: horizontal ? 'y' : 'x',
        plugins: { legend: { display: series.length > 1 } },
        scales: { [horizontal ? 'x' : 'y']: { beginAtZero: true, ticks: { callback: (v: string | number) => `${v}${unit}` } } },
      },
    });
    return () => chart.current?.destroy();
  }, []);
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.data.labels = labels;
    c.data.datasets = series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.color }));
    c.update('none');
  }, [JSON.stringify([labels, series])]);
  return (
    <figure style={{ margin: '0.75rem 0 0' }}>
      <figcaption class="hint">{title}</figcaption>
      <div class="chart">
        <canvas ref={canvas} role="img" aria-label={summary} />
      </div>
    </figure>
  );
}
