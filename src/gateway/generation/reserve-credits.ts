import type { Principal } from '../../spec/principal.js';
import { maximumCostNano } from '../../accounting/compute-cost.js';
import { refusalError, type Reservation, type ReserveRefusal } from '../../accounting/credit-ledger.js';
import type { CatalogModel } from '../../catalog/catalog-model.js';
import type { RateTicket } from '../../limits/request-limits.js';
import type { SharedLimits } from '../../limits/shared-limits.js';
import { fromNanoDollars } from '../../accounting/pricing.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import type { ProviderEndpoint } from '../../providers/provider.js';
import { promptTokensUpperBound } from '../../tokenization/count-tokens.js';

export interface ReserveCreditsInput {
  limits: SharedLimits;
  auth: Principal;
  request: GenerationRequest;
  /** Candidate endpoints in routing order; the reservation covers the most expensive, so any fallback is paid for. */
  endpoints: readonly ProviderEndpoint[];
  bodyBytes: number;
  /** Completion tokens reserved when neither the request (max_tokens) nor the endpoint sets a limit. */
  defaultMaxTokens: number;
  /** Most media units the request can be billed (images asked for, characters to speak, …): reserved at the endpoint's unit price. */
  maxMediaUnits?: number;
  /**
   * The rate-limit admission made in the same step (one round trip to a cluster's primary): the
   * model and the tokens it is estimated at; the ticket's headers go into `headers` (the
   * response's) before a refusal is thrown, so a 402 carries them too.
   */
  admission?: { model: CatalogModel; estimatedTokens: number; headers: Record<string, string> };
}

export interface ReservedRequest {
  reservation: Reservation;
  /** The rate-limit ticket of the admission, settled with the request's real tokens; null without an admission. */
  ticket: RateTicket | null;
}

/**
 * Reserves, before any upstream call, the most the request can cost: its prompt (at most its bytes,
 * see promptTokensUpperBound) plus its max_tokens — or, without one, the endpoint's completion
 * limit — of output, on the dearest candidate endpoint. The charge can never be more (capCharge),
 * so the reservation is what the account and key must cover: 402 otherwise, with the number of
 * tokens they can afford.
 */
export async function reserveCredits(input: ReserveCreditsInput): Promise<ReservedRequest> {
  const { request, endpoints } = input;
  const promptTokens = promptTokensUpperBound(input.bodyBytes, request.messages);
  let worst = { amount: -1, completion: 0, endpoint: endpoints[0]! };
  for (const endpoint of endpoints) {
    const completion = request.maxTokens ?? endpoint.maxCompletionTokens ?? endpoint.contextLength ?? input.defaultMaxTokens;
    const amount = maximumCostNano(endpoint.pricing, promptTokens, completion, input.maxMediaUnits ?? 0);
    if (amount > worst.amount) worst = { amount, completion, endpoint };
  }
  const describe = (availableNano: number) => {
    const pricing = worst.endpoint.pricing;
    if (input.maxMediaUnits && pricing.unit)
      return `This request requires more credits: it can cost up to $${fromNanoDollars(Math.max(0, worst.amount))} (${input.maxMediaUnits} ${pricing.unit.unit} units at $${pricing.unit.price} each), and $${fromNanoDollars(Math.max(0, availableNano))} is available.`;
    const completionPrice = Math.max(pricing.completion, pricing.internalReasoning ?? 0);
    const afterPrompt = fromNanoDollars(availableNano) - promptTokens * pricing.prompt - pricing.request;
    const affordable = completionPrice > 0 ? Math.max(0, Math.floor(afterPrompt / completionPrice)) : worst.completion;
    return `This request requires more credits, or fewer max_tokens. You requested up to ${worst.completion} tokens, but can only afford ${affordable}.`;
  };
  const amount = Math.max(0, worst.amount);
  let ticket: RateTicket | null = null;
  let result: Reservation | ReserveRefusal;
  if (input.admission) {
    const admitted = await input.limits.admitAndReserve(input.auth, input.admission.model, input.admission.estimatedTokens, amount);
    ticket = admitted.ticket;
    Object.assign(input.admission.headers, ticket.headers);
    result = admitted.reservation;
  } else {
    result = await input.limits.reserve(input.auth.account.id, input.auth.key?.hash ?? null, amount);
  }
  if ('refused' in result) throw refusalError(result, describe);
  return { reservation: result, ticket };
}
