import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const version = 'v1';

/** Where a BYOK key belongs, bound into its ciphertext: a ciphertext moved to another row or account does not open. */
export function byokBinding(accountId: string, provider: string, id: string): string {
  return `${accountId}\u0000${provider}\u0000${id}`;
}

/**
 * AES-256-GCM for the accounts' provider keys (BYOK): a random 96-bit nonce per key, the row it
 * belongs to as additional data, `v1.<nonce>.<ciphertext and tag>` in base64url. The 32-byte key
 * comes from the operator (byok.encryption_key_env or _secret), base64 or hex; without it no BYOK
 * key can be stored or read.
 */
export class ByokCipher {
  private constructor(private readonly key: Buffer) {}

  /** A cipher from the configured key: 32 bytes as base64 (44 characters) or hex (64). */
  static fromSecret(secret: string): ByokCipher {
    const text = secret.trim();
    const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
    if (key.length !== 32) throw new RangeError('the BYOK encryption key must be 32 bytes, as base64 (44 characters) or hex (64): e.g. `openssl rand -base64 32`');
    return new ByokCipher(key);
  }

  seal(plaintext: string, binding: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(binding, 'utf8'));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${version}.${nonce.toString('base64url')}.${sealed.toString('base64url')}`;
  }

  /** The key, or a thrown error when the ciphertext is not this cipher's for this binding (another key, tampered, moved). */
  open(sealed: string, binding: string): string {
    const [tag, nonceText, bodyText] = sealed.split('.');
    if (tag !== version || !nonceText || !bodyText) throw new Error('not a BYOK ciphertext of this release');
    const nonce = Buffer.from(nonceText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (nonce.length !== 12 || body.length < 17) throw new Error('a damaged BYOK ciphertext');
    const decipher = createDecipheriv('aes-256-gcm', this.key, nonce);
    decipher.setAAD(Buffer.from(binding, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
  }
}

/** A provider key masked for display: its first three characters and last four. */
export function maskProviderKey(key: string): string {
  return key.length >= 12 ? `${key.slice(0, 3)}…${key.slice(-4)}` : '…';
}
