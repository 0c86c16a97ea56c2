import type { EmbeddingCall, EmbeddingResult } from '../provider.js';
import { countTextTokens } from '../../tokenization/count-tokens.js';
import { invalidResponse } from '../http/upstream-errors.js';
import type { UpstreamRequest } from '../http/provider-protocol.js';

/** Embeddings as OpenAI's POST /embeddings: floats asked for, inputs as an array. */
export function openAIEmbeddingRequest(call: EmbeddingCall): UpstreamRequest {
  return {
    path: '/embeddings',
    body: { model: call.endpoint.upstreamModel, input: call.inputs, encoding_format: 'float', ...(call.dimensions !== undefined ? { dimensions: call.dimensions } : {}) },
  };
}

/** `{data: [{embedding, index}], usage: {prompt_tokens}}` → vectors in input order; tokens counted when the server reports none. */
export function parseOpenAIEmbeddings(providerName: string, body: unknown, call: EmbeddingCall): EmbeddingResult {
  const parsed = body as { id?: string; data?: { embedding?: unknown; index?: number }[]; usage?: { prompt_tokens?: number } };
  if (!Array.isArray(parsed?.data) || parsed.data.length !== call.inputs.length) {
    throw invalidResponse(providerName, `expected ${call.inputs.length} embeddings, got ${JSON.stringify(body).slice(0, 200)}`);
  }
  const vectors: number[][] = new Array(call.inputs.length);
  for (const [position, item] of parsed.data.entries()) {
    if (!Array.isArray(item.embedding)) throw invalidResponse(providerName, 'an embedding is not an array of numbers (base64?)');
    vectors[item.index ?? position] = item.embedding as number[];
  }
  const reported = parsed.usage?.prompt_tokens;
  return {
    vectors,
    promptTokens: reported ?? call.inputs.reduce((sum, input) => sum + countTextTokens(input), 0),
    upstreamId: parsed.id ?? null,
    countedBy: reported === undefined ? 'switchboard' : 'provider',
  };
}
