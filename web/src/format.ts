/** How the dashboard writes money, counts and times. */
export function usd(value: number): string {
  if (value === 0) return '$0';
  if (Math.abs(value) < 0.01) return `$${value.toPrecision(3)}`;
  return `$${value.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export const usdFromNano = (nano: number) => usd(nano / 1e9);

export function count(value: number): string {
  if (Math.abs(value) >= 1e9) return `${(value / 1e9).toFixed(2)}B`;
  if (Math.abs(value) >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (Math.abs(value) >= 1e4) return `${(value / 1e3).toFixed(1)}K`;
  return value.toLocaleString('en');
}

export const milliseconds = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`);

export const day = (date: Date) => date.toISOString().slice(0, 10);

export const time = (text: string) => `${new Date(text.includes('T') ? text : `${text.replace(' ', 'T')}Z`).toLocaleString('en-GB', { timeZone: 'UTC', hour12: false })} UTC`;
