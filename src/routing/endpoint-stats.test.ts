import { describe, expect, it } from 'vitest';
import { EndpointStats } from './endpoint-stats.js';

describe('EndpointStats samples', () => {
  it('keeps the latest 2,048 latency samples: once full, each new one replaces the oldest', () => {
    let now = 1_000_000;
    const stats = new EndpointStats(() => now);
    for (let value = 0; value < 3_000; value++) {
      now += 1;
      stats.recordSuccess('a/m', value, null);
    }
    const percentiles = stats.percentiles('a/m', 'latency')!;
    // The kept samples are 952 … 2999: the median of those, not of all 3,000.
    expect(percentiles.p50).toBeGreaterThanOrEqual(1_970);
    expect(percentiles.p50).toBeLessThanOrEqual(1_980);
    expect(percentiles.p99).toBeGreaterThan(2_950);
  });
});
