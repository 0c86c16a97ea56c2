import { describe, expect, it } from 'vitest';
import { nextPeriodStartDay, periodStartDay, utcDay } from './limit-period.js';

const day = (iso: string) => utcDay(Date.parse(iso));
const date = (dayNumber: number) => new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);

describe('limit periods (UTC)', () => {
  it('days start at midnight UTC', () => {
    expect(date(periodStartDay('daily', day('2025-03-05T23:59:59Z')))).toBe('2025-03-05');
    expect(date(nextPeriodStartDay('daily', day('2025-03-05T00:00:00Z')))).toBe('2025-03-06');
  });

  it('weeks run Monday to Sunday', () => {
    // 2025-03-05 is a Wednesday; 2025-03-09 a Sunday; 2025-03-10 a Monday.
    expect(date(periodStartDay('weekly', day('2025-03-05T12:00:00Z')))).toBe('2025-03-03');
    expect(date(periodStartDay('weekly', day('2025-03-09T12:00:00Z')))).toBe('2025-03-03');
    expect(date(periodStartDay('weekly', day('2025-03-10T00:00:00Z')))).toBe('2025-03-10');
    expect(date(nextPeriodStartDay('weekly', day('2025-03-09T12:00:00Z')))).toBe('2025-03-10');
  });

  it('months start on the 1st, across year ends and leap days', () => {
    expect(date(periodStartDay('monthly', day('2024-02-29T10:00:00Z')))).toBe('2024-02-01');
    expect(date(nextPeriodStartDay('monthly', day('2024-02-29T10:00:00Z')))).toBe('2024-03-01');
    expect(date(nextPeriodStartDay('monthly', day('2025-12-31T10:00:00Z')))).toBe('2026-01-01');
  });
});
