import type { Reservation } from '../../accounting/credit-ledger.js';
import type { GatewayServices } from '../gateway-services.js';
import type { HttpExchange } from '../http/http-exchange.js';
import { buildGenerationRecord, type GenerationOutcome } from './build-generation-record.js';

/** Appends the record (durably) and settles the reservation; on a failed append nothing is charged. */
export async function recordGeneration(services: GatewayServices, outcome: GenerationOutcome, reservation: Reservation): Promise<boolean> {
  try {
    await services.generationLog.append(buildGenerationRecord(outcome));
  } catch (error) {
    services.limits.release(reservation);
    services.logger.error('could not append the generation record', { generation_id: outcome.id, error: String(error) });
    return false;
  }
  services.limits.settle(reservation, outcome.cost.totalNano, outcome.isByok);
  return true;
}

/** Endpoint stats, metrics and the request's log fields for one finished generation. */
export function observeGeneration(services: GatewayServices, outcome: GenerationOutcome, exchange: HttpExchange, overheadMs: number): void {
  const { metrics, stats } = services;
  const provider = outcome.endpoint?.providerId ?? 'none';
  const model = outcome.model.id;
  if (outcome.endpoint && outcome.errorCode === null) {
    // Throughput: tokens over the time they streamed; a whole answer's tokens over its whole latency.
    const seconds = (outcome.streamed ? outcome.generationTimeMs : outcome.latencyMs) / 1000;
    stats.recordSuccess(outcome.endpoint.id, outcome.timeToFirstTokenMs, seconds > 0 && outcome.usage.completionTokens > 0 ? outcome.usage.completionTokens / seconds : null);
  }
  metrics.generations.inc({ model, provider, finish_reason: outcome.finishReason ?? (outcome.cancelled ? 'cancelled' : 'none') });
  metrics.tokens.inc({ model, provider, kind: 'prompt' }, outcome.usage.promptTokens);
  metrics.tokens.inc({ model, provider, kind: 'completion' }, outcome.usage.completionTokens);
  metrics.tokens.inc({ model, provider, kind: 'reasoning' }, outcome.usage.reasoningTokens);
  metrics.tokens.inc({ model, provider, kind: 'cached' }, outcome.usage.cachedTokens);
  metrics.cost.inc({ model, provider }, outcome.cost.total);
  metrics.queueAppends.inc();
  metrics.gatewayOverhead.observe({ route: outcome.apiType }, Math.max(0, overheadMs) / 1000);
  if (outcome.timeToFirstTokenMs !== null) metrics.timeToFirstToken.observe({ provider }, outcome.timeToFirstTokenMs / 1000);
  Object.assign(exchange.logFields, {
    provider: outcome.endpoint?.providerName ?? null,
    streamed: outcome.streamed,
    cancelled: outcome.cancelled,
    finish_reason: outcome.finishReason,
    tokens_prompt: outcome.usage.promptTokens,
    tokens_completion: outcome.usage.completionTokens,
    cost: outcome.cost.total,
    attempts: outcome.attempts.length,
    ...(outcome.errorCode ? { error_code: outcome.errorCode } : {}),
  });
}
