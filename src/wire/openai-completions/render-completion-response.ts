import { renderError } from '../../errors/render-error.js';
import type { TokenLogprob } from '../../spec/logprobs.js';
import type { GenerationResult, StreamPart } from '../../spec/stream-part.js';
import { renderUsage } from '../render-openrouter-usage.js';
import type { BilledUsage, ChunkRenderer, ResponseFormatter, ResponseIdentity, StreamEvent } from '../wire-format.js';

function completion(identity: ResponseIdentity, choices: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: identity.id, provider: identity.provider, model: identity.model, object: 'text_completion', created: identity.created, choices, ...extra };
}

/** Log probabilities in the legacy Completions shape: parallel lists, alternatives as token → log probability, each token's offset in the text. */
function legacyLogprobs(entries: readonly TokenLogprob[], startOffset: number): Record<string, unknown> {
  const offsets: number[] = [];
  let offset = startOffset;
  for (const entry of entries) {
    offsets.push(offset);
    offset += entry.token.length;
  }
  return {
    tokens: entries.map((entry) => entry.token),
    token_logprobs: entries.map((entry) => entry.logprob),
    top_logprobs: entries.map((entry) => Object.fromEntries(entry.top_logprobs.map((top) => [top.token, top.logprob]))),
    text_offset: offsets,
  };
}

function choice(text: string, finishReason: string | null = null, nativeFinishReason: string | null = null, reasoning?: string | null, logprobs: Record<string, unknown> | null = null) {
  return { index: 0, text, ...(reasoning ? { reasoning } : {}), logprobs, finish_reason: finishReason, native_finish_reason: nativeFinishReason };
}

/** A whole text_completion object (legacy Completions) with OpenRouter's usage. */
export function renderTextCompletion(identity: ResponseIdentity, result: GenerationResult, billed: BilledUsage): Record<string, unknown> {
  const logprobs = result.logprobs ? legacyLogprobs(result.logprobs, 0) : null;
  return completion(identity, [choice(result.content ?? '', result.finishReason, result.nativeFinishReason, result.reasoning, logprobs)], { system_fingerprint: null, usage: renderUsage(billed) });
}

/** Legacy Completions chunks: one text_completion object per text delta, then finish and usage, or an error chunk; then [DONE]. */
export class TextCompletionChunkRenderer implements ChunkRenderer {
  readonly endsWithDone = true;
  /** Characters of text sent so far (the next token's text_offset). */
  private sent = 0;

  constructor(private readonly identity: ResponseIdentity) {}

  part(part: StreamPart): StreamEvent[] {
    if (part.type === 'text-delta') {
      const logprobs = part.logprobs ? legacyLogprobs(part.logprobs, this.sent) : null;
      this.sent += part.text.length;
      return [{ data: completion(this.identity, [choice(part.text, null, null, null, logprobs)]) }];
    }
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
