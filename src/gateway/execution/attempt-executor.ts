import { setTimeout as sleep } from 'node:timers/promises';
import type { SwitchboardConfig } from '../../config/config-schema.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { GatewayMetrics } from '../../observability/metrics-registry.js';
import type { Logger } from '../../observability/logger.js';
import type { ProviderEndpoint } from '../../providers/provider.js';
import type { EndpointStats } from '../../routing/endpoint-stats.js';
import type { ProviderAttempt } from '../../spec/generation-record.js';
import { AttemptTimers, type AttemptLimits } from './attempt-timers.js';
import { nextStepAfter } from './failover-policy.js';
import type { RequestScope } from './request-scope.js';
import { retryAfterMilliseconds } from './retry-after.js';

/** What one attempt gets: its endpoint, its signal (the request's, its own timers) and a way to say output has begun. */
export interface AttemptContext {
  endpoint: ProviderEndpoint;
  signal: AbortSignal;
  /** Output reached the client: the first-byte limit is met. */
  firstByte(): void;
}

export interface ExecutionPlan<T> {
  /** Candidate endpoints in routing order. */
  endpoints: readonly ProviderEndpoint[];
  scope: RequestScope;
  /** The time limits of an attempt on this endpoint. */
  limits(endpoint: ProviderEndpoint): AttemptLimits;
  /** Makes one attempt; throws (a GatewayError, ideally) when it fails. */
  run(attempt: AttemptContext): Promise<T>;
  /** True once part of the answer reached the client: a failure can then no longer be replaced. */
  deliveredAny(): boolean;
  /** For log lines. */
  generationId: string;
}

export interface Execution<T> {
  success: { endpoint: ProviderEndpoint; value: T } | null;
  /** Why the request failed; null when it succeeded or the client left. */
  failure: GatewayError | null;
  /** The client went away before the answer was complete. */
  cancelled: boolean;
  attempts: ProviderAttempt[];
  /** Time spent waiting on providers, summed over attempts. */
  upstreamMs: number;
  /** The endpoint of the success, or of the last attempt. */
  endpoint: ProviderEndpoint;
}

export interface ExecutorServices {
  routing: SwitchboardConfig['routing'];
  stats: EndpointStats;
  metrics: GatewayMetrics;
  logger: Logger;
}

/**
 * The one attempt executor of every inference route (chat, legacy completions, Anthropic
 * messages, Responses, embeddings): over the plan's endpoints, per attempt — circuit breaker, time
 * limits (first byte, whole answer), the attempt itself, then on failure the failover policy
 * (next endpoint, or a Retry-After waited out once), all under the request's scope (client gone,
 * deadline). It never renders, prices or records: the outcome is the caller's.
 */
export async function executeAttempts<T>(services: ExecutorServices, plan: ExecutionPlan<T>): Promise<Execution<T>> {
  const { endpoints, scope } = plan;
  const attempts: ProviderAttempt[] = [];
  let upstreamMs = 0;
  let waitedBefore = false;
  let endpoint = endpoints[0]!;

  for (let index = 0; index < endpoints.length; index++) {
    endpoint = endpoints[index]!;
    const lastEndpoint = index === endpoints.length - 1;
    // A circuit that opened since the route was planned (other requests failing there) is passed over while another endpoint remains.
    if (!lastEndpoint && services.stats.circuitOpen(endpoint.id)) continue;
    const timers = new AttemptTimers(scope, endpoint.providerName, plan.limits(endpoint));
    const started = performance.now();
    try {
      const value = await plan.run({ endpoint, signal: timers.signal, firstByte: () => timers.firstByte() });
      const latency = performance.now() - started;
      upstreamMs += latency;
      attempts.push({ provider_name: endpoint.providerName, endpoint_id: endpoint.id, status: 200, latency: Math.round(latency), error_code: null });
      return { success: { endpoint, value }, failure: null, cancelled: false, attempts, upstreamMs, endpoint };
    } catch (thrown) {
      const latency = performance.now() - started;
      upstreamMs += latency;
      const error = scope.reason ?? (timers.signal.aborted ? GatewayError.from(timers.signal.reason) : GatewayError.from(thrown));
      attempts.push({ provider_name: endpoint.providerName, endpoint_id: endpoint.id, status: error.status, latency: Math.round(latency), error_code: error.code });
      if (scope.reason) return { success: null, failure: scope.clientGone ? null : error, cancelled: scope.clientGone, attempts, upstreamMs, endpoint };
      services.stats.recordFailure(endpoint.id, Number(error.metadata.provider_code ?? error.status), retryAfterMilliseconds(error.headers['Retry-After']));
      services.metrics.upstreamErrors.inc({ provider: endpoint.providerId, code: error.code });
      if (error.code === 'internal_error') {
        services.logger.error('provider adapter failed', { generation_id: plan.generationId, endpoint: endpoint.id, error: String(thrown), stack: (thrown as Error)?.stack });
      }
      const step = nextStepAfter({ error, lastEndpoint, deliveredAny: plan.deliveredAny(), waitedBefore, maxRetryWaitMs: services.routing.max_retry_wait_ms });
      if (step.kind === 'wait-and-retry') {
        waitedBefore = true;
        const waited = await sleep(step.waitMs, true, { signal: scope.signal }).catch(() => false);
        if (waited) {
          index--;
          continue;
        }
        const reason = scope.reason ?? error;
        return { success: null, failure: scope.clientGone ? null : reason, cancelled: scope.clientGone, attempts, upstreamMs, endpoint };
      }
      if (step.kind === 'stop') return { success: null, failure: error, cancelled: false, attempts, upstreamMs, endpoint };
    } finally {
      timers.dispose();
    }
  }
  // Every endpoint was passed over (their circuits open): the last one decides, so this is not reached with endpoints left.
  return { success: null, failure: new GatewayError('no_provider_available', 'No provider endpoint could be tried'), cancelled: false, attempts, upstreamMs, endpoint };
}
