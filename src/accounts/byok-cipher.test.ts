import { describe, expect, it } from 'vitest';
import { ByokCipher, byokBinding, maskProviderKey } from './byok-cipher.js';

describe('ByokCipher', () => {
  const secret = Buffer.alloc(32, 7).toString('base64');
  const cipher = ByokCipher.fromSecret(secret);
  const binding = byokBinding('acme', 'openai', 'k1');

  it('seals and opens a key, never the same ciphertext twice, never the plaintext inside', () => {
    const sealed = cipher.seal('sk-live-MARKER-123456', binding);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('MARKER');
    expect(cipher.seal('sk-live-MARKER-123456', binding)).not.toBe(sealed);
    expect(cipher.open(sealed, binding)).toBe('sk-live-MARKER-123456');
    // The same key as hex opens it too.
    expect(ByokCipher.fromSecret(Buffer.alloc(32, 7).toString('hex')).open(sealed, binding)).toBe('sk-live-MARKER-123456');
  });

  it('does not open under another encryption key, for another row or account, or tampered', () => {
    const sealed = cipher.seal('sk-live-123456789', binding);
    expect(() => ByokCipher.fromSecret(Buffer.alloc(32, 8).toString('base64')).open(sealed, binding)).toThrow();
    expect(() => cipher.open(sealed, byokBinding('other', 'openai', 'k1'))).toThrow();
    expect(() => cipher.open(sealed, byokBinding('acme', 'openai', 'k2'))).toThrow();
    const flipped = `${sealed.slice(0, -3)}${sealed.at(-3) === 'A' ? 'B' : 'A'}${sealed.slice(-2)}`;
    expect(() => cipher.open(flipped, binding)).toThrow();
    expect(() => cipher.open('v2.x.y', binding)).toThrow();
  });

  it('takes only a 32-byte encryption key', () => {
    for (const bad of ['', 'short', Buffer.alloc(16).toString('base64'), 'zz'.repeat(32)]) expect(() => ByokCipher.fromSecret(bad)).toThrow(RangeError);
  });

  it('masks a key to its first three and last four characters', () => {
    expect(maskProviderKey('sk-proj-abcdefghijkl1234')).toBe('sk-…1234');
    expect(maskProviderKey('short')).toBe('…');
  });
});
