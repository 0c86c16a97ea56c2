import { attributeApp } from '../../accounts/attribute-app.js';
import type { ImportedGeneration } from '../complete-record.js';
import { booleanValue, numberValue, required, textValue } from './field-values.js';

/** The columns of OpenRouter's activity export (CSV), as the importer reads them. */
export const openRouterActivityColumns = [
  'generation_id',
  'created_at',
  'cost_total',
  'cost_web_search',
  'cost_cache',
  'cost_file_processing',
  'byok_usage_inference',
  'tokens_prompt',
  'tokens_completion',
  'tokens_reasoning',
  'tokens_cached',
  'model_permaslug',
  'provider_name',
  'app_name',
  'api_key_name',
  'streamed',
  'cancelled',
  'finish_reason_normalized',
  'finish_reason_raw',
  'generation_time_ms',
  'time_to_first_token_ms',
  'user',
  'variant',
] as const;

/** Throws unless the file has the export's identifying columns. */
export function checkOpenRouterActivityHeader(columns: readonly string[]): void {
  const missing = ['generation_id', 'created_at', 'model_permaslug', 'tokens_prompt', 'tokens_completion'].filter((column) => !columns.includes(column));
  if (missing.length > 0) throw new Error(`not an OpenRouter activity export: no ${missing.join(', ')} column`);
}

/**
 * One row of the activity export as a generation. created_at is UTC ('2025-06-01 12:34:56.789');
 * cost_total is what was charged; BYOK requests carry their provider cost in byok_usage_inference;
 * cost_cache, the generation's caching amount, is kept as its cache_discount (the generation API's
 * name for it); the app gets the id a live request from it would get (its name as X-Title), so the
 * app rankings (A17) count it.
 */
export function fromOpenRouterActivity(raw: Record<string, unknown>, row: number): ImportedGeneration {
  const model = required(textValue(raw.model_permaslug), 'model_permaslug', row);
  const variant = textValue(raw.variant);
  const byok = numberValue(raw.byok_usage_inference, 'byok_usage_inference', row);
  const ttft = numberValue(raw.time_to_first_token_ms, 'time_to_first_token_ms', row);
  const generation = numberValue(raw.generation_time_ms, 'generation_time_ms', row);
  const record: ImportedGeneration = {
    created_at: required(textValue(raw.created_at), 'created_at', row),
    model,
    model_permaslug: model,
    requested_model: variant && variant !== 'standard' ? `${model}:${variant}` : model,
    tokens_prompt: numberValue(raw.tokens_prompt, 'tokens_prompt', row) ?? 0,
    tokens_completion: numberValue(raw.tokens_completion, 'tokens_completion', row) ?? 0,
    native_tokens_reasoning: numberValue(raw.tokens_reasoning, 'tokens_reasoning', row) ?? 0,
    native_tokens_cached: numberValue(raw.tokens_cached, 'tokens_cached', row) ?? 0,
    total_cost: numberValue(raw.cost_total, 'cost_total', row) ?? 0,
    is_byok: (byok ?? 0) > 0,
    upstream_inference_cost: byok !== null && byok > 0 ? byok : null,
    streamed: booleanValue(raw.streamed, 'streamed', row) ?? false,
    cancelled: booleanValue(raw.cancelled, 'cancelled', row) ?? false,
    generation_time: generation ?? 0,
    latency: (ttft ?? 0) + (generation ?? 0),
    time_to_first_token: ttft,
  };
  const id = textValue(raw.generation_id);
  if (id) record.id = id;
  const provider = textValue(raw.provider_name);
  if (provider) record.provider_name = provider;
  const app = textValue(raw.app_name);
  if (app) {
    const attribution = attributeApp({ title: app })!;
    record.app_name = attribution.appName;
    record.app_id = attribution.appId;
  }
  const cache = numberValue(raw.cost_cache, 'cost_cache', row);
  if (cache !== null) record.cache_discount = cache;
  const key = textValue(raw.api_key_name);
  if (key) record.key_name = key;
  const finish = textValue(raw.finish_reason_normalized);
  if (finish) record.finish_reason = finish;
  const native = textValue(raw.finish_reason_raw);
  if (native) record.native_finish_reason = native;
  const user = textValue(raw.user);
  if (user) record.external_user = user;
  return record;
}
