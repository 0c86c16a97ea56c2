import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const palette = ['#3461d1', '#e0822d', '#2e9e6b', '#c8443b', '#8a5cc4', '#3aa6b9', '#b8860b', '#d45d9a', '#7a8699'];

/**
 * Series over time (uPlot): one line per group, with hover values in the legend. `x` are bucket
 * start times; `bars` draws columns instead of lines (the log's histogram).
 */
export function TimeChart({
  title,
  x,
  series,
  format,
  bars = false,
  range,
}: {
  title: string;
  x: string[];
  series: { name: string; values: number[] }[];
  format: (value: number) => string;
  bars?: boolean;
  range?: [Date, Date];
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const times = x.map((value) => Date.parse(value.includes('T') ? value : `${value.replace(' ', 'T')}Z`) / 1000);
    const chart = new uPlot(
      {
        title,
        width: Math.max(320, box.current.clientWidth || 900),
        height: 260,
        // The window asked for, not just the buckets that had traffic (one bucket would otherwise span years).
        scales: { x: range ? { time: true, range: () => [range[0].getTime() / 1000, range[1].getTime() / 1000] } : { time: true } },
        axes: [{}, { values: (_, ticks) => ticks.map((tick) => format(tick)), size: 70 }],
        series: [
          { label: 'time' },
          ...series.map((entry, index) => ({
            label: entry.name,
            stroke: palette[index % palette.length],
            fill: bars ? `${palette[index % palette.length]}99` : undefined,
            width: bars ? 0 : 2,
            paths: bars ? uPlot.paths.bars!({ size: [0.8, 40] }) : undefined,
            value: (_: uPlot, value: number | null) => (value === null ? '—' : format(value)),
          })),
        ],
      },
      [times, ...series.map((entry) => entry.values)] as uPlot.AlignedData,
      box.current,
    );
    return () => chart.destroy();
  }, [title, JSON.stringify(x), JSON.stringify(series), bars, range?.[0].getTime(), range?.[1].getTime()]);
  return <div class="chart" ref={box} role="img" aria-label={`${title}: ${series.map((entry) => entry.name).join(', ')}`} />;
}
