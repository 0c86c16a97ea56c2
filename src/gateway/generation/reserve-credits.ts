import type { Principal } from '../../spec/principal.js';
import { maximumCostNano } from '../../accounting/compute-cost.js';
import { refusalError, type Reservation } from '../../accounting/credit-ledger.js';
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
}

/**
 * Reserves, before any upstream call, the most the request can cost: its prompt (at most its bytes,
 * see promptTokensUpperBound) plus its max_tokens — or, without one, the endpoint's completion
 * limit — of output, on the dearest candidate endpoint. The charge can never be more (capCharge),
 * so the reservation is what the account and key must cover: 402 otherwise, with the number of
 * tokens they can afford.
 */
export async function reserveCredits(input: ReserveCreditsInput): Promise<Reservation> {
  const { request, endpoints } = input;
  const promptTokens = promptTokensUpperBound(input.bodyBytes, request.messages);
  let worst = { amount: -1, completion: 0, endpoint: endpoints[0]! };
  for (const endpoint of endpoints) {
    const completion = request.maxTokens ?? endpoint.maxCompletionTokens ?? endpoint.contextLength ?? input.defaultMaxTokens;
    const amount = maximumCostNano(endpoint.pricing, promptTokens, completion);
    if (amount > worst.amount) worst = { amount, completion, endpoint };
  }
  const describe = (availableNano: number) => {
    const pricing = worst.endpoint.pricing;
    const completionPrice = Math.max(pricing.completion, pricing.internalReasoning ?? 0);
    const afterPrompt = fromNanoDollars(availableNano) - promptTokens * pricing.prompt - pricing.request;
    const affordable = completionPrice > 0 ? Math.max(0, Math.floor(afterPrompt / completionPrice)) : worst.completion;
    return `This request requires more credits, or fewer max_tokens. You requested up to ${worst.completion} tokens, but can only afford ${affordable}.`;
  };
  const result = await input.limits.reserve(input.auth.account.id, input.auth.key?.hash ?? null, Math.max(0, worst.amount));
  if ('refused' in result) throw refusalError(result, describe);
  return result;
}
