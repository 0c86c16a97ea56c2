import { createRequire } from 'node:module';

type Tokenizer = { encode: (text: string) => number[]; decode: (tokens: number[]) => string };
let loaded: Tokenizer | null = null;

/** A text cut into its tokens' texts (o200k_base, as count-tokens.ts counts them): their concatenation is the text. */
export function tokenPieces(text: string): string[] {
  if (text.length === 0) return [];
  loaded ??= createRequire(import.meta.url)('gpt-tokenizer') as Tokenizer;
  const tokenizer = loaded;
  const pieces = tokenizer.encode(text).map((token) => tokenizer.decode([token]));
  // A character split across tokens decodes to replacement characters: keep the text exact by giving it whole.
  return pieces.join('') === text ? pieces : [text];
}
