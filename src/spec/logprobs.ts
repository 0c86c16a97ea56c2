/** One candidate token at a position, with its log probability (OpenAI's shape). */
export interface TopLogprob {
  token: string;
  logprob: number;
  /** The token's UTF-8 bytes (null when the provider did not say). */
  bytes: number[] | null;
}

/** A generated token's log probability and the most likely alternatives at its position. */
export interface TokenLogprob extends TopLogprob {
  top_logprobs: TopLogprob[];
}

/** The token's UTF-8 bytes, for formats that require them. */
export function tokenBytes(entry: TopLogprob): number[] {
  return entry.bytes ?? [...Buffer.from(entry.token, 'utf8')];
}
