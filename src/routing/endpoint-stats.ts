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
  latency: Sample[];
  throughput: Sample[];
  lastFailure: number;
}

const bucketCount = 24 * 60;
const sampleCapacity = 2048;
const sampleWindowMs = 30 * 60_000;

function percentile(sorted: number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index]!;
}

function pushSample(samples: Sample[], sample: Sample): void {
  samples.push(sample);
  if (samples.length > sampleCapacity) samples.splice(0, samples.length - sampleCapacity);
}

/**
 * Live statistics per provider endpoint, as OpenRouter shows them: uptime over 5 minutes, 30
 * minutes and a day (successes / (successes + failures); rate-limited answers are not failures),
 * and time-to-first-token latency and throughput percentiles over the last 30 minutes. They feed
 * routing (recent outages) and GET /models/{author}/{slug}/endpoints.
 */
export class EndpointStats {
  private readonly records = new Map<string, EndpointRecord>();

  constructor(private readonly now: () => number = Date.now) {}

  private record(endpointId: string): EndpointRecord {
    let record = this.records.get(endpointId);
    if (!record) {
      record = { buckets: [], latency: [], throughput: [], lastFailure: 0 };
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
    if (timeToFirstTokenMs !== null) pushSample(record.latency, { time, value: timeToFirstTokenMs });
    if (tokensPerSecond !== null && Number.isFinite(tokensPerSecond)) pushSample(record.throughput, { time, value: tokensPerSecond });
  }

  /** A failed attempt; HTTP 429 answers are counted apart and do not lower uptime. */
  recordFailure(endpointId: string, status: number): void {
    if (status === 429) return;
    const time = this.now();
    const record = this.record(endpointId);
    this.bucket(record, time).failures++;
    record.lastFailure = time;
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

  percentiles(endpointId: string, kind: 'latency' | 'throughput', windowMs = sampleWindowMs): Percentiles | null {
    const record = this.records.get(endpointId);
    if (!record) return null;
    const from = this.now() - windowMs;
    const values = record[kind].filter((sample) => sample.time >= from).map((sample) => sample.value);
    if (values.length === 0) return null;
    values.sort((a, b) => a - b);
    return { p50: percentile(values, 0.5), p75: percentile(values, 0.75), p90: percentile(values, 0.9), p99: percentile(values, 0.99) };
  }
}
