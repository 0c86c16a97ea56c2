import type { ReasoningDetail, ToolCall } from '../../spec/chat-message.js';
import { normaliseFinishReason, type FinishReason } from '../../spec/finish-reason.js';
import type { GenerationResult } from '../../spec/stream-part.js';
import { invalidResponse } from '../http/upstream-errors.js';
import { readUpstream } from '../http/upstream-schema.js';
import { geminiReasoningFormat, geminiResponseSchema, type GeminiAnswerPart } from './gemini-api.js';
import { convertGeminiUsage } from './convert-gemini-usage.js';

/** A tool call id for a Gemini function call (Gemini's own when it sends one). */
export function geminiToolCallId(responseId: string | null | undefined, index: number, call: { id?: string | null | undefined }): string {
  return call.id ?? `call_${(responseId ?? 'gemini').slice(0, 16)}_${index}`;
}

/** Gemini's finish reason, normalised; a response with tool calls finishes with tool_calls (Gemini says STOP). */
export function geminiFinishReason(native: string | null, hasToolCalls: boolean): FinishReason | null {
  const normalised = normaliseFinishReason(native);
  return hasToolCalls && normalised === 'stop' ? 'tool_calls' : normalised;
}

/** One part → what it adds: text, a thought, a function call (with its signature as a reasoning detail). */
export interface ConvertedGeminiPart {
  call?: ToolCall;
  thought?: string;
  text?: string;
  details: ReasoningDetail[];
}

export function convertGeminiPart(part: GeminiAnswerPart, toolIndex: number, responseId: string | null | undefined, partIndex: number): ConvertedGeminiPart {
  if (part.functionCall) {
    const id = geminiToolCallId(responseId, toolIndex, part.functionCall);
    const call: ToolCall = { id, type: 'function', function: { name: part.functionCall.name, arguments: JSON.stringify(part.functionCall.args ?? {}) } };
    const details: ReasoningDetail[] = part.thoughtSignature ? [{ type: 'reasoning.encrypted', data: part.thoughtSignature, id, format: geminiReasoningFormat, index: partIndex }] : [];
    return { call, details };
  }
  if (part.thought && part.text !== undefined) {
    const details: ReasoningDetail[] = [{ type: 'reasoning.text', text: part.text, format: geminiReasoningFormat, index: partIndex }];
    if (part.thoughtSignature) details.push({ type: 'reasoning.encrypted', data: part.thoughtSignature, format: geminiReasoningFormat, index: partIndex });
    return { thought: part.text, details };
  }
  const details: ReasoningDetail[] = part.thoughtSignature ? [{ type: 'reasoning.encrypted', data: part.thoughtSignature, format: geminiReasoningFormat, index: partIndex }] : [];
  return { text: part.text ?? '', details };
}

/** A whole generateContent response → result. A prompt blocked before any candidate ends in content_filter. */
export function convertGeminiResponse(providerName: string, body: unknown): GenerationResult {
  const response = readUpstream(geminiResponseSchema, body, providerName, 'generateContent response');
  const candidate = response.candidates?.[0];
  if (!candidate) {
    const blocked = response.promptFeedback?.blockReason;
    if (!blocked) throw invalidResponse(providerName, `no candidates in ${JSON.stringify(body).slice(0, 200)}`);
    return {
      upstreamId: response.responseId ?? null,
      content: '',
      reasoning: null,
      reasoningDetails: [],
      toolCalls: [],
      finishReason: 'content_filter',
      nativeFinishReason: blocked,
      usage: convertGeminiUsage(response.usageMetadata ?? {}),
    };
  }
  let content = '';
  let hasText = false;
  let reasoning = '';
  const details: ReasoningDetail[] = [];
  const toolCalls: ToolCall[] = [];
  for (const [index, part] of (candidate.content?.parts ?? []).entries()) {
    const converted = convertGeminiPart(part, toolCalls.length, response.responseId, index);
    if (converted.call) toolCalls.push(converted.call);
    if (converted.thought !== undefined) reasoning += converted.thought;
    if (converted.text !== undefined && !converted.call) {
      content += converted.text;
      hasText ||= converted.text !== '';
    }
    details.push(...converted.details);
  }
  const native = candidate.finishReason ?? null;
  return {
    upstreamId: response.responseId ?? null,
    content: hasText ? content : toolCalls.length > 0 ? null : '',
    reasoning: reasoning || null,
    reasoningDetails: details,
    toolCalls,
    finishReason: geminiFinishReason(native, toolCalls.length > 0),
    nativeFinishReason: native,
    usage: convertGeminiUsage(response.usageMetadata ?? {}),
  };
}
