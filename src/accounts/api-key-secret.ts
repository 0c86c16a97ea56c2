import { createHash, randomBytes } from 'node:crypto';

export const apiKeyPrefix = 'sk-sb-v1-';

/** A new API key: sk-sb-v1- followed by 64 hex characters (256 random bits). Shown once; only its hash is stored. */
export function generateApiKey(): string {
  return `${apiKeyPrefix}${randomBytes(32).toString('hex')}`;
}

/** SHA-256 of the key, hex: how keys are stored and identified (OpenRouter's key `hash`). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A recognisable form that reveals nothing useful, such as sk-sb-v1-3f2...9ab. */
export function labelApiKey(key: string): string {
  const secret = key.slice(apiKeyPrefix.length);
  return `${apiKeyPrefix}${secret.slice(0, 3)}...${secret.slice(-3)}`;
}
