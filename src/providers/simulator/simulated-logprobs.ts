import type { TokenLogprob } from '../../spec/logprobs.js';
import { tokenPieces } from '../../tokenization/token-pieces.js';
import type { SeededRandom } from './seeded-random.js';

/** Tokens the simulator offers as the alternatives it did not pick. */
const alternatives = [' the', ' a', ',', '.', ' and', ' to', ' of', ' is', ' in', ' that', ' it', ' for'];

const bytes = (token: string) => [...Buffer.from(token, 'utf8')];

/**
 * Log probabilities for a piece of simulated text, as a model returns them: one entry per token,
 * the chosen token the most likely (its log probability between -2.5 and 0), and `top` alternatives
 * each less likely than the one before. Seeded: the same request gets the same numbers.
 */
export function simulatedLogprobs(random: SeededRandom, piece: string, top: number): TokenLogprob[] {
  return tokenPieces(piece).map((token) => {
    const logprob = -Math.round(random.next() * 2.5 * 1e4) / 1e4;
    const others: TokenLogprob['top_logprobs'] = [{ token, logprob, bytes: bytes(token) }];
    let next = logprob;
    for (let index = 0; others.length < top; index++) {
      const candidate = alternatives[(random.integer(0, alternatives.length - 1) + index) % alternatives.length]!;
      if (others.some((other) => other.token === candidate)) continue;
      next = Math.round((next - 0.1 - random.next() * 2) * 1e4) / 1e4;
      others.push({ token: candidate, logprob: next, bytes: bytes(candidate) });
    }
    return { token, logprob, bytes: bytes(token), top_logprobs: top > 0 ? others.slice(0, top) : [] };
  });
}
