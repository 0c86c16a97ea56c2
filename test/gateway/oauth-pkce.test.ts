import { OpenRouter } from '@openrouter/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { challengeOf } from '../../src/accounts/pkce.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * OpenRouter's OAuth PKCE against Switchboard, with its SDK: the consent page's URL as the SDK
 * builds it, a one-time code made for the signed-in account, and the exchange of code and verifier
 * for a working key — refused for a wrong verifier, a second use, an expired or unknown code.
 */
let gateway: TestGateway;
let userKey: string;
const verifier = 'a-verifier-of-the-app-that-is-long-enough-1234567890';
const callback = 'https://app.example/callback';

beforeAll(async () => {
  gateway = await startTestGateway({ auth: { anonymous: false } });
  await gateway.createAccount('acme', 10);
  userKey = (await gateway.createKey('acme')).key;
});
afterAll(async () => {
  await gateway?.close();
});

async function code(body: Record<string, unknown> = {}): Promise<string> {
  const client = new OpenRouter({ apiKey: userKey, serverURL: `${gateway.url}/api/v1` });
  const made = await client.oAuth.createAuthCode({ requestBody: { callbackUrl: callback, codeChallenge: challengeOf(verifier, 'S256'), codeChallengeMethod: 'S256', limit: 2, ...body } });
  return made.data.id;
}

const exchange = (body: Record<string, unknown>) => gateway.call('/api/v1/auth/keys', { json: body });

describe('OAuth PKCE', () => {
  it("builds the consent page's URL on the gateway (the dashboard serves /auth)", async () => {
    const client = new OpenRouter({ apiKey: userKey, serverURL: `${gateway.url}/api/v1` });
    const url = await client.oAuth.createAuthorizationUrl({ callbackUrl: callback, codeChallenge: challengeOf(verifier, 'S256'), codeChallengeMethod: 'S256' });
    expect(url.startsWith(`${gateway.url}/auth?`)).toBe(true);
    // Signed out, the page sends the browser to sign in and back, the query kept.
    const page = await fetch(url, { redirect: 'manual' });
    expect(page.status).toBe(302);
    const next = new URL(page.headers.get('location')!, gateway.url).searchParams.get('next')!;
    expect(next).toContain('code_challenge=');
    expect(next.startsWith('/auth?')).toBe(true);
  });

  it('exchanges a code and its verifier, once, for a key of the account that works and holds its limit', async () => {
    const made = await code();
    const client = new OpenRouter({ apiKey: 'unused', serverURL: `${gateway.url}/api/v1` });
    const exchanged = await client.oAuth.exchangeAuthCodeForAPIKey({ requestBody: { code: made, codeVerifier: verifier, codeChallengeMethod: 'S256' } });
    expect(exchanged.userId).toBe('acme');
    const current = (await (await gateway.call('/api/v1/key', { key: exchanged.key })).json()) as { data: { limit: number; label: string } };
    expect(current.data.limit).toBe(2);
    const chat = await gateway.call('/api/v1/chat/completions', { key: exchanged.key, json: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 5 } });
    expect(chat.status).toBe(200);
    const again = await exchange({ code: made, code_verifier: verifier });
    expect(again.status).toBe(403);
    expect(((await again.json()) as { error: { message: string } }).error.message).toContain('already used');
  });

  it('refuses a wrong verifier (and spends the code), a missing one, an unknown code, and bad requests by name', async () => {
    const wrong = await code();
    expect((await exchange({ code: wrong, code_verifier: `${verifier}x` })).status).toBe(403);
    expect((await exchange({ code: wrong, code_verifier: verifier })).status).toBe(403);
    const missing = await code();
    expect((await exchange({ code: missing })).status).toBe(403);
    expect((await exchange({ code: 'never-issued', code_verifier: verifier })).status).toBe(403);
    expect((await exchange({})).status).toBe(400);
    const bad = await gateway.call('/api/v1/auth/keys/code', { key: userKey, json: { callback_url: 'http://app.example/callback' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('callback_url');
    expect((await gateway.call('/api/v1/auth/keys/code', { json: { callback_url: callback } })).status).toBe(401);
  });

  it('refuses a code after ten minutes', async () => {
    const made = await code();
    const realNow = gateway.services.now;
    gateway.services.now = () => realNow() + 11 * 60_000;
    try {
      const late = await exchange({ code: made, code_verifier: verifier });
      expect(late.status).toBe(403);
      expect(((await late.json()) as { error: { message: string } }).error.message).toContain('expired');
    } finally {
      gateway.services.now = realNow;
    }
  });
});
