import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartDataset,
  Legend,
  LinearScale,
  type Plugin,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

// Only the pieces these bar charts draw, so the bundle leaves the rest of Chart.js out.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Colours that stay apart for colour-blind readers (Okabe–Ito), one per series in order. */
const palette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

/** Marks the canvas once a frame is on it, so a reader (or a test) knows the chart has been drawn. */
const drawnMark: Plugin<'bar'> = {
  id: 'drawnMark',
  afterRender: (chart) => {
    chart.canvas.dataset.drawn = 'true';
  },
};

export interface BarSeries {
  label: string;
  /** One value per label of the chart, in major units (e.g. złoty, not grosze). */
  values: number[];
}

/**
 * A bar chart on a canvas, stacked when asked; `label` names it for screen readers, which read the table
 * the caller shows beside it instead. `formatValue` writes the axis and tooltip values (money).
 */
export const BarChart = ({
  label,
  labels,
  series,
  stacked = false,
  horizontal = false,
  formatValue,
}: {
  label: string;
  labels: string[];
  series: BarSeries[];
  stacked?: boolean;
  horizontal?: boolean;
  formatValue(value: number): string;
}) => {
  const canvas = useRef<HTMLCanvasElement>(null);
  // Rebuilt when the data or the language changes; the chart is small, a new one is simpler than an update.
  const key = JSON.stringify([labels, series, stacked, horizontal, formatValue(1234.5)]);
  useEffect(() => {
    if (!canvas.current) return;
    const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
    const datasets: ChartDataset<'bar', number[]>[] = series.map((one, index) => ({
      label: one.label,
      data: one.values,
      backgroundColor: palette[index % palette.length] ?? '#777777',
    }));
    const valueAxis = {
      stacked,
      beginAtZero: true,
      ticks: { callback: (value: string | number) => formatValue(Number(value)) },
    };
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels, datasets },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 300 },
        scales: horizontal ? { x: valueAxis, y: { stacked } } : { x: { stacked }, y: valueAxis },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: {
            callbacks: {
              label: (item) => `${item.dataset.label ?? ''}: ${formatValue(Number(item.raw))}`,
            },
          },
        },
      },
      plugins: [drawnMark],
    });
    return () => chart.destroy();
  }, [key]);
  return (
    <div
      style={{
        position: 'relative',
        height: horizontal ? `${Math.max(160, labels.length * 36 + 80)}px` : '320px',
        maxWidth: '960px',
      }}
    >
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
};
