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

/** Labels of a scatter's points, each placed where it overlaps no earlier label and stays inside the plot (or left out). */
function placeLabels(candidates: { label: string; cx: number; cy: number }[]): string[] {
  const placed: [number, number, number, number][] = [];
  const texts: string[] = [];
  const overlaps = (box: [number, number, number, number]) => placed.some((other) => box[0] < other[2] && box[2] > other[0] && box[1] < other[3] && box[3] > other[1]);
  for (const { label, cx, cy } of candidates) {
    const width = label.length * 5.6 + 2;
    const options: [number, number, 'start' | 'end'][] = [];
    for (const shift of [0, -11, 11, -22, 22]) {
      options.push([cx + 6, cy - 4 + shift, 'start'], [cx - 6, cy - 4 + shift, 'end']);
    }
    for (const [x, y, anchor] of options) {
      const x0 = anchor === 'start' ? x : x - width;
      const box: [number, number, number, number] = [x0, y - 9, x0 + width, y + 2];
      if (box[0] < plotLeft || box[2] > plotRight || box[1] < plotTop || box[3] > plotBottom || overlaps(box)) continue;
      placed.push(box);
      texts.push(`<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="${anchor}" class="point-label">${escapeXml(label)}</text>`);
      break;
    }
  }
  return texts;
}

function scatter(figure: Extract<Figure, { kind: 'scatter' }>): string {
  const xs = figure.points.map((point) => point.x).filter((value) => value > 0);
  const ys = figure.points.map((point) => point.y).filter((value) => value > 0);
  // The data's own range (a log axis then rounds out to powers of ten), never one that starts far below it.
  const domain = (values: number[]): [number, number] => (values.length > 0 ? [Math.min(...values), Math.max(...values)] : [1, 10]);
  const x = figure.logX ? logScale(domain(xs), [plotLeft, plotRight]) : linearScale([0, Math.max(...xs, 1)], [plotLeft, plotRight]);
  const y = figure.logY ? logScale(domain(ys), [plotBottom, plotTop]) : linearScale([0, Math.max(...ys, 1)], [plotBottom, plotTop]);
  const groups = [...new Set(figure.points.map((point) => point.group))];
  const format = (label: string): ValueFormat => (/usd/i.test(label) ? 'usd' : 'tokens');
  const parts = [axes({ x, y, xFormat: format(figure.xLabel), yFormat: format(figure.yLabel), xTitle: figure.xLabel, yTitle: figure.yLabel })];
  if (figure.splitX)
    parts.push(
      `<line x1="${x(figure.splitX.value).toFixed(1)}" x2="${x(figure.splitX.value).toFixed(1)}" y1="${plotTop}" y2="${plotBottom}" class="median"><title>${escapeXml(figure.splitX.name)} ${escapeXml(formatValue(figure.splitX.value, format(figure.xLabel)))}</title></line>`,
    );
  if (figure.splitY)
    parts.push(
      `<line x1="${plotLeft}" x2="${plotRight}" y1="${y(figure.splitY.value).toFixed(1)}" y2="${y(figure.splitY.value).toFixed(1)}" class="median"><title>${escapeXml(figure.splitY.name)} ${escapeXml(formatValue(figure.splitY.value, format(figure.yLabel)))}</title></line>`,
    );
  if (figure.quadrants) {
    const { topLeft, topRight, bottomLeft, bottomRight } = figure.quadrants;
    parts.push(
      `<text x="${plotLeft + 6}" y="${plotTop + 14}" class="quadrant">${escapeXml(topLeft)}</text>`,
      `<text x="${plotRight - 6}" y="${plotTop + 14}" text-anchor="end" class="quadrant">${escapeXml(topRight)}</text>`,
      `<text x="${plotLeft + 6}" y="${plotBottom - 8}" class="quadrant">${escapeXml(bottomLeft)}</text>`,
      `<text x="${plotRight - 6}" y="${plotBottom - 8}" text-anchor="end" class="quadrant">${escapeXml(bottomRight)}</text>`,
    );
  }
  if (figure.fit && xs.length > 0) {
    const [low, high] = domain(xs);
    const at = (value: number) => 10 ** (figure.fit!.intercept + figure.fit!.slope * Math.log10(value));
    parts.push(
      `<line x1="${x(low).toFixed(1)}" y1="${y(at(low)).toFixed(1)}" x2="${x(high).toFixed(1)}" y2="${y(at(high)).toFixed(1)}" class="fit"><title>OLS slope ${figure.fit.slope.toFixed(3)}</title></line>`,
    );
  }
  const drawn = figure.points.filter((point) => point.x > 0 && point.y > 0).map((point) => ({ ...point, cx: x(point.x), cy: y(point.y) }));
  for (const point of drawn)
    parts.push(
      `<circle cx="${point.cx.toFixed(1)}" cy="${point.cy.toFixed(1)}" r="4" fill="${colour(groups.indexOf(point.group))}" fill-opacity="0.8"><title>${escapeXml(point.label)}</title></circle>`,
    );
  // Labels: every point of a small chart; of a large one, the largest by y and the extremes of x (every point has its name on hover).
  const labelled =
    drawn.length <= 24
      ? drawn
      : [...new Set([...[...drawn].sort((a, b) => b.y - a.y).slice(0, 10), ...[...drawn].sort((a, b) => a.x - b.x).slice(0, 3), ...[...drawn].sort((a, b) => b.x - a.x).slice(0, 3)])];
  parts.push(...placeLabels(labelled.map((point) => ({ label: point.label, cx: point.cx, cy: point.cy }))));
  return svg(figure.title, parts.join('')) + legend(groups);
}

/** A bar's label within `room` characters: a long category path keeps its last whole segments ("…/Software/Intelligent Personal Assistants"). */
function shortLabel(label: string, room: number): string {
  if (label.length <= room) return label;
  const segments = label.split('/');
  let kept = segments.at(-1)!;
  for (let index = segments.length - 2; index > 0 && `…/${segments[index]}/${kept}`.length <= room; index--) kept = `${segments[index]}/${kept}`;
  return kept.length + 2 <= room ? `…/${kept}` : `${kept.slice(0, room - 1)}…`;
}

function bars(figure: Extract<Figure, { kind: 'bars' }>): string {
  const rowHeight = 22;
  const chartHeight = Math.max(80, figure.bars.length * rowHeight + 30);
  const labelWidth = 260;
  const maximum = Math.max(...figure.bars.map((bar) => bar.high ?? bar.value), 0) || 1;
  const scale = (value: number) => labelWidth + (value / maximum) * (width - labelWidth - 90);
  const rows = figure.bars.map((bar, index) => {
    const y = 10 + index * rowHeight;
    const label = shortLabel(bar.label, 44);
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
