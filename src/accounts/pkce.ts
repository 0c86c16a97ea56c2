import { createHash, timingSafeEqual } from 'node:crypto';

export type CodeChallengeMethod = 'S256' | 'plain';

/** What a verifier must become to match its challenge: base64url(SHA-256(verifier)) for S256 (RFC 7636), itself for plain. */
export function challengeOf(verifier: string, method: CodeChallengeMethod): string {
  return method === 'S256' ? createHash('sha256').update(verifier, 'utf8').digest('base64url') : verifier;
}

/** Whether a code verifier answers the challenge a code was issued with, compared in constant time. */
export function verifierMatches(verifier: string, challenge: string, method: CodeChallengeMethod): boolean {
  const expected = Buffer.from(challenge, 'utf8');
  const given = Buffer.from(challengeOf(verifier, method), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** RFC 7636: a verifier is 43–128 characters of [A-Z a-z 0-9 - . _ ~]. */
export const codeVerifierPattern = /^[A-Za-z0-9._~-]{43,128}$/;
