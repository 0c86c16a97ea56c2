export interface Percentiles {
  p50: number;
  p75: number;
  p90: number;
  p99: number;
}

interface MinuteBucket {
  minute: number;
  successes: number;
  failures: number;
}

interface Sample {
  time: number;
  value: number;
}

interface EndpointRecord {
  buckets: MinuteBucket[];
  latency: SampleRing;
  throughput: SampleRing;
  lastFailure: number;
  /** Failures since the last success (the circuit breaker's count). */
  consecutiveFailures: number;
  /** The circuit is open (the endpoint is skipped) until this time. */
  openUntil: number;
  /** How long the circuit stays open the next time it opens. */
  openForMs: number;
  /** The provider asked to wait (429 Retry-After) until this time. */
  coolingUntil: number;
  cachedPercentiles: Map<string, { at: number; samples: number; value: Percentiles | null }>;
}

/** Circuit breaker: consecutive failures that open it, and how long it stays open (doubling up to the maximum). */
export interface CircuitBreakerOptions {
  failureThreshold: number;
  openMs: number;
  maximumOpenMs: number;
}

export const defaultCircuitBreaker: CircuitBreakerOptions = { failureThreshold: 5, openMs: 15_000, maximumOpenMs: 300_000 };

const bucketCount = 24 * 60;
const sampleCapacity = 2048;
const sampleWindowMs = 30 * 60_000;

function percentile(sorted: number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index]!;
}

/** The last `sampleCapacity` samples, in no particular order: once full, each new one replaces the oldest (no shifting). */
class SampleRing {
  readonly items: Sample[] = [];
  private next = 0;

  push(sample: Sample): void {
    if (this.items.length < sampleCapacity) {
      this.items.push(sample);
      return;
    }
    this.items[this.next] = sample;
    this.next = (this.next + 1) % sampleCapacity;
  }
}

/**
 * Live statistics per provider endpoint, as OpenRouter shows them: uptime over 5 minutes, 30
 * minutes and a day (successes / (successes + failures); rate-limited answers are not failures),
 * and time-to-first-token latency and throughput percentiles over the last 30 minutes. They feed
 * routing (recent outages) and GET /models/{author}/{slug}/endpoints.
 */
export class EndpointStats {
  private readonly records = new Map<string, EndpointRecord>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly breaker: CircuitBreakerOptions = defaultCircuitBreaker,
  ) {}

  private record(endpointId: string): EndpointRecord {
    let record = this.records.get(endpointId);
    if (!record) {
      record = {
        buckets: [],
        latency: new SampleRing(),
        throughput: new SampleRing(),
        lastFailure: 0,
        consecutiveFailures: 0,
        openUntil: 0,
        openForMs: this.breaker.openMs,
        coolingUntil: 0,
        cachedPercentiles: new Map(),
      };
      this.records.set(endpointId, record);
    }
    return record;
  }

  private bucket(record: EndpointRecord, time: number): MinuteBucket {
    const minute = Math.floor(time / 60_000);
    const slot = minute % bucketCount;
    let bucket = record.buckets[slot];
    if (!bucket || bucket.minute !== minute) {
      bucket = { minute, successes: 0, failures: 0 };
      record.buckets[slot] = bucket;
    }
    return bucket;
  }

  recordSuccess(endpointId: string, timeToFirstTokenMs: number | null, tokensPerSecond: number | null): void {
    const time = this.now();
    const record = this.record(endpointId);
    this.bucket(record, time).successes++;
    record.consecutiveFailures = 0;
    record.openUntil = 0;
    record.openForMs = this.breaker.openMs;
    if (timeToFirstTokenMs !== null) record.latency.push({ time, value: timeToFirstTokenMs });
    if (tokensPerSecond !== null && Number.isFinite(tokensPerSecond)) record.throughput.push({ time, value: tokensPerSecond });
  }

  /**
   * A failed attempt. HTTP 429 answers do not lower uptime or trip the breaker; their Retry-After
   * (milliseconds) keeps the endpoint aside until then. Other failures count toward the circuit
   * breaker: after `failureThreshold` in a row the endpoint is skipped for `openMs`, doubled each
   * time it opens again (half-open in between: the next attempt decides).
   */
  recordFailure(endpointId: string, status: number, retryAfterMs: number | null = null): void {
    const time = this.now();
    const record = this.record(endpointId);
    if (status === 429) {
      if (retryAfterMs !== null && retryAfterMs > 0) record.coolingUntil = Math.max(record.coolingUntil, time + retryAfterMs);
      return;
    }
    this.bucket(record, time).failures++;
    record.lastFailure = time;
    record.consecutiveFailures++;
    if (record.consecutiveFailures >= this.breaker.failureThreshold && record.openUntil <= time) {
      record.openUntil = time + record.openForMs;
      record.openForMs = Math.min(this.breaker.maximumOpenMs, record.openForMs * 2);
    }
  }

  /** Whether the circuit breaker keeps the endpoint out now. */
  circuitOpen(endpointId: string): boolean {
    const record = this.records.get(endpointId);
    return record !== undefined && record.openUntil > this.now();
  }

  /** Milliseconds until an open circuit lets a trial request through (0 when closed). */
  circuitOpenForMs(endpointId: string): number {
    const record = this.records.get(endpointId);
    return record ? Math.max(0, record.openUntil - this.now()) : 0;
  }

  /** Milliseconds the provider asked to wait (Retry-After) that are left (0 when none). */
  coolingForMs(endpointId: string): number {
    const record = this.records.get(endpointId);
    return record ? Math.max(0, record.coolingUntil - this.now()) : 0;
  }

  /** Uptime in percent over the last `windowMs`, or null without traffic in that window. */
  uptime(endpointId: string, windowMs: number): number | null {
    const record = this.records.get(endpointId);
    if (!record) return null;
    const fromMinute = Math.floor((this.now() - windowMs) / 60_000);
    let successes = 0;
    let failures = 0;
    for (const bucket of record.buckets) {
      if (bucket && bucket.minute > fromMinute) {
        successes += bucket.successes;
        failures += bucket.failures;
      }
    }
    const total = successes + failures;
    return total === 0 ? null : (successes / total) * 100;
  }

  /** Whether the endpoint failed within the last `windowMs` (OpenRouter deprioritises such endpoints for 30 s). */
  failedRecently(endpointId: string, windowMs = 30_000): boolean {
    const record = this.records.get(endpointId);
    return record !== undefined && record.lastFailure > 0 && this.now() - record.lastFailure < windowMs;
  }

  /**
   * Percentiles over the window. Routing reads them on every request, so with plenty of samples they
   * are recomputed at most once a second; with few, whenever a sample arrives.
   */
  percentiles(endpointId: string, kind: 'latency' | 'throughput', windowMs = sampleWindowMs): Percentiles | null {
    const record = this.records.get(endpointId);
    if (!record) return null;
    const time = this.now();
    const cacheKey = `${kind}/${windowMs}`;
    const cached = record.cachedPercentiles.get(cacheKey);
    const samples = record[kind].items.length;
    if (cached && time - cached.at < 1000 && (cached.samples >= 50 || cached.samples === samples)) return cached.value;
    const from = time - windowMs;
    const values = record[kind].items.filter((sample) => sample.time >= from).map((sample) => sample.value);
    let value: Percentiles | null = null;
    if (values.length > 0) {
      values.sort((a, b) => a - b);
      value = { p50: percentile(values, 0.5), p75: percentile(values, 0.75), p90: percentile(values, 0.9), p99: percentile(values, 0.99) };
    }
    record.cachedPercentiles.set(cacheKey, { at: time, samples, value });
    return value;
  }
}
