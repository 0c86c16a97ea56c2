import { hashText } from '../spec/text-hash.js';

/**
 * The features of a prompt for the local topic classifier, shared by the training script
 * (scripts/train-prompt-classifier.ts) and the classifier that ships: words (lower-cased, a light
 * English suffix strip), word pairs, character 3- to 5-grams of words, Chinese, Japanese and Korean
 * text as character pairs, and the prompt's shape (code, mathematics, markup, length), each hashed
 * into a fixed number of buckets. Counts are log-scaled and the vector L2-normalised.
 */

/** log2 of the number of hash buckets. */
export const featureBits = 16;
const bucketMask = (1 << featureBits) - 1;

/** The study classified the first 1,000 characters of a prompt. */
export const classifiedCharacters = 1000;

/** A sparse feature vector: bucket indices and their values (same length, indices ascending). */
export interface SparseVector {
  indices: Uint32Array;
  values: Float32Array;
}

const ideographic = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const tokenPattern = /[\p{L}\p{M}]+|\p{N}+|[{}()[\];=<>#$@*&|\\^~`]/gu;

function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** The prompt's tokens: words (stemmed), numbers folded to one token, symbols kept, CJK runs as character pairs. */
export function promptTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.slice(0, classifiedCharacters).normalize('NFKC').toLowerCase().matchAll(tokenPattern)) {
    const token = match[0];
    if (/^\p{N}+$/u.test(token)) {
      tokens.push(token.length >= 3 ? '<n3>' : '<n>');
    } else if (ideographic.test(token)) {
      const characters = [...token];
      for (let i = 0; i < characters.length; i++) tokens.push(characters.length === 1 ? characters[i]! : `${characters[i]}${characters[i + 1] ?? '_'}`);
    } else {
      tokens.push(stem(token));
    }
  }
  return tokens;
}

/** What the prompt looks like, beside its words: code fences and code-like lines, mathematics, markup. */
function shapeFeatures(text: string): string[] {
  const features: string[] = [];
  if (text.includes('```')) features.push('s:fence');
  const lines = text.split('\n');
  const codeLines = lines.filter((line) => /[;{}]\s*$|^\s*(def|class|import|from|return|if|for|while|const|let|var|function|public|private|#include|using)\b/.test(line)).length;
  if (codeLines > 0) features.push('s:code-line', codeLines >= 3 ? 's:code-lines-3' : 's:code-lines-1');
  if (/\$[^$\n]+\$|\\(frac|sum|int|sqrt|alpha|beta|pi|lim|infty)\b/.test(text)) features.push('s:latex');
  if (/\d\s*[-+*/^=]\s*\d|[=≤≥∑∫√π]\s*\d/.test(text)) features.push('s:arithmetic');
  if (/<\/?[a-z][a-z0-9]*[\s>]/i.test(text)) features.push('s:markup');
  features.push(text.length < 80 ? 's:short' : text.length < 400 ? 's:medium' : 's:long');
  return features;
}

/** The hashed, log-scaled, L2-normalised feature vector of a prompt. */
export function promptFeatures(text: string): SparseVector {
  const tokens = promptTokens(text);
  const counts = new Map<number, number>();
  const add = (feature: string) => {
    const bucket = hashText(feature) & bucketMask;
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  };
  add('<bias>');
  for (const feature of shapeFeatures(text.slice(0, classifiedCharacters))) add(feature);
  for (let i = 0; i < tokens.length; i++) {
    add(`w:${tokens[i]}`);
    if (i + 1 < tokens.length) add(`b:${tokens[i]} ${tokens[i + 1]}`);
    const word = ` ${tokens[i]} `;
    if (word.length > 4) for (let n = 3; n <= 5; n++) for (let j = 0; j + n <= word.length; j++) add(`c:${word.slice(j, j + n)}`);
  }
  const indices = Uint32Array.from([...counts.keys()].sort((a, b) => a - b));
  const values = new Float32Array(indices.length);
  let norm = 0;
  indices.forEach((bucket, i) => {
    const value = 1 + Math.log(counts.get(bucket)!);
    values[i] = value;
    norm += value * value;
  });
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < values.length; i++) values[i]! *= scale;
  return { indices, values };
}
