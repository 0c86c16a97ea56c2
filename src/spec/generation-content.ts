/**
 * A generation's text, kept only where its workspace turned prompt logging on (OpenRouter's I/O
 * logging): what was asked and what came back. Never in the generation log (metadata only); sealed
 * with the operator's key in the control plane, and deleted when its retention ends.
 */
export interface GenerationContent {
  input: { prompt: string } | { messages: unknown[] };
  output: { completion: string | null; reasoning: string | null };
  error: { message: string | null; status: number | null; provider_name: string | null } | null;
}

/** A kept generation's text as the store holds it: sealed, with when it goes. */
export interface SealedGenerationContent {
  generationId: string;
  accountId: string;
  sealed: string;
  createdAt: string;
  /** ISO time after which it is deleted (and never given back). */
  expiresAt: string;
}
