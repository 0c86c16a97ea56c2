/** Shared pieces of the report's SVG charts: layout, scales, ticks, number formats, colours and escaping. */

export const palette = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#86bcb6', '#d37295', '#8cd17d', '#499894', '#f1ce63', '#a0cbe8'];

export const layout = { width: 780, height: 360, left: 64, right: 36, top: 48, bottom: 46 };

export type ValueFormat = 'percent' | 'tokens' | 'usd' | 'count' | 'number';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Short human numbers: 0.42 → 42%, 1.2e12 → 1.2T, 0.147 → $0.147. */
export function formatValue(value: number, format: ValueFormat): string {
  if (!Number.isFinite(value)) return '–';
  if (format === 'percent') return `${(value * 100).toFixed(Math.abs(value) < 0.1 && value !== 0 ? 1 : 0)}%`;
  const compact = (number: number) => {
    const magnitude = Math.abs(number);
    for (const [scale, suffix] of [
      [1e12, 'T'],
      [1e9, 'B'],
      [1e6, 'M'],
      [1e3, 'K'],
    ] as const) {
      if (magnitude >= scale) return `${Number((number / scale).toPrecision(3))}${suffix}`;
    }
    return magnitude >= 1 || number === 0 ? String(Number(number.toPrecision(3))) : number.toPrecision(2);
  };
  if (format === 'usd') return `$${compact(value)}`;
  return compact(value);
}

/** Evenly spaced, rounded ticks covering [low, high]. */
export function niceTicks(low: number, high: number, count = 5): number[] {
  if (!(high > low)) return [low];
  const rough = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? rough;
  const ticks: number[] = [];
  for (let tick = Math.ceil(low / step) * step; tick <= high + step * 1e-9; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return ticks;
}

export interface Scale {
  (value: number): number;
  ticks: number[];
}

export function linearScale(domain: [number, number], range: [number, number], tickCount = 5): Scale {
  const [d0, d1] = domain[0] === domain[1] ? [domain[0] - 1, domain[1] + 1] : domain;
  const scale = ((value: number) => range[0] + ((value - d0) / (d1 - d0)) * (range[1] - range[0])) as Scale;
  scale.ticks = niceTicks(d0, d1, tickCount);
  return scale;
}

/** log10 scale; ticks at powers of ten. */
export function logScale(domain: [number, number], range: [number, number]): Scale {
  const low = Math.floor(Math.log10(Math.max(domain[0], 1e-12)));
  const high = Math.ceil(Math.log10(Math.max(domain[1], domain[0] * 10, 1e-12)));
  const scale = ((value: number) => range[0] + ((Math.log10(Math.max(value, 1e-12)) - low) / (high - low || 1)) * (range[1] - range[0])) as Scale;
  scale.ticks = Array.from({ length: high - low + 1 }, (_, index) => 10 ** (low + index));
  return scale;
}

/** Frame, gridlines and tick labels of an x/y plot. */
export function axes(options: { x: Scale; y: Scale; xLabels?: { position: number; text: string }[]; xFormat?: ValueFormat; yFormat: ValueFormat; xTitle?: string; yTitle?: string }): string {
  const { width, height, left, right, top, bottom } = layout;
  const parts: string[] = [];
  for (const tick of options.y.ticks) {
    const y = options.y(tick);
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" class="grid"/>`);
    parts.push(`<text x="${left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end" class="tick">${escapeXml(formatValue(tick, options.yFormat))}</text>`);
  }
  const xTicks = options.xLabels ?? options.x.ticks.map((tick) => ({ position: options.x(tick), text: formatValue(tick, options.xFormat ?? 'number') }));
  for (const tick of xTicks) {
    parts.push(`<line x1="${tick.position.toFixed(1)}" x2="${tick.position.toFixed(1)}" y1="${height - bottom}" y2="${height - bottom + 4}" class="axis"/>`);
    parts.push(`<text x="${tick.position.toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle" class="tick">${escapeXml(tick.text)}</text>`);
  }
  parts.push(`<line x1="${left}" x2="${width - right}" y1="${height - bottom}" y2="${height - bottom}" class="axis"/>`);
  parts.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${height - bottom}" class="axis"/>`);
  if (options.xTitle) parts.push(`<text x="${(left + width - right) / 2}" y="${height - 8}" text-anchor="middle" class="axis-title">${escapeXml(options.xTitle)}</text>`);
  if (options.yTitle) parts.push(`<text transform="translate(14 ${(top + height - bottom) / 2}) rotate(-90)" text-anchor="middle" class="axis-title">${escapeXml(options.yTitle)}</text>`);
  return parts.join('');
}

/** Labels for a category x axis (weeks), thinned to about ten. */
export function categoryLabels(labels: readonly string[], position: (index: number) => number): { position: number; text: string }[] {
  const step = Math.max(1, Math.ceil(labels.length / 10));
  return labels.map((text, index) => ({ position: position(index), text })).filter((_, index) => index % step === 0);
}

export function legend(names: readonly string[]): string {
  return `<div class="legend">${names.map((name, index) => `<span><i style="background:${palette[index % palette.length]}"></i>${escapeXml(name)}</span>`).join('')}</div>`;
}

export function svg(title: string, body: string, height = layout.height): string {
  return `<svg class="chart" viewBox="0 0 ${layout.width} ${height}" width="100%" role="img" aria-label="${escapeXml(title)}" xmlns="http://www.w3.org/2000/svg">${body}</svg>`;
}
