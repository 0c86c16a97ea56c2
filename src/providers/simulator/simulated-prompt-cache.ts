import type { ChatMessage } from '../../spec/chat-message.js';
import { hashText } from './seeded-random.js';

export interface CacheOutcome {
  cachedTokens: number;
  cacheWriteTokens: number;
}

export type CachingMode = 'implicit' | 'explicit' | 'none';

const implicitMinimumTokens = 1024;
const implicitIncrement = 128;

function hasCacheControl(message: ChatMessage): boolean {
  if ((message as { cache_control?: unknown }).cache_control) return true;
  return Array.isArray(message.content) && message.content.some((part) => 'cache_control' in part && part.cache_control);
}

/**
 * A provider's prompt cache, simulated: prefixes of earlier requests stay cached for a while.
 *  - implicit (OpenAI, DeepSeek, Gemini …): the longest cached message prefix of at least 1,024
 *    tokens is read from the cache, in 128-token steps;
 *  - explicit (Anthropic): only prefixes ending at a cache_control breakpoint are cached; the first
 *    request writes them (cache-write tokens), later ones read them.
 */
export class SimulatedPromptCache {
  private readonly entries = new Map<number, number>();

  constructor(
    private readonly ttlMs = 5 * 60_000,
    private readonly capacity = 100_000,
  ) {}

  /** `messageTokens[i]` is the token count of message i (with framing); `nowMs` is simulated time. */
  lookup(mode: CachingMode, scope: string, messages: readonly ChatMessage[], messageTokens: readonly number[], nowMs: number): CacheOutcome {
    if (mode === 'none' || messages.length === 0) return { cachedTokens: 0, cacheWriteTokens: 0 };
    const prefixHashes: number[] = [];
    const prefixTokens: number[] = [];
    let hash = hashText(scope);
    let tokens = 0;
    for (let index = 0; index < messages.length; index++) {
      hash = hashText(JSON.stringify(messages[index]), hash);
      tokens += messageTokens[index] ?? 0;
      prefixHashes.push(hash);
      prefixTokens.push(tokens);
    }

    if (mode === 'explicit') {
      let breakpoint = -1;
      for (let index = messages.length - 1; index >= 0; index--) {
        if (hasCacheControl(messages[index]!)) {
          breakpoint = index;
          break;
        }
      }
      if (breakpoint < 0) return { cachedTokens: 0, cacheWriteTokens: 0 };
      const key = prefixHashes[breakpoint]!;
      const hit = this.isFresh(key, nowMs);
      this.remember(key, nowMs);
      return hit ? { cachedTokens: prefixTokens[breakpoint]!, cacheWriteTokens: 0 } : { cachedTokens: 0, cacheWriteTokens: prefixTokens[breakpoint]! };
    }

    let cached = 0;
    for (let index = messages.length - 2; index >= 0; index--) {
      if (this.isFresh(prefixHashes[index]!, nowMs)) {
        cached = prefixTokens[index]!;
        break;
      }
    }
    for (const key of prefixHashes) this.remember(key, nowMs);
    if (cached < implicitMinimumTokens) return { cachedTokens: 0, cacheWriteTokens: 0 };
    return { cachedTokens: Math.floor(cached / implicitIncrement) * implicitIncrement, cacheWriteTokens: 0 };
  }

  private isFresh(key: number, nowMs: number): boolean {
    const expires = this.entries.get(key);
    return expires !== undefined && expires > nowMs;
  }

  private remember(key: number, nowMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, nowMs + this.ttlMs);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
