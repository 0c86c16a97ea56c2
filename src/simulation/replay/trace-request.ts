/** One request of a production trace: when it came, how long its prompt and answer were, and (where the trace says) which prompt blocks it shared. */
export interface TraceRequest {
  /** Unix milliseconds. */
  timeMs: number;
  contextTokens: number;
  generatedTokens: number;
  /**
   * Mooncake's block hashes: one per 512-token block of the prompt, equal ids for equal prefixes
   * (a block's id names its whole prefix). Absent for traces that give lengths only (Azure's).
   */
  hashIds?: number[];
}
