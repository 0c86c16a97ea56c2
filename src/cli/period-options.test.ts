import { describe, expect, it } from 'vitest';
import { periodFromArguments } from './period-options.js';

const day = (text: string) => new Date(`${text}T00:00:00Z`);
const parsed = (values: Record<string, string> = {}) => ({ values, positionals: [] });

describe('the report period', () => {
  it("defaults to the study's window when the log spans it, so headlines compare with the study's figures of the same period", () => {
    expect(periodFromArguments(parsed(), { from: day('2024-07-01'), to: day('2025-12-01') })).toEqual({ from: day('2024-11-03'), to: day('2025-12-01') });
  });

  it("defaults to the log's extent when the log does not span the study's window, and to what is named when anything is", () => {
    expect(periodFromArguments(parsed(), { from: day('2026-01-01'), to: day('2026-02-01') })).toEqual({ from: day('2026-01-01'), to: day('2026-02-01') });
    expect(periodFromArguments(parsed({ from: '2025-01-01' }), { from: day('2024-07-01'), to: day('2025-12-01') })).toEqual({ from: day('2025-01-01'), to: day('2025-12-01') });
    expect(() => periodFromArguments(parsed(), null)).toThrow(/empty/);
  });
});
