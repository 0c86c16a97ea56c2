import type { ChatMessage } from '../../spec/chat-message.js';
import { hashText } from './seeded-random.js';

export interface CacheOutcome {
  cachedTokens: number;
  cacheWriteTokens: number;
}

export type CachingMode = 'implicit' | 'explicit' | 'none';

/** How the implicit cache keeps prefixes (config: simulator prompt_cache). */
export interface ImplicitCachePolicy {
  blockTokens: number;
  minimumTokens: number;
}

function hasCacheControl(message: ChatMessage): boolean {
  if ((message as { cache_control?: unknown }).cache_control) return true;
  return Array.isArray(message.content) && message.content.some((part) => 'cache_control' in part && part.cache_control);
}

/**
 * A provider's prompt cache, simulated: prefixes of earlier requests stay cached for a while.
 *  - implicit (OpenAI, DeepSeek, Gemini …): the prompt's tokens are cached in blocks (OpenAI: 128
 *    tokens); a prompt reads the longest run of leading blocks an earlier prompt left, once it
 *    makes the minimum (OpenAI: 1,024) — a shared prefix is found wherever it ends, as a real
 *    provider's cache finds it, not only at message boundaries;
 *  - explicit (Anthropic): only prefixes ending at a cache_control breakpoint are cached; the first
 *    request writes them (cache-write tokens), later ones read them.
 */
export class SimulatedPromptCache {
  private readonly entries = new Map<number, number>();

  constructor(
    private readonly ttlMs = 5 * 60_000,
    private readonly implicit: ImplicitCachePolicy = { blockTokens: 128, minimumTokens: 1024 },
    private readonly capacity = 1_000_000,
  ) {}

  /**
   * `messageTokens[i]` is the token count of message i (with framing); `promptTokens()` gives the
   * prompt's tokens (asked for only by the implicit cache); `nowMs` is the time.
   */
  lookup(mode: CachingMode, scope: string, messages: readonly ChatMessage[], messageTokens: readonly number[], nowMs: number, promptTokens: () => readonly number[]): CacheOutcome {
    if (mode === 'none' || messages.length === 0) return { cachedTokens: 0, cacheWriteTokens: 0 };
    if (mode === 'implicit') return this.lookupImplicit(scope, promptTokens(), nowMs);
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

    return { cachedTokens: 0, cacheWriteTokens: 0 };
  }

  /** The longest run of leading blocks of `tokens` cached and fresh; every block of this prompt is cached from now on. */
  private lookupImplicit(scope: string, tokens: readonly number[], nowMs: number): CacheOutcome {
    const { blockTokens, minimumTokens } = this.implicit;
    let hash = hashText(scope);
    let cached = 0;
    let matching = true;
    for (let end = blockTokens; end <= tokens.length; end += blockTokens) {
      for (let index = end - blockTokens; index < end; index++) hash = Math.imul(hash ^ tokens[index]!, 0x01000193) >>> 0;
      // Two words of the chain: one 32-bit hash alone would make false hits in long runs.
      const key = hash * 4096 + ((end / blockTokens) % 4096);
      if (matching && this.isFresh(key, nowMs)) cached = end;
      else matching = false;
      this.remember(key, nowMs);
    }
    return cached > 0 && cached >= minimumTokens ? { cachedTokens: cached, cacheWriteTokens: 0 } : { cachedTokens: 0, cacheWriteTokens: 0 };
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
