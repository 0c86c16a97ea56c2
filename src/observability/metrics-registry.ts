import { AggregatorRegistry, Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface GatewayMetricsOptions {
  /** Also export the process's own metrics (CPU, resident memory, event-loop lag, heap), prefixed switchboard_. */
  processMetrics?: boolean;
}

/**
 * Prometheus metrics of the gateway (prom-client), in two registries: `requests` — what the
 * process serving HTTP counts (each cluster worker has its own; the primary sums them) — and
 * `logWriter` — what the process draining the generation queues counts (the single process, or a
 * cluster's primary). `render()` is one scrape of this process; `renderCluster()` (in a primary)
 * is one scrape of every worker and the primary together.
 */
export class GatewayMetrics {
  readonly requestRegistry = new Registry();
  readonly logWriterRegistry = new Registry();

  readonly requests: Counter<'route' | 'status'>;
  readonly requestDuration: Histogram<'route'>;
  readonly gatewayOverhead: Histogram<'route'>;
  readonly timeToFirstToken: Histogram<'provider'>;
  readonly generations: Counter<'model' | 'provider' | 'finish_reason'>;
  readonly tokens: Counter<'model' | 'provider' | 'kind'>;
  readonly cost: Counter<'model' | 'provider'>;
  readonly upstreamErrors: Counter<'provider' | 'code'>;
  readonly queueAppends: Counter;
  readonly usageCorrections: Counter<'provider' | 'field'>;
  readonly unbilledCost: Counter<'provider'>;
  readonly promptAnnotations: Counter<'outcome'>;
  readonly logQuarantined: Counter<'reason'>;
  readonly logDeliveryFailures: Counter<'consumer'>;
  readonly broadcastSpans: Counter<'type' | 'outcome'>;
  readonly broadcastDeadLetters: Counter<'type' | 'reason'>;

  constructor(options: GatewayMetricsOptions = {}) {
    const requests = [this.requestRegistry];
    this.requests = new Counter({ name: 'switchboard_requests_total', help: 'HTTP requests by route and status.', labelNames: ['route', 'status'], registers: requests });
    this.requestDuration = new Histogram({
      name: 'switchboard_request_duration_seconds',
      help: 'Time from request to last byte, by route.',
      labelNames: ['route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: requests,
    });
    this.gatewayOverhead = new Histogram({
      name: 'switchboard_gateway_overhead_seconds',
      help: 'Time the gateway itself adds to a generation (everything but waiting for the provider).',
      labelNames: ['route'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers: requests,
    });
    this.timeToFirstToken = new Histogram({
      name: 'switchboard_time_to_first_token_seconds',
      help: 'Time from request to the first generated token, by provider.',
      labelNames: ['provider'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: requests,
    });
    this.generations = new Counter({
      name: 'switchboard_generations_total',
      help: 'Generations by model, provider and finish reason.',
      labelNames: ['model', 'provider', 'finish_reason'],
      registers: requests,
    });
    this.tokens = new Counter({
      name: 'switchboard_tokens_total',
      help: 'Tokens by model, provider and kind (prompt, completion, reasoning, cached).',
      labelNames: ['model', 'provider', 'kind'],
      registers: requests,
    });
    this.cost = new Counter({ name: 'switchboard_cost_usd_total', help: 'USD charged, by model and provider.', labelNames: ['model', 'provider'], registers: requests });
    this.upstreamErrors = new Counter({
      name: 'switchboard_upstream_errors_total',
      help: 'Failed provider attempts by provider and error code.',
      labelNames: ['provider', 'code'],
      registers: requests,
    });
    this.queueAppends = new Counter({ name: 'switchboard_generation_log_appends_total', help: 'Generation records appended to the durable queue.', registers: requests });
    this.usageCorrections = new Counter({
      name: 'switchboard_usage_corrections_total',
      help: "Usage a provider reported that failed validation and was replaced by Switchboard's own count, by provider and field; over_reservation counts charges capped at the reservation.",
      labelNames: ['provider', 'field'],
      registers: requests,
    });
    this.unbilledCost = new Counter({
      name: 'switchboard_unbilled_cost_usd_total',
      help: 'USD of reported usage beyond what the reservation covered (recorded, not billed), by provider.',
      labelNames: ['provider'],
      registers: requests,
    });
    this.promptAnnotations = new Counter({
      name: 'switchboard_prompt_annotations_total',
      help: 'Prompts handed to the observatory, by outcome: language (told), classified, below_confidence, dropped (the hand-off was full), late (not ready when the record was written), failed.',
      labelNames: ['outcome'],
      registers: requests,
    });
    const writer = [this.logWriterRegistry];
    this.logQuarantined = new Counter({
      name: 'switchboard_generation_log_quarantined_total',
      help: 'Records moved to the quarantine file instead of the generation store, by reason.',
      labelNames: ['reason'],
      registers: writer,
    });
    this.logDeliveryFailures = new Counter({
      name: 'switchboard_generation_log_delivery_failures_total',
      help: 'Failed deliveries of queued records (retried), by consumer (store, control_plane).',
      labelNames: ['consumer'],
      registers: writer,
    });
    this.broadcastSpans = new Counter({
      name: 'switchboard_broadcast_spans_total',
      help: 'Generations sent to observability destinations as spans, by destination type and outcome (delivered, dead_lettered).',
      labelNames: ['type', 'outcome'],
      registers: writer,
    });
    this.broadcastDeadLetters = new Counter({
      name: 'switchboard_broadcast_dead_letters_total',
      help: 'Spans given up, by destination type and reason: undeliverable (every retry failed), paused (the destination failed moments ago and is skipped for broadcast.pause_ms), headers_unreadable.',
      labelNames: ['type', 'reason'],
      registers: writer,
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.requestRegistry, prefix: 'switchboard_' });
  }

  /** This process's metrics in the Prometheus text format. */
  async render(): Promise<string> {
    return `${await this.requestRegistry.metrics()}\n${await this.logWriterRegistry.metrics()}`;
  }

  /** In a cluster worker: the primary may collect this worker's request metrics (prom-client's cluster protocol). */
  exposeToPrimary(): void {
    // Constructing one installs the worker's side of the protocol (it answers the primary's requests).
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([this.requestRegistry]);
  }
}

/**
 * In a cluster's primary: one scrape of the whole cluster — every worker's request metrics summed
 * (prom-client's AggregatorRegistry asks each over IPC) — and the primary's own log-writer metrics.
 */
export class ClusterMetrics {
  private readonly aggregator = new AggregatorRegistry();

  constructor(private readonly primary: GatewayMetrics) {}

  async render(): Promise<string> {
    const workers = await this.aggregator.clusterMetrics();
    return `${workers}\n${await this.primary.logWriterRegistry.metrics()}`;
  }
}

/** The value of one series of a counter (tests, diagnostics). */
export async function counterValue(counter: Counter<string>, labels: Record<string, string> = {}): Promise<number> {
  const { values } = await counter.get();
  const wanted = Object.entries(labels);
  return values.find((value) => wanted.every(([name, expected]) => value.labels[name] === expected))?.value ?? 0;
}
