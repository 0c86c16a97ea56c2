import { z } from 'zod';
import type { EmbeddingCall, EmbeddingResult } from '../provider.js';
import { countTextTokens } from '../../tokenization/count-tokens.js';
import { invalidResponse } from '../http/upstream-errors.js';
import { count, informative, optionalText, readUpstream } from '../http/upstream-schema.js';

/** OpenAI's embeddings answer: float vectors (base64 is never asked for), in any order by index. */
const openAIEmbeddingsSchema = z.looseObject({
  id: optionalText,
  data: z.array(z.looseObject({ embedding: z.array(z.number()), index: z.number().int().min(0).nullish() })),
  usage: informative(z.looseObject({ prompt_tokens: count })),
});
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
  const parsed = readUpstream(openAIEmbeddingsSchema, body, providerName, 'embeddings');
  if (parsed.data.length !== call.inputs.length) throw invalidResponse(providerName, `expected ${call.inputs.length} embeddings, got ${parsed.data.length}`);
  const vectors: number[][] = new Array(call.inputs.length);
  for (const [position, item] of parsed.data.entries()) {
    const index = item.index ?? position;
    if (index >= call.inputs.length || vectors[index] !== undefined) throw invalidResponse(providerName, `embedding index ${index} is out of range or repeated`);
    vectors[index] = item.embedding;
  }
  const reported = parsed.usage?.prompt_tokens ?? undefined;
  return {
    vectors,
    promptTokens: reported ?? call.inputs.reduce((sum, input) => sum + countTextTokens(input), 0),
    upstreamId: parsed.id ?? null,
  };
}
