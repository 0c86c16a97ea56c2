import { GatewayError } from '../../errors/gateway-error.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { ServerSentEvent } from '../http/parse-server-sent-events.js';
import type { StreamConverter } from '../http/provider-protocol.js';
import { invalidResponse, midStreamError } from '../http/upstream-errors.js';
import { readUpstream, readUpstreamJson } from '../http/upstream-schema.js';
import { responsesEventSchemas, responsesFunctionCallItemSchema, responsesReasoningFormat, responsesReasoningItemSchema, type ResponsesObject } from './openai-responses-api.js';
import { reasoningItemDetails, responsesFinishReason } from './convert-responses-response.js';
import { convertResponsesUsage } from './convert-responses-usage.js';

/**
 * Responses stream events → stream parts: text deltas, function calls (opened by
 * output_item.added with their call id and name, then argument deltas), reasoning summary deltas,
 * the encrypted reasoning of a finished reasoning item, and usage from response.completed (or
 * .incomplete). A failed response or an error event is an error.
 */
export class ResponsesStreamConverter implements StreamConverter {
  done = false;
  private final: ResponsesObject | null = null;
  /** Output index → tool call index. */
  private readonly toolIndexes = new Map<number, number>();
  private readonly argumentsSeen = new Set<number>();

  constructor(private readonly providerName: string) {}

  push(event: ServerSentEvent): StreamPart[] {
    const name = this.providerName;
    const data = readUpstreamJson(responsesEventSchemas.any, event.data, name, 'stream event');
    switch (data.type) {
      case 'response.created': {
        const { response } = readUpstream(responsesEventSchemas.created, data, name, data.type);
        return [{ type: 'response-metadata', upstreamId: response.id, ...(response.model ? { model: response.model } : {}) }];
      }
      case 'response.output_item.added': {
        const { item, output_index: outputIndex } = readUpstream(responsesEventSchemas.item, data, name, data.type);
        if (item.type !== 'function_call') return [];
        const call = readUpstream(responsesFunctionCallItemSchema, item, name, data.type);
        const index = this.toolIndexes.size;
        this.toolIndexes.set(outputIndex, index);
        if (call.arguments) this.argumentsSeen.add(outputIndex);
        return [{ type: 'tool-call-delta', index, id: call.call_id, name: call.name, argumentsDelta: call.arguments ?? '' }];
      }
      case 'response.output_text.delta': {
        const { delta } = readUpstream(responsesEventSchemas.textDelta, data, name, data.type);
        return delta ? [{ type: 'text-delta', text: delta }] : [];
      }
      case 'response.function_call_arguments.delta': {
        const { output_index: outputIndex, delta } = readUpstream(responsesEventSchemas.argumentsDelta, data, name, data.type);
        const index = this.toolIndexes.get(outputIndex);
        if (index === undefined) throw invalidResponse(name, `function call arguments for output ${outputIndex} before the call`);
        this.argumentsSeen.add(outputIndex);
        return delta ? [{ type: 'tool-call-delta', index, argumentsDelta: delta }] : [];
      }
      case 'response.reasoning_summary_text.delta': {
        const { delta, item_id: id, output_index: index } = readUpstream(responsesEventSchemas.summaryDelta, data, name, data.type);
        return [{ type: 'reasoning-delta', text: delta, details: [{ type: 'reasoning.summary', summary: delta, id, format: responsesReasoningFormat, index }] }];
      }
      case 'response.output_item.done': {
        const { item, output_index: outputIndex } = readUpstream(responsesEventSchemas.item, data, name, data.type);
        if (item.type === 'reasoning') {
          const thought = readUpstream(responsesReasoningItemSchema, item, name, data.type);
          return thought.encrypted_content ? [{ type: 'reasoning-delta', text: '', details: reasoningItemDetails({ ...thought, summary: [] }, outputIndex) }] : [];
        }
        if (item.type === 'function_call' && !this.argumentsSeen.has(outputIndex)) {
          const call = readUpstream(responsesFunctionCallItemSchema, item, name, data.type);
          const index = this.toolIndexes.get(outputIndex);
          if (index !== undefined && call.arguments) return [{ type: 'tool-call-delta', index, argumentsDelta: call.arguments }];
        }
        return [];
      }
      case 'response.completed':
      case 'response.incomplete':
        this.final = readUpstream(responsesEventSchemas.withResponse, data, name, data.type).response;
        this.done = true;
        return [];
      case 'response.failed': {
        const error = readUpstream(responsesEventSchemas.failed, data, name, data.type).response.error;
        throw midStreamError(name, `${error?.code ?? 'failed'}: ${error?.message ?? ''}`, event.data, error?.code === 'rate_limit_exceeded' ? 'rate_limited' : 'error');
      }
      case 'error': {
        const error = readUpstream(responsesEventSchemas.error, data, name, data.type);
        throw midStreamError(name, `${error.code ?? 'error'}: ${error.message ?? ''}`, event.data);
      }
      default:
        return [];
    }
  }

  end(): StreamPart[] {
    if (!this.final) throw new GatewayError('upstream_invalid_response', `${this.providerName} ended the stream before response.completed`, { metadata: { provider_name: this.providerName } });
    const finish = responsesFinishReason(this.final, this.toolIndexes.size > 0);
    return [{ type: 'finish', finishReason: finish.finishReason, nativeFinishReason: finish.native, usage: convertResponsesUsage(this.final.usage ?? {}) }];
  }
}
