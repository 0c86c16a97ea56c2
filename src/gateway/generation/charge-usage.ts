import { computeCost, type CostBreakdown } from '../../accounting/compute-cost.js';
import type { Reservation } from '../../accounting/credit-ledger.js';
import { capCharge, meterUsage, type OwnTokenCounts, tokenCeiling } from '../../accounting/meter-usage.js';
import type { ProviderEndpoint } from '../../providers/provider.js';
import type { FinishReason } from '../../spec/finish-reason.js';
import type { Usage } from '../../spec/usage.js';
import type { GatewayServices } from '../gateway-services.js';

export interface Charge {
  usage: Usage;
  cost: CostBreakdown;
  /** What was wrong with the reported usage (see GenerationRecord.usage_anomaly), or null. */
  usageAnomaly: string | null;
  unbilledNano: number;
}

/**
 * The usage a generation is billed for and its charge: the provider's usage validated
 * (meterUsage: a count that fails is replaced by the gateway's own), priced, and capped at the
 * reservation (capCharge). Anything corrected is logged and counted.
 */
export function chargeUsage(input: {
  services: GatewayServices;
  generationId: string;
  endpoint: ProviderEndpoint;
  reported: unknown;
  own: OwnTokenCounts;
  finishReason: FinishReason | null;
  reservation: Reservation;
}): Charge {
  const { services, endpoint } = input;
  const metered = meterUsage(input.reported, input.own, tokenCeiling(endpoint.contextLength));
  const priced = computeCost(endpoint.pricing, metered.usage, input.finishReason);
  const { cost, unbilledNano } = capCharge(priced, input.reservation.amountNano);
  const anomalies: string[] = [];
  if (metered.corrected.length > 0) anomalies.push(`invalid_usage:${metered.corrected.join(',')}`);
  if (unbilledNano > 0) anomalies.push('over_reservation');
  if (anomalies.length > 0) {
    for (const field of metered.corrected) services.metrics.usageCorrections.inc({ provider: endpoint.providerId, field });
    if (unbilledNano > 0) {
      services.metrics.usageCorrections.inc({ provider: endpoint.providerId, field: 'over_reservation' });
      services.metrics.unbilledCost.inc({ provider: endpoint.providerId }, unbilledNano / 1e9);
    }
    services.logger.warn('usage reported by the provider was corrected before billing', {
      generation_id: input.generationId,
      provider: endpoint.providerId,
      anomalies,
      reported: summarize(input.reported),
      billed_nano: cost.totalNano,
      unbilled_nano: unbilledNano,
    });
  }
  return { usage: metered.usage, cost, usageAnomaly: anomalies.length > 0 ? anomalies.join(';') : null, unbilledNano };
}

/** The reported counts, shortened for a log line (a hostile provider's value can be anything). */
function summarize(reported: unknown): Record<string, string> {
  const source = (typeof reported === 'object' && reported !== null ? reported : {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const field of ['promptTokens', 'completionTokens', 'reasoningTokens', 'cachedTokens', 'cacheWriteTokens']) out[field] = String(source[field]).slice(0, 40);
  return out;
}
