import { computeCost } from '../accounting/compute-cost.js';
import { parsePricing, toNanoDollars } from '../accounting/pricing.js';
import type { CatalogModel } from '../catalog/catalog-model.js';
import type { ModelCatalog } from '../catalog/model-catalog.js';
import { continentOf } from '../geography/country-continent.js';
import { normaliseFinishReason } from '../spec/finish-reason.js';
import type { GenerationRecord } from '../spec/generation-record.js';

/** What an imported row must and may say about a generation; the rest is derived or defaulted. */
export type ImportedGeneration = Partial<Omit<GenerationRecord, 'created_at' | 'model' | 'tokens_prompt' | 'tokens_completion'>> & {
  /** ISO-8601, or 'YYYY-MM-DD hh:mm:ss[.sss]' in UTC. */
  created_at: string;
  model: string;
  tokens_prompt: number;
  tokens_completion: number;
};

export interface ImportDefaults {
  accountId: string;
  billingCountry: string | null;
  /** Identifies the source, for generated ids (file hash). */
  source: string;
}

/** The catalog model for an imported id or permaslug ('openai/gpt-4o-mini-2024-07-18'), or undefined. */
export function findCatalogModel(catalog: ModelCatalog, id: string): CatalogModel | undefined {
  const bare = id.replace(/:[a-z]+$/, '');
  return catalog.resolve(bare)?.model ?? catalog.resolve(bare.replace(/-(\d{4}-\d{2}-\d{2}|\d{8}|\d{4})$/, ''))?.model;
}

function isoTime(text: string, row: number): string {
  const normalized = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(text) && !/[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? `${text.replace(' ', 'T')}Z` : text;
  const time = Date.parse(normalized);
  if (Number.isNaN(time)) throw new ImportRowError(row, `created_at "${text}" is not a time`);
  return new Date(time).toISOString();
}

export class ImportRowError extends Error {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(`row ${row}: ${message}`);
  }
}

function count(value: number | undefined | null, field: string, row: number): number {
  if (value === undefined || value === null) return 0;
  if (!Number.isFinite(value) || value < 0) throw new ImportRowError(row, `${field} must be a non-negative number, got ${value}`);
  return Math.round(value);
}

/**
 * A full generation record from an imported row: catalog facts for known models (author, open
 * weights, origin, size, reasoning), the continent of the billing country, and — only when the
 * row has no cost — the cost at the catalog's price. Models not in the catalog keep their id,
 * with the author taken from it and the other facts unknown (null), never guessed.
 */
export function completeRecord(row: ImportedGeneration, rowNumber: number, catalog: ModelCatalog, defaults: ImportDefaults): GenerationRecord {
  if (!row.model) throw new ImportRowError(rowNumber, 'model is missing');
  const createdAt = isoTime(row.created_at, rowNumber);
  const model = findCatalogModel(catalog, row.model);
  const promptTokens = count(row.tokens_prompt, 'tokens_prompt', rowNumber);
  const completionTokens = count(row.tokens_completion, 'tokens_completion', rowNumber);
  const reasoningTokens = count(row.native_tokens_reasoning, 'native_tokens_reasoning', rowNumber);
  const cachedTokens = count(row.native_tokens_cached, 'native_tokens_cached', rowNumber);
  const finishReason = row.finish_reason ? normaliseFinishReason(row.finish_reason) : null;
  let totalCost = row.total_cost ?? null;
  let cacheDiscount = row.cache_discount ?? 0;
  if (totalCost === null) {
    if (model) {
      const cost = computeCost(
        parsePricing(model.pricing),
        { promptTokens, completionTokens, reasoningTokens, cachedTokens, cacheWriteTokens: count(row.native_tokens_cache_write, 'native_tokens_cache_write', rowNumber) },
        finishReason,
      );
      totalCost = cost.total;
      cacheDiscount = cost.cacheDiscount;
    } else {
      totalCost = 0;
    }
  }
  const country = row.billing_country ?? defaults.billingCountry;
  const seconds = Math.floor(Date.parse(createdAt) / 1000);
  const id = row.id ?? `gen-${seconds}-imp${rowNumber.toString(36)}${defaults.source.slice(0, 14)}`;
  const facts = model?.switchboard;
  return {
    schema_version: 4,
    id,
    request_id: row.request_id ?? id,
    created_at: createdAt,
    api_type: row.api_type ?? 'completions',
    account_id: row.account_id ?? defaults.accountId,
    key_hash: row.key_hash ?? '',
    key_name: row.key_name ?? '',
    app_id: row.app_id ?? null,
    app_name: row.app_name ?? null,
    http_referer: row.http_referer ?? null,
    user_agent: row.user_agent ?? null,
    external_user: row.external_user ?? null,
    session_id: row.session_id ?? null,
    requested_model: row.requested_model ?? row.model,
    model: model?.id ?? row.model,
    model_permaslug: row.model_permaslug ?? model?.canonical_slug ?? row.model,
    author: row.author ?? facts?.author ?? row.model.split('/')[0] ?? 'unknown',
    open_weights: row.open_weights ?? facts?.open_weights ?? null,
    origin: row.origin ?? facts?.origin ?? null,
    size_bucket: row.size_bucket ?? facts?.size_bucket ?? null,
    parameters_total: row.parameters_total ?? facts?.parameters_total ?? null,
    reasoning_model: row.reasoning_model ?? (facts?.reasoning === true || facts?.reasoning_default === true),
    provider_name: row.provider_name ?? null,
    provider_slug: row.provider_slug ?? (row.provider_name ? row.provider_name.toLowerCase().replace(/[^a-z0-9]+/g, '-') : null),
    endpoint_id: row.endpoint_id ?? null,
    upstream_id: row.upstream_id ?? null,
    provider_responses: row.provider_responses ?? [],
    streamed: row.streamed ?? false,
    cancelled: row.cancelled ?? false,
    status: row.status ?? (finishReason === 'error' ? 502 : 200),
    error_code: row.error_code ?? null,
    finish_reason: finishReason,
    native_finish_reason: row.native_finish_reason ?? row.finish_reason ?? null,
    tokens_prompt: promptTokens,
    tokens_completion: completionTokens,
    native_tokens_prompt: count(row.native_tokens_prompt ?? promptTokens, 'native_tokens_prompt', rowNumber),
    native_tokens_completion: count(row.native_tokens_completion ?? completionTokens, 'native_tokens_completion', rowNumber),
    native_tokens_reasoning: reasoningTokens,
    native_tokens_cached: cachedTokens,
    native_tokens_cache_write: count(row.native_tokens_cache_write, 'native_tokens_cache_write', rowNumber),
    total_cost: totalCost,
    total_cost_nano: toNanoDollars(totalCost),
    cache_discount: cacheDiscount,
    upstream_inference_cost: row.upstream_inference_cost ?? null,
    is_byok: row.is_byok ?? false,
    usage_anomaly: row.usage_anomaly ?? null,
    unbilled_cost_nano: row.unbilled_cost_nano ?? 0,
    tools_given: count(row.tools_given, 'tools_given', rowNumber),
    tool_calls_made: count(row.tool_calls_made ?? (finishReason === 'tool_calls' ? 1 : 0), 'tool_calls_made', rowNumber),
    message_count: count(row.message_count, 'message_count', rowNumber),
    latency: count(row.latency, 'latency', rowNumber),
    generation_time: count(row.generation_time, 'generation_time', rowNumber),
    time_to_first_token: row.time_to_first_token ?? null,
    moderation_latency: row.moderation_latency ?? null,
    billing_country: country,
    billing_continent: row.billing_continent ?? continentOf(country),
    prompt_language: row.prompt_language ?? null,
    category: row.category ?? null,
    category_confidence: row.category_confidence ?? (row.category ? 1 : null),
    preset_id: row.preset_id ?? null,
    workspace_id: row.workspace_id ?? 'default',
    media_unit: row.media_unit ?? null,
    media_units: row.media_units ?? 0,
  };
}
