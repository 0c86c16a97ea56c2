import { describe, expect, it } from 'vitest';
import { countToReach, herfindahlHirschmanIndex } from './concentration.js';
import { median, ordinaryLeastSquares } from './ordinary-least-squares.js';
import { weightedShareInterval } from './weighted-share-interval.js';

describe('statistics', () => {
  it('fits ordinary least squares by hand-checked numbers', () => {
    // x 0..3, y 4, 3, 3, 2: means 1.5 and 3, Σdx·dy = −3, Σdx² = 5: slope −0.6, intercept 3 + 0.6·1.5 = 3.9.
    const fit = ordinaryLeastSquares([0, 1, 2, 3], [4, 3, 3, 2]);
    expect(fit.slope).toBeCloseTo(-0.6, 12);
    expect(fit.intercept).toBeCloseTo(3.9, 12);
    // Σdy² = 2, residual = 2 − 0.6·3 = 0.2: R² = 0.9, standard error √(0.2 / 2 / 5) = √0.02.
    expect(fit.rSquared).toBeCloseTo(0.9, 12);
    expect(fit.slopeStandardError).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(() => ordinaryLeastSquares([1, 1], [2, 3])).toThrow();
  });

  it('computes medians, concentration and the count to reach a threshold', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(herfindahlHirschmanIndex([0.6, 0.3, 0.1])).toBeCloseTo(0.46, 12);
    expect(countToReach([0.25, 0.25, 0.25, 0.25], 0.8)).toBe(4);
    expect(countToReach([0.1, 0.6, 0.3], 0.8)).toBe(2);
  });

  it('gives the sampling interval of a token-weighted share', () => {
    // Three requests: 10 and 20 tokens in the category, 30 outside: p = 30 / 60 = 0.5;
    // Σw² = 1400, in the category 500: Σw²(y − p)² = 500·0.25 + 900·0.25 = 350; var = 3/2 · 350 / 3600.
    const interval = weightedShareInterval({ n: 3, w1: 60, w2: 1400, w1k: 30, w2k: 500 });
    const standardError = Math.sqrt((1.5 * 350) / 3600);
    expect(interval.share).toBe(0.5);
    expect(interval.low).toBeCloseTo(Math.max(0, 0.5 - 1.96 * standardError), 12);
    expect(interval.high).toBeCloseTo(Math.min(1, 0.5 + 1.96 * standardError), 12);
    // A large sample of equal requests narrows to the binomial interval: p(1 − p)/n.
    const large = weightedShareInterval({ n: 10_000, w1: 10_000, w2: 10_000, w1k: 3_000, w2k: 3_000 });
    expect(large.high - large.share).toBeCloseTo(1.96 * Math.sqrt((0.3 * 0.7) / 9_999), 6);
  });
});
