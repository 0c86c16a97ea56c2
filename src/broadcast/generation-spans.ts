import { createHash } from 'node:crypto';
import type { GenerationRecord } from '../spec/generation-record.js';
import type { ObservabilityDestination } from '../spec/observability-destination.js';

type AttributeValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean } | { arrayValue: { values: AttributeValue[] } };

interface Attribute {
  key: string;
  value: AttributeValue;
}

/** One OTLP attribute, or none when the value is absent. */
function attribute(key: string, value: string | number | boolean | string[] | null | undefined, kind: 'int' | 'double' = 'int'): Attribute[] {
  if (value === null || value === undefined || value === '') return [];
  if (Array.isArray(value)) return [{ key, value: { arrayValue: { values: value.map((item) => ({ stringValue: item })) } } }];
  if (typeof value === 'boolean') return [{ key, value: { boolValue: value } }];
  if (typeof value === 'number') return [{ key, value: kind === 'double' ? { doubleValue: value } : { intValue: String(value) } }];
  return [{ key, value: { stringValue: value } }];
}

/** Nanoseconds since the epoch, as OTLP's JSON writes 64-bit integers (a decimal string). */
function unixNanos(milliseconds: number): string {
  return (BigInt(Math.round(milliseconds)) * 1_000_000n).toString();
}

/** A trace id and span id from the generation id: the same span however often it is sent (receivers can deduplicate). */
function identifiers(generationId: string): { traceId: string; spanId: string } {
  const digest = createHash('sha256').update(generationId).digest('hex');
  return { traceId: digest.slice(0, 32), spanId: digest.slice(32, 48) };
}

/**
 * A finished generation as one OpenTelemetry span, with the GenAI semantic conventions
 * (`gen_ai.*`: operation, provider, request and response model, response id, finish reasons,
 * input and output tokens) and Switchboard's own (`switchboard.*`); cost, identity and request
 * context only when the destination asks for them. Never any prompt or completion text.
 */
export function generationSpan(record: GenerationRecord, destination: Pick<ObservabilityDestination, 'includeCost' | 'includeIdentity' | 'includeRequestContext'>, workspaceId: string) {
  const start = Date.parse(record.created_at);
  const operation = record.api_type === 'embeddings' ? 'embeddings' : 'chat';
  const failed = record.status >= 400 || record.finish_reason === 'error';
  const attributes: Attribute[] = [
    ...attribute('gen_ai.operation.name', operation),
    ...attribute('gen_ai.provider.name', record.provider_slug ?? record.provider_name),
    ...attribute('gen_ai.request.model', record.requested_model),
    ...attribute('gen_ai.response.model', record.model),
    ...attribute('gen_ai.response.id', record.id),
    ...attribute('gen_ai.response.finish_reasons', record.finish_reason ? [record.finish_reason] : null),
    ...attribute('gen_ai.usage.input_tokens', record.tokens_prompt),
    ...attribute('gen_ai.usage.output_tokens', record.tokens_completion),
    ...attribute('switchboard.generation.id', record.id),
    ...attribute('switchboard.request.id', record.request_id),
    ...attribute('switchboard.usage.reasoning_tokens', record.native_tokens_reasoning),
    ...attribute('switchboard.usage.cached_tokens', record.native_tokens_cached),
    ...attribute('switchboard.streamed', record.streamed),
    ...attribute('switchboard.cancelled', record.cancelled),
    ...attribute('switchboard.latency_ms', record.latency),
    ...attribute('switchboard.time_to_first_token_ms', record.time_to_first_token),
    ...attribute('switchboard.provider_attempts', record.provider_responses.length),
    ...attribute('http.response.status_code', record.status),
    ...attribute('error.type', record.error_code),
  ];
  if (destination.includeCost) {
    attributes.push(
      ...attribute('switchboard.cost.usd', record.total_cost_nano / 1e9, 'double'),
      ...attribute('switchboard.cost.nano_usd', record.total_cost_nano),
      ...attribute('switchboard.cost.cache_discount_usd', record.cache_discount, 'double'),
      ...attribute('switchboard.cost.upstream_usd', record.upstream_inference_cost, 'double'),
      ...attribute('switchboard.is_byok', record.is_byok),
    );
  }
  if (destination.includeIdentity) {
    attributes.push(
      ...attribute('switchboard.account.id', record.account_id),
      ...attribute('switchboard.workspace.id', workspaceId),
      ...attribute('switchboard.api_key.hash', record.key_hash),
      ...attribute('switchboard.api_key.name', record.key_name),
      ...attribute('enduser.id', record.external_user),
    );
  }
  if (destination.includeRequestContext) {
    attributes.push(
      ...attribute('gen_ai.conversation.id', record.session_id),
      ...attribute('switchboard.app.name', record.app_name),
      ...attribute('http.request.header.referer', record.http_referer),
      ...attribute('user_agent.original', record.user_agent),
      ...attribute('switchboard.prompt.language', record.prompt_language),
      ...attribute('switchboard.prompt.category', record.category),
    );
  }
  return {
    ...identifiers(record.id),
    name: `${operation} ${record.model}`,
    // SPAN_KIND_CLIENT: the gateway called a model.
    kind: 3,
    startTimeUnixNano: unixNanos(start),
    endTimeUnixNano: unixNanos(start + record.latency),
    attributes,
    // STATUS_CODE_ERROR (2) or OK (1).
    status: failed ? { code: 2, message: record.error_code ?? 'error' } : { code: 1 },
  };
}

/** OTLP/HTTP's JSON export request for a batch of spans (ExportTraceServiceRequest). */
export function exportTraceRequest(spans: ReturnType<typeof generationSpan>[], serviceVersion: string) {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [...attribute('service.name', 'switchboard'), ...attribute('service.version', serviceVersion), ...attribute('telemetry.sdk.name', 'switchboard-broadcast')],
        },
        scopeSpans: [{ scope: { name: 'switchboard.broadcast', version: serviceVersion }, spans }],
      },
    ],
  };
}
