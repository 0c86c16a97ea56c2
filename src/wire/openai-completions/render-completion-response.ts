import { renderError } from '../../errors/render-error.js';
import type { GenerationResult, StreamPart } from '../../spec/stream-part.js';
import { renderUsage } from '../render-openrouter-usage.js';
import type { BilledUsage, ChunkRenderer, ResponseFormatter, ResponseIdentity, StreamEvent } from '../wire-format.js';

function completion(identity: ResponseIdentity, choices: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: identity.id, provider: identity.provider, model: identity.model, object: 'text_completion', created: identity.created, choices, ...extra };
}

function choice(text: string, finishReason: string | null = null, nativeFinishReason: string | null = null, reasoning?: string | null) {
  return { index: 0, text, ...(reasoning ? { reasoning } : {}), logprobs: null, finish_reason: finishReason, native_finish_reason: nativeFinishReason };
}

/** A whole text_completion object (legacy Completions) with OpenRouter's usage. */
export function renderTextCompletion(identity: ResponseIdentity, result: GenerationResult, billed: BilledUsage): Record<string, unknown> {
  return completion(identity, [choice(result.content ?? '', result.finishReason, result.nativeFinishReason, result.reasoning)], { system_fingerprint: null, usage: renderUsage(billed) });
}

/** Legacy Completions chunks: one text_completion object per text delta, then finish and usage, or an error chunk; then [DONE]. */
export class TextCompletionChunkRenderer implements ChunkRenderer {
  readonly endsWithDone = true;

  constructor(private readonly identity: ResponseIdentity) {}

  part(part: StreamPart): StreamEvent[] {
    if (part.type === 'text-delta') return [{ data: completion(this.identity, [choice(part.text)]) }];
    if (part.type === 'reasoning-delta') return [{ data: completion(this.identity, [choice('', null, null, part.text)]) }];
    return [];
  }

  finish(finishReason: string | null, nativeFinishReason: string | null, billed: BilledUsage): StreamEvent[] {
    return [{ data: completion(this.identity, [choice('', finishReason, nativeFinishReason)]) }, { data: completion(this.identity, [], { usage: renderUsage(billed) }) }];
  }

  error(error: unknown): StreamEvent[] {
    return [{ data: completion(this.identity, [choice('', 'error')], { ...renderError(error) }) }];
  }
}

export const textCompletionFormatter: ResponseFormatter = {
  whole: renderTextCompletion,
  chunks: (identity) => new TextCompletionChunkRenderer(identity),
};
