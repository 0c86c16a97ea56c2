import { countTextTokens } from '../../tokenization/count-tokens.js';
import type { UpstreamRequest } from '../http/provider-protocol.js';
import { invalidResponse } from '../http/upstream-errors.js';
import { readUpstream } from '../http/upstream-schema.js';
import { geminiEmbeddingsSchema } from './gemini-api.js';
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
  const { embeddings } = readUpstream(geminiEmbeddingsSchema, body, providerName, 'embeddings');
  if (embeddings.length !== call.inputs.length) throw invalidResponse(providerName, `expected ${call.inputs.length} embeddings, got ${embeddings.length}`);
  return {
    vectors: embeddings.map((item) => item.values),
    promptTokens: call.inputs.reduce((sum, input) => sum + countTextTokens(input), 0),
    upstreamId: null,
  };
}
