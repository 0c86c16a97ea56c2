import { countTextTokens } from '../../tokenization/count-tokens.js';
import type { SeededRandom } from './seeded-random.js';

const answerWords = (
  'the a an and or but so because when while if then that this these those it its they their we our you your ' +
  'system model request response data value result example approach method function service process user account ' +
  'first second next finally also however therefore instead often usually typically simply clearly directly ' +
  'build use make check keep find return handle read write store send receive compute compare measure test ' +
  'small large fast slow simple careful reliable clear correct useful common general specific important ' +
  'time cost price token latency throughput memory network disk query table index record field column ' +
  'design plan step detail reason question answer problem solution option choice trade-off limit rule case ' +
  'can should will may must would could might is are was were be been has have had does do ' +
  'in on at to for with from by of about into over under between across through after before without'
).split(' ');

const reasoningOpeners = [
  'Let me think about what is being asked.',
  'First, I should restate the problem.',
  'The key constraint here is',
  'One way to approach this is',
  'Let me check that assumption.',
  'Wait, that does not quite work, so',
  'Consider the edge case where',
  'Putting this together,',
];

/** A word and the tokens it adds when appended after a space. */
interface Word {
  text: string;
  tokens: number;
}

let vocabulary: Word[] | null = null;

function words(): Word[] {
  vocabulary ??= answerWords.map((text) => ({ text, tokens: countTextTokens(` ${text}`) }));
  return vocabulary;
}

/**
 * English-like filler text of about `targetTokens` tokens, as small pieces (one to three words)
 * the way a model streams them. Deterministic for a given random state.
 */
export function simulatedTextPieces(random: SeededRandom, targetTokens: number, kind: 'answer' | 'reasoning'): string[] {
  const pieces: string[] = [];
  const vocabularyWords = words();
  let tokens = 0;
  let sentenceLength = 0;
  let sentenceTarget = random.integer(8, 20);
  let piece = '';
  let pieceWords = 0;
  let pieceTarget = random.integer(1, 3);
  const flush = () => {
    if (piece) pieces.push(piece);
    piece = '';
    pieceWords = 0;
    pieceTarget = random.integer(1, 3);
  };
  while (tokens < targetTokens) {
    if (sentenceLength === 0 && kind === 'reasoning' && random.next() < 0.3) {
      const opener = random.pick(reasoningOpeners);
      piece += (pieces.length === 0 && piece === '' ? '' : ' ') + opener;
      tokens += countTextTokens(` ${opener}`);
      sentenceLength = opener.endsWith('.') ? 0 : 4;
      flush();
      continue;
    }
    const word = random.pick(vocabularyWords);
    let text = word.text;
    if (sentenceLength === 0) text = text[0]!.toUpperCase() + text.slice(1);
    sentenceLength++;
    const endsSentence = sentenceLength >= sentenceTarget || tokens + word.tokens + 1 >= targetTokens;
    if (endsSentence) {
      text += '.';
      sentenceLength = 0;
      sentenceTarget = random.integer(8, 20);
    }
    piece += (pieces.length === 0 && piece === '' ? '' : ' ') + text;
    tokens += word.tokens + (endsSentence ? 1 : 0);
    pieceWords++;
    if (pieceWords >= pieceTarget || endsSentence) flush();
  }
  flush();
  return pieces;
}

/** Words that are one token each after a space and never merge with their neighbours. */
const fillerWords = ['the', 'and', 'to', 'of', 'in', 'it', 'is', 'for', 'on', 'we'];

/**
 * Like simulatedTextPieces, but the pieces joined count exactly `targetTokens` tokens (for
 * requests that fix the completion length, e.g. min_tokens = max_tokens, and for trace replay).
 * The tokenizer splits text at word boundaries before merging, so appending " word" adds that
 * word's own tokens; the count is checked, not assumed.
 */
export function exactTextPieces(random: SeededRandom, targetTokens: number, kind: 'answer' | 'reasoning'): string[] {
  if (targetTokens <= 0) return [];
  const pieces = simulatedTextPieces(random, targetTokens, kind);
  let count = countTextTokens(pieces.join(''));
  while (pieces.length > 0 && count > targetTokens) {
    pieces.pop();
    count = countTextTokens(pieces.join(''));
  }
  for (let attempt = 0; count !== targetTokens && attempt < 8; attempt++) {
    const missing = targetTokens - count;
    if (missing < 0) {
      pieces.pop();
    } else {
      const start = pieces.length === 0;
      const filler = Array.from({ length: missing }, (_, index) => fillerWords[(index + pieces.length) % fillerWords.length]!);
      pieces.push(`${start ? '' : ' '}${filler.join(' ')}`);
    }
    count = countTextTokens(pieces.join(''));
  }
  if (count !== targetTokens) throw new Error(`simulated text of ${targetTokens} tokens came out at ${count}`);
  return pieces;
}
