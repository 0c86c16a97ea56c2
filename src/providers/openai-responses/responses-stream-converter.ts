import { GatewayError } from '../../errors/gateway-error.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { ServerSentEvent } from '../http/parse-server-sent-events.js';
import type { StreamConverter } from '../http/provider-protocol.js';
import { invalidResponse, midStreamError } from '../http/upstream-errors.js';
import { responsesReasoningFormat, type ResponsesObject, type ResponsesOutputItem } from './openai-responses-api.js';
import { reasoningItemDetails, responsesFinishReason } from './convert-responses-response.js';
import { convertResponsesUsage } from './convert-responses-usage.js';

type ResponsesEvent =
  | { type: 'response.created' | 'response.in_progress'; response: ResponsesObject }
  | { type: 'response.completed' | 'response.incomplete' | 'response.failed'; response: ResponsesObject }
  | { type: 'response.output_item.added' | 'response.output_item.done'; output_index: number; item: ResponsesOutputItem }
  | { type: 'response.output_text.delta'; output_index: number; delta: string }
  | { type: 'response.function_call_arguments.delta'; output_index: number; item_id: string; delta: string }
  | { type: 'response.reasoning_summary_text.delta'; output_index: number; item_id: string; summary_index: number; delta: string }
  | { type: 'error'; code?: string; message?: string }
  | { type: string };

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
    let data: ResponsesEvent;
    try {
      data = JSON.parse(event.data) as ResponsesEvent;
    } catch {
      throw invalidResponse(this.providerName, `stream event is not JSON: ${event.data.slice(0, 200)}`);
    }
    switch (data.type) {
      case 'response.created': {
        const response = (data as { response: ResponsesObject }).response;
        return [{ type: 'response-metadata', upstreamId: response.id, ...(response.model ? { model: response.model } : {}) }];
      }
      case 'response.output_item.added': {
        const { item, output_index: outputIndex } = data as { item: ResponsesOutputItem; output_index: number };
        if (item.type !== 'function_call') return [];
        const index = this.toolIndexes.size;
        this.toolIndexes.set(outputIndex, index);
        if (item.arguments) this.argumentsSeen.add(outputIndex);
        return [{ type: 'tool-call-delta', index, id: item.call_id, name: item.name, argumentsDelta: item.arguments ?? '' }];
      }
      case 'response.output_text.delta': {
        const delta = (data as { delta: string }).delta;
        return delta ? [{ type: 'text-delta', text: delta }] : [];
      }
      case 'response.function_call_arguments.delta': {
        const { output_index: outputIndex, delta } = data as { output_index: number; delta: string };
        const index = this.toolIndexes.get(outputIndex);
        if (index === undefined) throw invalidResponse(this.providerName, `function call arguments for output ${outputIndex} before the call`);
        this.argumentsSeen.add(outputIndex);
        return delta ? [{ type: 'tool-call-delta', index, argumentsDelta: delta }] : [];
      }
      case 'response.reasoning_summary_text.delta': {
        const { delta, item_id: id, output_index: index } = data as { delta: string; item_id: string; output_index: number };
        return [{ type: 'reasoning-delta', text: delta, details: [{ type: 'reasoning.summary', summary: delta, id, format: responsesReasoningFormat, index }] }];
      }
      case 'response.output_item.done': {
        const { item, output_index: outputIndex } = data as { item: ResponsesOutputItem; output_index: number };
        if (item.type === 'reasoning' && item.encrypted_content) {
          return [{ type: 'reasoning-delta', text: '', details: reasoningItemDetails({ ...item, summary: [] }, outputIndex) }];
        }
        if (item.type === 'function_call' && !this.argumentsSeen.has(outputIndex)) {
          const index = this.toolIndexes.get(outputIndex);
          if (index !== undefined && item.arguments) return [{ type: 'tool-call-delta', index, argumentsDelta: item.arguments }];
        }
        return [];
      }
      case 'response.completed':
      case 'response.incomplete':
        this.final = (data as { response: ResponsesObject }).response;
        this.done = true;
        return [];
      case 'response.failed': {
        const error = (data as { response: ResponsesObject }).response.error;
        throw midStreamError(this.providerName, `${error?.code ?? 'failed'}: ${error?.message ?? ''}`, event.data, error?.code === 'rate_limit_exceeded' ? 'rate_limited' : 'error');
      }
      case 'error': {
        const error = data as { code?: string; message?: string };
        throw midStreamError(this.providerName, `${error.code ?? 'error'}: ${error.message ?? ''}`, event.data);
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
