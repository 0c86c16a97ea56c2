import type { ReasoningDetail, ToolCall } from '../../spec/chat-message.js';
import { normaliseFinishReason, type FinishReason } from '../../spec/finish-reason.js';
import type { GenerationResult } from '../../spec/stream-part.js';
import { readUpstream } from '../http/upstream-schema.js';
import {
  responsesFunctionCallItemSchema,
  responsesMessageItemSchema,
  responsesObjectSchema,
  responsesReasoningFormat,
  responsesReasoningItemSchema,
  type ResponsesObject,
  type ResponsesReasoningItem,
} from './openai-responses-api.js';
import { convertResponsesUsage } from './convert-responses-usage.js';

/** The normalised finish of a response: tool calls, an incomplete reason, or stop. */
export function responsesFinishReason(response: Pick<ResponsesObject, 'status' | 'incomplete_details'>, hasToolCalls: boolean): { finishReason: FinishReason | null; native: string | null } {
  if (response.status === 'incomplete') {
    const reason = response.incomplete_details?.reason ?? 'incomplete';
    return { finishReason: normaliseFinishReason(reason) ?? 'length', native: reason };
  }
  if (response.status === 'failed') return { finishReason: 'error', native: 'failed' };
  if (hasToolCalls) return { finishReason: 'tool_calls', native: 'tool_calls' };
  return { finishReason: 'stop', native: response.status };
}

/** A reasoning output item → reasoning details (summaries and the encrypted content, keyed by the item id). */
export function reasoningItemDetails(item: ResponsesReasoningItem, index: number): ReasoningDetail[] {
  const details: ReasoningDetail[] = (item.summary ?? []).map((summary) => ({ type: 'reasoning.summary', summary: summary.text, id: item.id, format: responsesReasoningFormat, index }));
  if (item.encrypted_content) details.push({ type: 'reasoning.encrypted', data: item.encrypted_content, id: item.id, format: responsesReasoningFormat, index });
  return details;
}

/** A whole Responses object → result. */
export function convertResponsesResponse(providerName: string, body: unknown): GenerationResult {
  const response = readUpstream(responsesObjectSchema, body, providerName, 'response');
  let content = '';
  let hasText = false;
  let reasoning = '';
  const details: ReasoningDetail[] = [];
  const toolCalls: ToolCall[] = [];
  for (const [index, item] of response.output.entries()) {
    const where = `response output[${index}]`;
    if (item.type === 'message') {
      for (const part of readUpstream(responsesMessageItemSchema, item, providerName, where).content) {
        if (part.type === 'output_text') {
          content += part.text ?? '';
          hasText = true;
        }
      }
    } else if (item.type === 'function_call') {
      const call = readUpstream(responsesFunctionCallItemSchema, item, providerName, where);
      toolCalls.push({ id: call.call_id, type: 'function', function: { name: call.name, arguments: call.arguments ?? '' } });
    } else if (item.type === 'reasoning') {
      const thought = readUpstream(responsesReasoningItemSchema, item, providerName, where);
      reasoning += (thought.summary ?? []).map((summary) => summary.text).join('\n\n');
      details.push(...reasoningItemDetails(thought, index));
    }
  }
  const finish = responsesFinishReason(response, toolCalls.length > 0);
  return {
    upstreamId: response.id,
    content: hasText ? content : toolCalls.length > 0 ? null : '',
    reasoning: reasoning || null,
    reasoningDetails: details,
    toolCalls,
    finishReason: finish.finishReason,
    nativeFinishReason: finish.native,
    usage: convertResponsesUsage(response.usage ?? {}),
  };
}
