import type { ReasoningDetail } from '../../spec/chat-message.js';
import type { TokenLogprob } from '../../spec/logprobs.js';
import type { GenerationResult, StreamPart } from '../../spec/stream-part.js';
import { renderError } from '../../errors/render-error.js';
import { renderUsage } from '../render-openrouter-usage.js';
import type { BilledUsage, ChunkRenderer, ResponseFormatter, ResponseIdentity, StreamEvent } from '../wire-format.js';

/** A whole chat.completion object in OpenRouter's shape. */
export function renderChatCompletion(identity: ResponseIdentity, result: GenerationResult, billed: BilledUsage): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content: result.content, refusal: null, reasoning: result.reasoning };
  if (result.reasoningDetails.length > 0) message.reasoning_details = result.reasoningDetails;
  if (result.toolCalls.length > 0) message.tool_calls = result.toolCalls;
  return {
    id: identity.id,
    provider: identity.provider,
    model: identity.model,
    object: 'chat.completion',
    created: identity.created,
    choices: [
      { index: 0, logprobs: result.logprobs ? { content: result.logprobs, refusal: null } : null, finish_reason: result.finishReason, native_finish_reason: result.nativeFinishReason, message },
    ],
    system_fingerprint: null,
    usage: renderUsage(billed),
  };
}

function chunk(identity: ResponseIdentity, choices: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: identity.id, provider: identity.provider, model: identity.model, object: 'chat.completion.chunk', created: identity.created, choices, ...extra };
}

function deltaChoice(delta: Record<string, unknown>, finishReason: string | null = null, nativeFinishReason: string | null = null, logprobs: readonly TokenLogprob[] | null = null) {
  return { index: 0, delta, finish_reason: finishReason, native_finish_reason: nativeFinishReason, logprobs: logprobs ? { content: logprobs, refusal: null } : null };
}

/**
 * Renders stream parts as chat.completion.chunk objects: a first chunk with the role, one chunk per
 * delta, a finish chunk, then (after the finish) one usage chunk with empty choices, then [DONE].
 */
export class ChatChunkRenderer implements ChunkRenderer {
  readonly endsWithDone = true;
  private sentRole = false;

  constructor(private readonly identity: ResponseIdentity) {}

  private withRole(delta: Record<string, unknown>): Record<string, unknown> {
    if (this.sentRole) return delta;
    this.sentRole = true;
    return { role: 'assistant', ...delta };
  }

  private one(data: Record<string, unknown>): StreamEvent[] {
    return [{ data }];
  }

  part(part: StreamPart): StreamEvent[] {
    switch (part.type) {
      case 'text-delta':
        return this.one(chunk(this.identity, [deltaChoice(this.withRole({ content: part.text }), null, null, part.logprobs ?? null)]));
      case 'reasoning-delta': {
        const delta: Record<string, unknown> = { content: '', reasoning: part.text };
        if (part.details?.length) delta.reasoning_details = part.details as ReasoningDetail[];
        return this.one(chunk(this.identity, [deltaChoice(this.withRole(delta))]));
      }
      case 'tool-call-delta': {
        const call: Record<string, unknown> = { index: part.index, function: { arguments: part.argumentsDelta } };
        if (part.id) call.id = part.id;
        if (part.id) call.type = 'function';
        if (part.name) (call.function as Record<string, unknown>).name = part.name;
        return this.one(chunk(this.identity, [deltaChoice(this.withRole({ content: null, tool_calls: [call] }))]));
      }
      default:
        return [];
    }
  }

  finish(finishReason: string | null, nativeFinishReason: string | null, billed: BilledUsage): StreamEvent[] {
    return [{ data: chunk(this.identity, [deltaChoice(this.withRole({ content: '' }), finishReason, nativeFinishReason)]) }, { data: chunk(this.identity, [], { usage: renderUsage(billed) }) }];
  }

  /** OpenRouter's mid-stream error: top-level error plus a choice with finish_reason "error". */
  error(error: unknown): StreamEvent[] {
    return this.one(chunk(this.identity, [deltaChoice({ content: '' }, 'error', null)], { ...renderError(error) }));
  }
}

export const chatCompletionFormatter: ResponseFormatter = {
  whole: renderChatCompletion,
  chunks: (identity) => new ChatChunkRenderer(identity),
};
