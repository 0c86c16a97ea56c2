import { EndpointStats, type CircuitBreakerOptions } from './endpoint-stats.js';

/** One attempt's outcome as it travels between processes or nodes. */
export type StatsEvent = ['success', string, number | null, number | null] | ['failure', string, number, number | null];

const nullableNumber = (value: unknown) => value === null || (typeof value === 'number' && Number.isFinite(value));

/** Whether a value received from another node is a well-formed event. */
export function isStatsEvent(value: unknown): value is StatsEvent {
  if (!Array.isArray(value) || value.length !== 4 || typeof value[1] !== 'string') return false;
  if (value[0] === 'success') return nullableNumber(value[2]) && nullableNumber(value[3]);
  if (value[0] === 'failure') return typeof value[2] === 'number' && Number.isInteger(value[2]) && nullableNumber(value[3]);
  return false;
}

/** How a process sends its outcomes to the others and hears theirs (never its own). */
export interface StatsRelay {
  send(events: StatsEvent[]): void;
  onEvents(handler: (events: StatsEvent[]) => void): void;
}

/**
 * Endpoint statistics shared by several processes: this one's attempts count at once, and are sent
 * (every 100 ms, in a batch) to the others — the workers of one machine through their primary, the
 * nodes of a deployment through Redis — which count them too. Every process's uptime, percentiles
 * and circuit breakers see the traffic of all of them, a moment later: an endpoint one process saw
 * fail is skipped by the others.
 */
export class RelayedEndpointStats extends EndpointStats {
  private buffer: StatsEvent[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly relay: StatsRelay,
    breaker: CircuitBreakerOptions,
    flushMs = 100,
  ) {
    super(Date.now, breaker);
    relay.onEvents((events) => {
      for (const event of events) {
        if (event[0] === 'success') super.recordSuccess(event[1], event[2], event[3]);
        else super.recordFailure(event[1], event[2], event[3]);
      }
    });
    this.timer = setInterval(() => this.flush(), flushMs);
    this.timer.unref();
  }

  /** Sends what was recorded since the last batch. */
  flush(): void {
    if (this.buffer.length === 0) return;
    const events = this.buffer;
    this.buffer = [];
    this.relay.send(events);
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
