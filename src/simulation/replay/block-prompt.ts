import { hashText } from '../../spec/text-hash.js';
import { oneTokenWords } from './exact-prompt.js';
import { mooncakeBlockTokens } from './mooncake-trace.js';
import type { TraceRequest } from './trace-request.js';

/**
 * Prompts for a trace's requests, built one block per hash id: a block's words are drawn from its
 * id alone, so requests that share leading ids share a prefix of exactly those blocks' tokens —
 * and a provider's prefix cache (the simulator's) reads them. Every word is one token alone or
 * after a space, so a prompt of n words is n tokens. Requests without hash ids (Azure's traces)
 * get blocks of their own: no two of them share a prefix.
 */
export class BlockPrompts {
  private readonly blocks = new Map<string, string[]>();

  private block(key: string): string[] {
    let words = this.blocks.get(key);
    if (!words) {
      let state = hashText(key) || 1;
      words = [];
      for (let index = 0; index < mooncakeBlockTokens; index++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        words.push(oneTokenWords[(state >>> 0) % oneTokenWords.length]!);
      }
      this.blocks.set(key, words);
      // Held for the replay's length; a trace's distinct blocks are few enough (700 per 200 Mooncake requests).
    }
    return words;
  }

  /** The prompt of the trace's request at `index`: exactly its context tokens. */
  prompt(request: TraceRequest, index: number): string {
    if (!Number.isInteger(request.contextTokens) || request.contextTokens < 1) throw new Error(`a prompt needs at least one token, asked for ${request.contextTokens}`);
    const count = Math.ceil(request.contextTokens / mooncakeBlockTokens);
    const parts: string[] = [];
    for (let block = 0; block < count; block++) {
      const key = request.hashIds ? `id:${request.hashIds[block]}` : `request:${index}:${block}`;
      const length = block < count - 1 ? mooncakeBlockTokens : request.contextTokens - mooncakeBlockTokens * (count - 1);
      parts.push(this.block(key).slice(0, length).join(' '));
    }
    return parts.join(' ');
  }
}
