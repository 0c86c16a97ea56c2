import { EndpointStats, type CircuitBreakerOptions } from '../routing/endpoint-stats.js';
import type { WorkerChannel } from '../server/interprocess/ipc-channel.js';

type StatsEvent = ['success', string, number | null, number | null] | ['failure', string, number, number | null];

/**
 * A worker's endpoint statistics: its own attempts count at once, and are sent (every 100 ms, in
 * a batch) through the primary to the other workers, which count them too. Every worker's
 * uptime, percentiles and circuit breakers see the traffic of all of them, a moment later.
 */
export class RelayedEndpointStats extends EndpointStats {
  private buffer: StatsEvent[] = [];

  constructor(
    private readonly channel: WorkerChannel,
    breaker: CircuitBreakerOptions,
  ) {
    super(Date.now, breaker);
    channel.on('stats', (events: StatsEvent[]) => {
      for (const event of events) {
        if (event[0] === 'success') super.recordSuccess(event[1], event[2], event[3]);
        else super.recordFailure(event[1], event[2], event[3]);
      }
    });
    const flush = setInterval(() => {
      if (this.buffer.length === 0) return;
      const events = this.buffer;
      this.buffer = [];
      this.channel.emit('stats', events);
    }, 100);
    flush.unref();
  }

  override recordSuccess(endpointId: string, timeToFirstTokenMs: number | null, tokensPerSecond: number | null): void {
    super.recordSuccess(endpointId, timeToFirstTokenMs, tokensPerSecond);
    this.buffer.push(['success', endpointId, timeToFirstTokenMs, tokensPerSecond]);
  }

  override recordFailure(endpointId: string, status: number, retryAfterMs: number | null = null): void {
    super.recordFailure(endpointId, status, retryAfterMs);
    this.buffer.push(['failure', endpointId, status, retryAfterMs]);
  }
}
