import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cookieValue, SessionCookies, sessionSetCookie } from './session-cookie.js';

describe('dashboard session cookies', () => {
  const secret = randomBytes(32);
  let now = 1_000_000;
  const cookies = new SessionCookies(secret, () => now, 60_000);

  it('stand for the key they were issued for until they expire', () => {
    const value = cookies.issue('abc123');
    expect(cookies.read(value)).toEqual({ keyHash: 'abc123', expiresAt: 1_060_000 });
    now += 60_001;
    expect(cookies.read(value)).toBeNull();
  });

  it('refuse a tampered payload, another secret’s signature, and anything malformed', () => {
    now = 1_000_000;
    const value = cookies.issue('abc123');
    const [payload, signature] = value.split('.');
    const forged = Buffer.from(JSON.stringify({ h: 'someone-else', e: now + 60_000, n: 'x' })).toString('base64url');
    expect(cookies.read(`${forged}.${signature}`)).toBeNull();
    expect(new SessionCookies(randomBytes(32), () => now).read(value)).toBeNull();
    for (const bad of [undefined, '', 'x', `${payload}`, `${payload}.`, `${payload}.${signature}.x`, 'a'.repeat(2_000)]) expect(cookies.read(bad)).toBeNull();
  });

  it('are read from a Cookie header and set HttpOnly, SameSite=Strict', () => {
    expect(cookieValue('a=1; switchboard_session=v.s; b=2', 'switchboard_session')).toBe('v.s');
    expect(cookieValue(undefined, 'switchboard_session')).toBeUndefined();
    expect(sessionSetCookie('v.s', 60, false)).toBe('switchboard_session=v.s; Path=/; HttpOnly; SameSite=Strict; Max-Age=60');
    expect(sessionSetCookie('v.s', 60, true)).toContain('; Secure');
  });
});
