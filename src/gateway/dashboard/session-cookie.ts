import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The dashboard's session cookie. */
export const sessionCookieName = 'switchboard_session';

/** What a session stands for: a key (by its hash), or the local account in key-less development. */
export interface Session {
  keyHash: string | null;
  expiresAt: number;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/**
 * Signed, stateless session cookies: `<payload>.<HMAC-SHA256>` with a secret kept in the data
 * directory, so any process or cluster worker on that directory accepts them and a restart keeps
 * them. The payload names the key by its hash (never the key); every request loads that key again,
 * so a key disabled, expired or deleted ends its sessions at once.
 */
export class SessionCookies {
  constructor(
    private readonly secret: Buffer,
    private readonly now: () => number = Date.now,
    readonly lifetimeMs = 12 * 3_600_000,
  ) {
    if (secret.length < 32) throw new Error('the session secret must be at least 32 bytes');
  }

  issue(keyHash: string | null): string {
    const payload = base64url(Buffer.from(JSON.stringify({ h: keyHash, e: this.now() + this.lifetimeMs, n: base64url(randomBytes(9)) })));
    return `${payload}.${this.sign(payload)}`;
  }

  /** The session a cookie value stands for, or null when it is forged, malformed or expired. */
  read(value: string | undefined): Session | null {
    if (!value || value.length > 1_000) return null;
    const [payload, signature, extra] = value.split('.');
    if (!payload || !signature || extra !== undefined) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    const { h, e } = (parsed ?? {}) as { h?: unknown; e?: unknown };
    if ((h !== null && typeof h !== 'string') || typeof e !== 'number' || !Number.isFinite(e) || e <= this.now()) return null;
    return { keyHash: h, expiresAt: e };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

/** The value of one cookie in a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

/** Set-Cookie for a session: HttpOnly, SameSite=Strict, the whole site; Secure behind HTTPS. */
export function sessionSetCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${sessionCookieName}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}
