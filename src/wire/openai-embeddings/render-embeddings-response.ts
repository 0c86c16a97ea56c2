import type { CostBreakdown } from '../../accounting/compute-cost.js';

/** A vector as OpenAI's base64 encoding: little-endian float32s. */
export function encodeVector(vector: readonly number[]): string {
  const buffer = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => {
    buffer.writeFloatLE(value, index * 4);
  });
  return buffer.toString('base64');
}

/** OpenAI's embeddings list, with OpenRouter's id, provider and cost. */
export function renderEmbeddingsResponse(input: {
  id: string;
  model: string;
  provider: string;
  vectors: number[][];
  encodingFormat: 'float' | 'base64';
  promptTokens: number;
  cost: CostBreakdown;
  /** Served with the account's own provider key (BYOK). */
  isByok?: boolean;
}): Record<string, unknown> {
  return {
    id: input.id,
    object: 'list',
    model: input.model,
    provider: input.provider,
    data: input.vectors.map((vector, index) => ({ object: 'embedding', index, embedding: input.encodingFormat === 'base64' ? encodeVector(vector) : vector })),
    usage: { prompt_tokens: input.promptTokens, total_tokens: input.promptTokens, cost: input.cost.total, is_byok: input.isByok ?? false },
  };
}
