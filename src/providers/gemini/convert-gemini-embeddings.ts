import { countTextTokens } from '../../tokenization/count-tokens.js';
import type { UpstreamRequest } from '../http/provider-protocol.js';
import { invalidResponse } from '../http/upstream-errors.js';
import type { EmbeddingCall, EmbeddingResult } from '../provider.js';

/** Embeddings as Gemini's POST /models/{model}:batchEmbedContents, one request per input. */
export function geminiEmbeddingRequest(call: EmbeddingCall): UpstreamRequest {
  const model = `models/${call.endpoint.upstreamModel}`;
  return {
    path: `/${model}:batchEmbedContents`,
    body: { requests: call.inputs.map((text) => ({ model, content: { parts: [{ text }] }, ...(call.dimensions !== undefined ? { outputDimensionality: call.dimensions } : {}) })) },
  };
}

/** `{embeddings: [{values}]}` → vectors; Gemini reports no token usage here, so the tokenizer counts the inputs. */
export function parseGeminiEmbeddings(providerName: string, body: unknown, call: EmbeddingCall): EmbeddingResult {
  const embeddings = (body as { embeddings?: { values?: unknown }[] })?.embeddings;
  if (!Array.isArray(embeddings) || embeddings.length !== call.inputs.length || embeddings.some((item) => !Array.isArray(item.values))) {
    throw invalidResponse(providerName, `expected ${call.inputs.length} embeddings, got ${JSON.stringify(body).slice(0, 200)}`);
  }
  return {
    vectors: embeddings.map((item) => item.values as number[]),
    promptTokens: call.inputs.reduce((sum, input) => sum + countTextTokens(input), 0),
    upstreamId: null,
    countedBy: 'switchboard',
  };
}
