import { hashText } from '../../spec/text-hash.js';

const words = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

/**
 * Relevance of each document to a query as a reranker would score it, in (0, 1): the share of the
 * query's words the document holds, lifted by a little deterministic noise so that ties break the
 * same way every time.
 */
export function simulatedRelevance(query: string, documents: readonly string[], seed: number): number[] {
  const asked = words(query);
  return documents.map((document) => {
    const held = words(document);
    let shared = 0;
    for (const word of asked) if (held.has(word)) shared++;
    const overlap = asked.size === 0 ? 0 : shared / asked.size;
    const noise = (hashText(`${query}\u0000${document}`, seed) % 1000) / 1e5;
    return Math.round((0.02 + 0.95 * overlap + noise) * 1e6) / 1e6;
  });
}
