type Labels = Record<string, string>;

function labelKey(names: readonly string[], labels: Labels): string {
  return names.map((name) => labels[name] ?? '').join('\u0000');
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function renderLabels(names: readonly string[], values: readonly string[], extra = ''): string {
  const parts = names.map((name, index) => `${name}="${escapeLabel(values[index] ?? '')}"`);
  if (extra) parts.push(extra);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

interface Metric {
  render(): string;
}

export class Counter implements Metric {
  private readonly values = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[] = [],
  ) {}

  inc(labels: Labels = {}, amount = 1): void {
    const key = labelKey(this.labelNames, labels);
    this.values.set(key, (this.values.get(key) ?? 0) + amount);
  }

  get(labels: Labels = {}): number {
    return this.values.get(labelKey(this.labelNames, labels)) ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, value] of this.values) lines.push(`${this.name}${renderLabels(this.labelNames, key.split('\u0000'))} ${value}`);
    return lines.join('\n');
  }
}

export class Histogram implements Metric {
  private readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    readonly buckets: readonly number[],
  ) {}

  observe(labels: Labels, value: number): void {
    const key = labelKey(this.labelNames, labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    for (let index = 0; index < this.buckets.length; index++) if (value <= this.buckets[index]!) entry.counts[index]!++;
    entry.sum += value;
    entry.count++;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, entry] of this.series) {
      const values = key.split('\u0000');
      for (let index = 0; index < this.buckets.length; index++) {
        lines.push(`${this.name}_bucket${renderLabels(this.labelNames, values, `le="${this.buckets[index]}"`)} ${entry.counts[index]}`);
      }
      lines.push(`${this.name}_bucket${renderLabels(this.labelNames, values, 'le="+Inf"')} ${entry.count}`);
      lines.push(`${this.name}_sum${renderLabels(this.labelNames, values)} ${entry.sum}`);
      lines.push(`${this.name}_count${renderLabels(this.labelNames, values)} ${entry.count}`);
    }
    return lines.join('\n');
  }
}

/** Prometheus metrics of the gateway, rendered in the text exposition format at GET /metrics. */
export class GatewayMetrics {
  readonly requests = new Counter('switchboard_requests_total', 'HTTP requests by route and status.', ['route', 'status']);
  readonly requestDuration = new Histogram(
    'switchboard_request_duration_seconds',
    'Time from request to last byte, by route.',
    ['route'],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  );
  readonly gatewayOverhead = new Histogram(
    'switchboard_gateway_overhead_seconds',
    'Time the gateway itself adds to a generation (everything but waiting for the provider).',
    ['route'],
    [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
  );
  readonly timeToFirstToken = new Histogram(
    'switchboard_time_to_first_token_seconds',
    'Time from request to the first generated token, by provider.',
    ['provider'],
    [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
  );
  readonly generations = new Counter('switchboard_generations_total', 'Generations by model, provider and finish reason.', ['model', 'provider', 'finish_reason']);
  readonly tokens = new Counter('switchboard_tokens_total', 'Tokens by model, provider and kind (prompt, completion, reasoning, cached).', ['model', 'provider', 'kind']);
  readonly cost = new Counter('switchboard_cost_usd_total', 'USD charged, by model and provider.', ['model', 'provider']);
  readonly upstreamErrors = new Counter('switchboard_upstream_errors_total', 'Failed provider attempts by provider and error code.', ['provider', 'code']);
  readonly queueAppends = new Counter('switchboard_generation_log_appends_total', 'Generation records appended to the durable queue.');
  readonly usageCorrections = new Counter(
    'switchboard_usage_corrections_total',
    "Usage a provider reported that failed validation and was replaced by Switchboard's own count, by provider and field; over_reservation counts charges capped at the reservation.",
    ['provider', 'field'],
  );
  readonly unbilledCost = new Counter('switchboard_unbilled_cost_usd_total', 'USD of reported usage beyond what the reservation covered (recorded, not billed), by provider.', ['provider']);
  readonly logQuarantined = new Counter('switchboard_generation_log_quarantined_total', 'Records moved to the quarantine file instead of the generation store, by reason.', ['reason']);
  readonly logDeliveryFailures = new Counter('switchboard_generation_log_delivery_failures_total', 'Failed deliveries of queued records (retried), by consumer (store, control_plane).', ['consumer']);

  private readonly all: Metric[] = [
    this.requests,
    this.requestDuration,
    this.gatewayOverhead,
    this.timeToFirstToken,
    this.generations,
    this.tokens,
    this.cost,
    this.upstreamErrors,
    this.queueAppends,
    this.usageCorrections,
    this.unbilledCost,
    this.logQuarantined,
    this.logDeliveryFailures,
  ];

  render(): string {
    return `${this.all.map((metric) => metric.render()).join('\n')}\n`;
  }
}
