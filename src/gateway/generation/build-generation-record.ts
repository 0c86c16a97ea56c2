import type { Principal } from '../../spec/principal.js';
import type { CostBreakdown } from '../../accounting/compute-cost.js';
import type { CatalogModel } from '../../catalog/catalog-model.js';
import { continentOf } from '../../geography/country-continent.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import type { Usage } from '../../spec/usage.js';
import type { GenerationRecord, ProviderAttempt } from '../../spec/generation-record.js';
import type { ProviderEndpoint } from '../../providers/provider.js';
import type { AppAttribution } from '../../accounts/attribute-app.js';
import type { SimulatedFacts } from '../inference/simulation-headers.js';
import type { PromptAnnotation } from '../../classification/annotation/prompt-annotator.js';

export interface GenerationOutcome {
  id: string;
  requestId: string;
  createdAtMs: number;
  apiType: string;
  auth: Principal;
  app: AppAttribution | null;
  userAgent: string | null;
  request: GenerationRequest;
  requestedModel: string;
  model: CatalogModel;
  endpoint: ProviderEndpoint | null;
  upstreamId: string | null;
  attempts: ProviderAttempt[];
  streamed: boolean;
  cancelled: boolean;
  status: number;
  errorCode: string | null;
  finishReason: string | null;
  nativeFinishReason: string | null;
  usage: Usage;
  cost: CostBreakdown;
  /** What was wrong with the provider's usage, or null (see GenerationRecord.usage_anomaly). */
  usageAnomaly: string | null;
  /** Nano-USD of reported usage beyond the reservation, not billed. */
  unbilledNano: number;
  isByok: boolean;
  toolCallsMade: number;
  latencyMs: number;
  generationTimeMs: number;
  timeToFirstTokenMs: number | null;
  /** Facts a simulated request brought (trusted simulation headers only). */
  simulated: SimulatedFacts | null;
  /** The observatory's annotation of the prompt (language; category when sampled), if it came in time. */
  annotation?: PromptAnnotation | null;
  /** The preset the request used, by id. */
  presetId?: string | null;
}

/** Whole milliseconds within the UInt32 the log keeps them in (49 days). */
const milliseconds = (value: number) => Math.min(0xffff_ffff, Math.max(0, Math.round(value)));

/** The generation's metadata record for the log (no prompt or completion text). */
export function buildGenerationRecord(outcome: GenerationOutcome): GenerationRecord {
  const facts = outcome.model.switchboard;
  const simulated = outcome.simulated;
  const country = simulated?.billingCountry ?? outcome.auth.account.billingCountry;
  return {
    schema_version: 4,
    id: outcome.id,
    request_id: outcome.requestId,
    created_at: new Date(outcome.createdAtMs).toISOString(),
    api_type: outcome.apiType,
    account_id: outcome.auth.account.id,
    key_hash: outcome.auth.key?.hash ?? '',
    key_name: outcome.auth.key?.name ?? 'anonymous',
    app_id: outcome.app?.appId ?? null,
    app_name: outcome.app?.appName ?? null,
    http_referer: outcome.app?.httpReferer ?? null,
    user_agent: outcome.userAgent,
    external_user: outcome.request.user ?? null,
    session_id: outcome.request.sessionId ?? null,
    requested_model: outcome.requestedModel,
    model: outcome.model.id,
    model_permaslug: outcome.model.canonical_slug,
    author: facts.author,
    open_weights: facts.open_weights,
    origin: facts.origin,
    size_bucket: facts.size_bucket,
    parameters_total: facts.parameters_total,
    reasoning_model: facts.reasoning === true || facts.reasoning_default === true,
    provider_name: outcome.endpoint?.providerName ?? null,
    provider_slug: outcome.endpoint?.providerId ?? null,
    endpoint_id: outcome.endpoint?.id ?? null,
    upstream_id: outcome.upstreamId,
    provider_responses: outcome.attempts,
    streamed: outcome.streamed,
    cancelled: outcome.cancelled,
    status: outcome.status,
    error_code: outcome.errorCode,
    finish_reason: outcome.finishReason,
    native_finish_reason: outcome.nativeFinishReason,
    tokens_prompt: outcome.usage.promptTokens,
    tokens_completion: outcome.usage.completionTokens,
    native_tokens_prompt: outcome.usage.promptTokens,
    native_tokens_completion: outcome.usage.completionTokens,
    native_tokens_reasoning: outcome.usage.reasoningTokens,
    native_tokens_cached: outcome.usage.cachedTokens,
    native_tokens_cache_write: outcome.usage.cacheWriteTokens,
    total_cost: outcome.cost.total,
    total_cost_nano: outcome.cost.totalNano,
    cache_discount: outcome.cost.cacheDiscount,
    upstream_inference_cost: outcome.isByok ? outcome.cost.total : null,
    is_byok: outcome.isByok,
    usage_anomaly: outcome.usageAnomaly,
    unbilled_cost_nano: outcome.unbilledNano,
    tools_given: outcome.request.tools?.length ?? 0,
    tool_calls_made: outcome.toolCallsMade,
    message_count: outcome.request.messages.length,
    latency: milliseconds(outcome.latencyMs),
    generation_time: milliseconds(outcome.generationTimeMs),
    time_to_first_token: outcome.timeToFirstTokenMs === null ? null : milliseconds(outcome.timeToFirstTokenMs),
    moderation_latency: null,
    billing_country: country,
    billing_continent: continentOf(country),
    prompt_language: simulated?.promptLanguage ?? outcome.annotation?.language ?? null,
    category: simulated?.category ?? outcome.annotation?.classification?.googlePath ?? null,
    category_confidence: simulated?.category ? 1 : (outcome.annotation?.classification?.confidence ?? null),
    preset_id: outcome.presetId ?? null,
    workspace_id: outcome.auth.key?.workspaceId ?? 'default',
    media_unit: outcome.usage.mediaUnits === undefined ? null : (outcome.endpoint?.pricing.unit?.unit ?? null),
    media_units: outcome.usage.mediaUnits ?? 0,
  };
}
