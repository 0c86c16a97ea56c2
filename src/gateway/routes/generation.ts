import { GatewayError } from '../../errors/gateway-error.js';
import type { GenerationRecord } from '../../spec/generation-record.js';
import type { GatewayServices } from '../gateway-services.js';
import type { Route } from '../http/route-table.js';

/** A stored record in the field names of OpenRouter's GET /api/v1/generation. */
export function renderGenerationRecord(record: GenerationRecord): Record<string, unknown> {
  return {
    id: record.id,
    request_id: record.request_id,
    total_cost: record.total_cost,
    cache_discount: record.cache_discount,
    upstream_inference_cost: record.upstream_inference_cost,
    created_at: record.created_at,
    model: record.model,
    model_permaslug: record.model_permaslug,
    app_id: record.app_id,
    streamed: record.streamed,
    cancelled: record.cancelled,
    provider_name: record.provider_name,
    latency: record.latency,
    moderation_latency: record.moderation_latency,
    generation_time: record.generation_time,
    finish_reason: record.finish_reason,
    native_finish_reason: record.native_finish_reason,
    tokens_prompt: record.tokens_prompt,
    tokens_completion: record.tokens_completion,
    native_tokens_prompt: record.native_tokens_prompt,
    native_tokens_completion: record.native_tokens_completion,
    native_tokens_completion_images: 0,
    native_tokens_reasoning: record.native_tokens_reasoning,
    native_tokens_cached: record.native_tokens_cached,
    native_tokens_cache_write: record.native_tokens_cache_write,
    num_media_prompt: null,
    // Images a generation made (an image request's units).
    num_media_completion: record.media_unit === 'image' ? record.media_units : null,
    num_input_audio_prompt: null,
    num_search_results: null,
    origin: record.http_referer ?? '',
    usage: record.total_cost,
    is_byok: record.is_byok,
    upstream_id: record.upstream_id,
    external_user: record.external_user,
    api_type: record.api_type,
    http_referer: record.http_referer,
    user_agent: record.user_agent,
    session_id: record.session_id,
    provider_responses: record.provider_responses,
    router: null,
    service_tier: null,
    // No data-region routing: every generation is served as OpenRouter's `global` region.
    data_region: 'global',
    num_fetches: null,
    web_search_engine: null,
    preset_id: record.preset_id,
    workspace_id: record.workspace_id,
  };
}

/** GET /api/v1/generation?id=…: the generation's record, for the account that made it. */
export function generationRoutes(services: GatewayServices): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/generation',
      access: 'account',
      handler: async (exchange) => {
        const auth = exchange.principal;
        const id = exchange.query.get('id');
        if (!id) throw new GatewayError('invalid_request', 'id: query parameter is required (GET /api/v1/generation?id=gen-…)', { metadata: { param: 'id' } });
        const record = await services.generationLog.get(id, auth.account.id);
        if (!record) throw new GatewayError('not_found', `Generation ${id} not found`);
        exchange.sendJson(200, { data: renderGenerationRecord(record) });
      },
    },
  ];
}
