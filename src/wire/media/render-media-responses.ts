import type { TranscriptionResult } from '../../providers/media-call.js';

/** The cost fields every media answer's usage carries: OpenRouter's `cost` and `is_byok`. */
interface Billed {
  cost: number;
  isByok: boolean;
}

/** OpenRouter's rerank answer: results most relevant first, each with its document; usage in search units. */
export function renderRerankResponse(
  input: Billed & {
    id: string;
    model: string;
    provider: string;
    documents: readonly string[];
    results: readonly { index: number; relevanceScore: number }[];
    searchUnits: number;
    totalTokens: number;
  },
) {
  return {
    id: input.id,
    model: input.model,
    provider: input.provider,
    results: input.results.map((result) => ({ index: result.index, relevance_score: result.relevanceScore, document: { text: input.documents[result.index] } })),
    usage: { search_units: input.searchUnits, total_tokens: input.totalTokens, cost: input.cost, is_byok: input.isByok },
  };
}

/** OpenRouter's image answer (OpenAI's too): base64 images with their type, usage with the cost. */
export function renderImageResponse(input: Billed & { createdSeconds: number; images: readonly { base64: string; mediaType: string | null }[]; promptTokens: number }) {
  return {
    created: input.createdSeconds,
    data: input.images.map((image) => ({ b64_json: image.base64, ...(image.mediaType ? { media_type: image.mediaType } : {}) })),
    usage: {
      prompt_tokens: input.promptTokens,
      completion_tokens: 0,
      total_tokens: input.promptTokens,
      completion_tokens_details: { image_tokens: 0 },
      cost: input.cost,
      is_byok: input.isByok,
    },
  };
}

/** A transcription as asked: `json` (text and usage), `verbose_json` (with language, duration, segments, words) or the text alone. */
export function renderTranscriptionResponse(result: TranscriptionResult, input: Billed & { format: 'json' | 'verbose_json' | 'text'; seconds: number }): { json: unknown } | { text: string } {
  if (input.format === 'text') return { text: result.text };
  const usage = { seconds: input.seconds, cost: input.cost };
  if (input.format === 'json') return { json: { text: result.text, usage } };
  return {
    json: {
      task: 'transcribe',
      text: result.text,
      ...(result.language ? { language: result.language } : {}),
      duration: input.seconds,
      ...(result.segments ? { segments: result.segments } : {}),
      ...(result.words ? { words: result.words } : {}),
      usage,
    },
  };
}
