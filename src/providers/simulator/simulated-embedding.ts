import { hashText } from '../../spec/text-hash.js';
import { SeededRandom } from './seeded-random.js';

/**
 * A deterministic unit vector for a text: the same text and model always give the same vector,
 * different texts nearly orthogonal ones (Gaussian coordinates, normalised), as real embedding
 * models' vectors are unit length.
 */
export function simulatedEmbedding(text: string, model: string, dimensions: number, seed: number): number[] {
  const random = new SeededRandom(hashText(`${model}\u0000${text}`) ^ seed);
  const vector = Array.from({ length: dimensions }, () => random.normal());
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
  return vector.map((value) => Math.round((value / norm) * 1e7) / 1e7);
}
