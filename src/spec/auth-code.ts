import type { LimitReset } from './limit-period.js';

/**
 * A one-time authorization code of OpenRouter's OAuth PKCE flow: an account allowed an app (its
 * callback URL) an API key; the app exchanges the code, with its code verifier, for the key. Only
 * the code's SHA-256 is kept; it can be used once, within ten minutes.
 */
export interface AuthCode {
  codeHash: string;
  accountId: string;
  callbackUrl: string;
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | 'plain' | null;
  keyLabel: string | null;
  limitNano: number | null;
  limitReset: LimitReset | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}
