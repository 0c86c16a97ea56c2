import type { Figure } from '../../analyses/analysis-result.js';
import { axes, categoryLabels, escapeXml, formatValue, layout, legend, linearScale, logScale, palette, svg, type ValueFormat } from './chart-canvas.js';

const { width, height, left, right, top, bottom } = layout;
const plotLeft = left;
const plotRight = width - right;
const plotTop = top;
const plotBottom = height - bottom;

function colour(index: number): string {
  return palette[index % palette.length]!;
}

function xPosition(count: number): (index: number) => number {
  return (index) => (count <= 1 ? (plotLeft + plotRight) / 2 : plotLeft + (index / (count - 1)) * (plotRight - plotLeft));
}

function stackedArea(figure: Extract<Figure, { kind: 'stacked-area' }>): string {
  const x = xPosition(figure.x.length);
  const totals = figure.x.map((_, index) => figure.series.reduce((sum, series) => sum + (series.values[index] ?? 0), 0));
  const maximum = figure.yFormat === 'percent' ? 1 : Math.max(...totals, 0);
  const y = linearScale([0, maximum || 1], [plotBottom, plotTop]);
  const base = figure.x.map(() => 0);
  const areas = figure.series.map((series, seriesIndex) => {
    const lower = [...base];
    series.values.forEach((value, index) => {
      base[index]! += value;
    });
    const upperPoints = base.map((value, index) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`);
    const lowerPoints = lower.map((value, index) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`).reverse();
    return `<polygon points="${[...upperPoints, ...lowerPoints].join(' ')}" fill="${colour(seriesIndex)}" fill-opacity="0.85"><title>${escapeXml(series.name)}</title></polygon>`;
  });
  // Launch markers; labels of markers close together go on staggered rows so they do not overlap.
  let previousPosition = Number.NEGATIVE_INFINITY;
  let row = 0;
  const markers = (figure.markers ?? [])
    .map((marker) => ({ marker, index: figure.x.indexOf(marker.x) }))
    .filter((item) => item.index >= 0)
    .sort((a, b) => a.index - b.index)
    .map(({ marker, index }) => {
      const position = x(index);
      row = position - previousPosition < 90 ? (row + 1) % 3 : 0;
      previousPosition = position;
      const labelY = plotTop - 6 - row * 12;
      return `<line x1="${position.toFixed(1)}" x2="${position.toFixed(1)}" y1="${labelY + 3}" y2="${plotBottom}" class="marker"/><text x="${position.toFixed(1)}" y="${labelY}" text-anchor="middle" class="marker-label">${escapeXml(marker.label)}</text>`;
    })
    .join('');
  const body = axes({ x: linearScale([0, 1], [plotLeft, plotRight]), y, xLabels: categoryLabels(figure.x, x), yFormat: figure.yFormat }) + areas.join('') + markers;
  return svg(figure.title, body) + legend(figure.series.map((series) => series.name));
}

function stackedBars(figure: Extract<Figure, { kind: 'stacked-bars' }>): string {
  const count = figure.x.length;
  const band = (plotRight - plotLeft) / Math.max(1, count);
  const totals = figure.x.map((_, index) => figure.series.reduce((sum, series) => sum + (series.values[index] ?? 0), 0));
  const y = linearScale([0, Math.max(...totals, 0) || 1], [plotBottom, plotTop]);
  const bars: string[] = [];
  figure.x.forEach((label, index) => {
    let offset = 0;
    figure.series.forEach((series, seriesIndex) => {
      const value = series.values[index] ?? 0;
      if (value <= 0) return;
      const top = y(offset + value);
      const bottomY = y(offset);
      offset += value;
      bars.push(
        `<rect x="${(plotLeft + index * band + band * 0.1).toFixed(1)}" y="${top.toFixed(1)}" width="${(band * 0.8).toFixed(1)}" height="${Math.max(0, bottomY - top).toFixed(1)}" fill="${colour(seriesIndex)}"><title>${escapeXml(`${label} ${series.name}: ${formatValue(value, figure.yFormat)}`)}</title></rect>`,
      );
    });
  });
  const body = axes({ x: linearScale([0, 1], [plotLeft, plotRight]), y, xLabels: categoryLabels(figure.x, (index) => plotLeft + index * band + band / 2), yFormat: figure.yFormat }) + bars.join('');
  return svg(figure.title, body) + legend(figure.series.map((series) => series.name));
}

function lines(figure: Extract<Figure, { kind: 'lines' }>): string {
  const x = xPosition(figure.x.length);
  const values = figure.series.flatMap((series) => series.values.filter((value): value is number => value !== null && Number.isFinite(value)));
  const maximum = Math.max(...values, 0);
  const y = linearScale([0, figure.yFormat === 'percent' ? Math.min(1, Math.max(maximum * 1.1, 0.05)) : maximum * 1.1 || 1], [plotBottom, plotTop]);
  const paths = figure.series.map((series, seriesIndex) => {
    const segments: string[] = [];
    let pen = 'M';
    series.values.forEach((value, index) => {
      if (value === null || !Number.isFinite(value)) {
        pen = 'M';
        return;
      }
      segments.push(`${pen}${x(index).toFixed(1)},${y(value).toFixed(1)}`);
      pen = 'L';
    });
    const dots =
      series.values.length <= 24
        ? series.values.map((value, index) => (value === null ? '' : `<circle cx="${x(index).toFixed(1)}" cy="${y(value).toFixed(1)}" r="2.5" fill="${colour(seriesIndex)}"/>`)).join('')
        : '';
    return `<path d="${segments.join('')}" fill="none" stroke="${colour(seriesIndex)}" stroke-width="2"><title>${escapeXml(series.name)}</title></path>${dots}`;
  });
  const body =
    axes({ x: linearScale([0, 1], [plotLeft, plotRight]), y, xLabels: categoryLabels(figure.x, x), yFormat: figure.yFormat, ...(figure.xLabel ? { xTitle: figure.xLabel } : {}) }) + paths.join('');
  return svg(figure.title, body) + legend(figure.series.map((series) => series.name));
}

function scatter(figure: Extract<Figure, { kind: 'scatter' }>): string {
  const xs = figure.points.map((point) => point.x).filter((value) => value > 0);
  const ys = figure.points.map((point) => point.y).filter((value) => value > 0);
  const domain = (values: number[]): [number, number] => [Math.min(...values, 1), Math.max(...values, 1)];
  const x = figure.logX ? logScale(domain(xs), [plotLeft, plotRight]) : linearScale([0, Math.max(...xs, 1)], [plotLeft, plotRight]);
  const y = figure.logY ? logScale(domain(ys), [plotBottom, plotTop]) : linearScale([0, Math.max(...ys, 1)], [plotBottom, plotTop]);
  const groups = [...new Set(figure.points.map((point) => point.group))];
  const format = (label: string): ValueFormat => (/usd/i.test(label) ? 'usd' : 'tokens');
  const parts = [axes({ x, y, xFormat: format(figure.xLabel), yFormat: format(figure.yLabel), xTitle: figure.xLabel, yTitle: figure.yLabel })];
  if (figure.medianX !== undefined)
    parts.push(
      `<line x1="${x(figure.medianX).toFixed(1)}" x2="${x(figure.medianX).toFixed(1)}" y1="${plotTop}" y2="${plotBottom}" class="median"><title>median ${escapeXml(formatValue(figure.medianX, format(figure.xLabel)))}</title></line>`,
    );
  if (figure.medianY !== undefined)
    parts.push(
      `<line x1="${plotLeft}" x2="${plotRight}" y1="${y(figure.medianY).toFixed(1)}" y2="${y(figure.medianY).toFixed(1)}" class="median"><title>median ${escapeXml(formatValue(figure.medianY, format(figure.yLabel)))}</title></line>`,
    );
  if (figure.fit && xs.length > 0) {
    const [low, high] = domain(xs);
    const at = (value: number) => 10 ** (figure.fit!.intercept + figure.fit!.slope * Math.log10(value));
    parts.push(
      `<line x1="${x(low).toFixed(1)}" y1="${y(at(low)).toFixed(1)}" x2="${x(high).toFixed(1)}" y2="${y(at(high)).toFixed(1)}" class="fit"><title>OLS slope ${figure.fit.slope.toFixed(3)}</title></line>`,
    );
  }
  for (const point of figure.points) {
    if (point.x <= 0 || point.y <= 0) continue;
    const cx = x(point.x).toFixed(1);
    const cy = y(point.y).toFixed(1);
    parts.push(`<circle cx="${cx}" cy="${cy}" r="4" fill="${colour(groups.indexOf(point.group))}" fill-opacity="0.8"><title>${escapeXml(point.label)}</title></circle>`);
    if (figure.points.length <= 24) parts.push(`<text x="${(Number(cx) + 6).toFixed(1)}" y="${(Number(cy) - 4).toFixed(1)}" class="point-label">${escapeXml(point.label)}</text>`);
  }
  return svg(figure.title, parts.join('')) + legend(groups);
}

function bars(figure: Extract<Figure, { kind: 'bars' }>): string {
  const rowHeight = 22;
  const chartHeight = Math.max(80, figure.bars.length * rowHeight + 30);
  const labelWidth = 260;
  const maximum = Math.max(...figure.bars.map((bar) => bar.high ?? bar.value), 0) || 1;
  const scale = (value: number) => labelWidth + (value / maximum) * (width - labelWidth - 90);
  const rows = figure.bars.map((bar, index) => {
    const y = 10 + index * rowHeight;
    const label = bar.label.length > 42 ? `…${bar.label.slice(-41)}` : bar.label;
    const interval = bar.low !== undefined && bar.high !== undefined ? `<line x1="${scale(bar.low).toFixed(1)}" x2="${scale(bar.high).toFixed(1)}" y1="${y + 8}" y2="${y + 8}" class="interval"/>` : '';
    return `<text x="${labelWidth - 8}" y="${y + 12}" text-anchor="end" class="tick">${escapeXml(label)}</text><rect x="${labelWidth}" y="${y + 2}" width="${Math.max(1, scale(bar.value) - labelWidth).toFixed(1)}" height="${rowHeight - 6}" fill="${colour(0)}"><title>${escapeXml(`${bar.label}: ${formatValue(bar.value, figure.format)}`)}</title></rect>${interval}<text x="${(scale(bar.value) + 6).toFixed(1)}" y="${y + 12}" class="tick">${escapeXml(formatValue(bar.value, figure.format))}</text>`;
  });
  return svg(figure.title, rows.join(''), chartHeight);
}

/** Whether a figure has anything to draw (an empty one says so instead of drawing a bare frame). */
function hasData(figure: Figure): boolean {
  switch (figure.kind) {
    case 'bars':
      return figure.bars.length > 0;
    case 'scatter':
      return figure.points.length > 0;
    default:
      return figure.x.length > 0 && figure.series.some((series) => series.values.some((value) => value !== null && value !== 0));
  }
}

/** One figure of the report as inline SVG (plus its legend). */
export function renderFigure(figure: Figure): string {
  const chart = !hasData(figure)
    ? svg(figure.title, `<text x="${layout.width / 2}" y="60" text-anchor="middle" class="empty">No data for this figure in this period</text>`, 100)
    : figure.kind === 'stacked-area'
      ? stackedArea(figure)
      : figure.kind === 'stacked-bars'
        ? stackedBars(figure)
        : figure.kind === 'lines'
          ? lines(figure)
          : figure.kind === 'scatter'
            ? scatter(figure)
            : bars(figure);
  return `<figure data-kind="${figure.kind}"><figcaption>${escapeXml(figure.title)}</figcaption>${chart}</figure>`;
}
