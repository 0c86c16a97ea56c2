import { describe, expect, it } from 'vitest';
import { describeTolerance, studyTolerances, withinTolerance } from './study-tolerances.js';

describe('study tolerances', () => {
  it('accept a number within its range, ends included, and nothing that is not a finite number', () => {
    const range = { low: 0.66, high: 0.78 };
    expect(withinTolerance(0.66, '', range)).toBe(true);
    expect(withinTolerance(0.78, '', range)).toBe(true);
    expect(withinTolerance(0.749, '', range)).toBe(true);
    expect(withinTolerance(0.65, '', range)).toBe(false);
    expect(withinTolerance(0.781, '', range)).toBe(false);
    expect(withinTolerance(Number.NaN, '', range)).toBe(false);
    expect(withinTolerance('0.7', '', range)).toBe(false);
    expect(withinTolerance(null, '', range)).toBeNull();
    expect(withinTolerance(-0.2, '', { high: -0.01 })).toBe(true);
    expect(withinTolerance(0, '', { high: -0.01 })).toBe(false);
  });

  it('accept a text that names every item and none it excludes, and a ranked headline by its label', () => {
    const quadrant = { includes: ['programming', 'roleplay'], excludes: ['technology'] };
    expect(withinTolerance('programming, roleplay', '', quadrant)).toBe(true);
    expect(withinTolerance('roleplay', '', quadrant)).toBe(false);
    expect(withinTolerance('programming, roleplay, technology', '', quadrant)).toBe(false);
    const ranked = { labelIncludes: 'deepseek', low: 0.3, high: 0.5 };
    expect(withinTolerance(0.37, '#1 open author: deepseek, share of open tokens', ranked)).toBe(true);
    expect(withinTolerance(0.37, '#1 open author: qwen, share of open tokens', ranked)).toBe(false);
    expect(withinTolerance(0.6, '#1 open author: deepseek, share of open tokens', ranked)).toBe(false);
  });

  it('say the tolerance in words, in the headline’s own format', () => {
    expect(describeTolerance({ low: 0.66, high: 0.78 }, 'percent')).toBe('66% – 78%');
    expect(describeTolerance({ low: 0.147 * 0.75, high: 0.147 * 1.25 }, 'usd')).toBe('$0.11 – $0.184');
    expect(describeTolerance({ low: -0.15, high: -0.01 }, 'number')).toBe('-0.15 – -0.01');
    expect(describeTolerance({ labelIncludes: 'qwen' }, 'percent')).toBe('is qwen');
    expect(describeTolerance({ includes: ['a', 'b'], excludes: ['c'] }, 'other')).toBe('names a, b and no other');
  });

  it('give every range a low end below its high end, and say why wherever a range leaves the study’s figure', () => {
    for (const [id, rows] of Object.entries(studyTolerances)) {
      for (const [key, tolerance] of Object.entries(rows)) {
        if (tolerance.low !== undefined && tolerance.high !== undefined) expect(tolerance.low, `${id}.${key}`).toBeLessThan(tolerance.high);
        expect(tolerance.low !== undefined || tolerance.high !== undefined || tolerance.includes !== undefined || tolerance.labelIncludes !== undefined, `${id}.${key} checks something`).toBe(true);
      }
    }
  });
});
