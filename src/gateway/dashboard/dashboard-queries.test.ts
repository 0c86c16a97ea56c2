import { describe, expect, it } from 'vitest';
import { bucketsOf, readGenerationFilters, whereOf } from './dashboard-queries.js';

describe('dashboard queries', () => {
  it('names every bucket of a window as ClickHouse does: hours, days, and the Mondays of weeks', () => {
    expect(bucketsOf(new Date('2026-11-30T08:40:00Z'), new Date('2026-11-30T11:00:00Z'), 'hour')).toEqual(['2026-11-30 08:00:00', '2026-11-30 09:00:00', '2026-11-30 10:00:00']);
    expect(bucketsOf(new Date('2026-11-28T12:00:00Z'), new Date('2026-12-01T00:00:00Z'), 'day')).toEqual(['2026-11-28 00:00:00', '2026-11-29 00:00:00', '2026-11-30 00:00:00']);
    // 2026-11-30 is a Monday; the week of the 26th starts on the 23rd.
    expect(bucketsOf(new Date('2026-11-26T00:00:00Z'), new Date('2026-12-08T00:00:00Z'), 'week')).toEqual(['2026-11-23 00:00:00', '2026-11-30 00:00:00', '2026-12-07 00:00:00']);
  });

  it('holds an ordinary key to its account whatever the query asks, and binds every value', () => {
    const query = new URLSearchParams({ account: 'someone-else', model: "x' OR 1=1 --", status: 'error', streamed: 'true' });
    const filters = readGenerationFilters(query, 'mine', Date.parse('2026-11-30T00:00:00Z'));
    expect(filters.account).toBe('mine');
    const where = whereOf(filters);
    expect(where.sql).not.toContain('OR 1=1');
    expect(where.params).toMatchObject({ account: 'mine', model: "x' OR 1=1 --", streamed: true });
    expect(readGenerationFilters(query, null, 0).account).toBe('someone-else');
  });

  it('refuses bad filters with a 4xx naming them', () => {
    for (const [name, value] of [
      ['status', 'maybe'],
      ['streamed', 'yes'],
      ['from', 'yesterday'],
      ['model', 'm'.repeat(400)],
    ] as const) {
      expect(() => readGenerationFilters(new URLSearchParams({ [name]: value }), null, 0), name).toThrow(new RegExp(name));
    }
    expect(() => readGenerationFilters(new URLSearchParams({ from: '2026-01-01', to: '2025-01-01' }), null, 0)).toThrow(/from must be before to/);
  });
});
