import { createHash, randomBytes } from 'node:crypto';
import { toNanoDollars } from '../../accounting/pricing.js';
import { codeVerifierPattern, verifierMatches } from '../../accounts/pkce.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { limitResets } from '../../spec/limit-period.js';
import { expectEnum, expectNumber, expectObject, expectString } from '../../wire/request-validation.js';
import type { GatewayServices } from '../gateway-services.js';
import type { Route } from '../http/route-table.js';

const codeLifetimeMs = 10 * 60_000;
const hashOf = (code: string) => createHash('sha256').update(code, 'utf8').digest('hex');

/** An app's callback: https anywhere, http only on this machine (an app in development). */
function callbackUrl(value: unknown): URL {
  const text = expectString(value, 'callback_url', { nonEmpty: true, maxLength: 2_000 });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new GatewayError('invalid_request', 'callback_url: not a URL', { metadata: { param: 'callback_url' } });
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && local))) {
    throw new GatewayError('invalid_request', 'callback_url: https, or http on localhost', { metadata: { param: 'callback_url' } });
  }
  return url;
}

const refused = (why: string) => new GatewayError('forbidden', `Invalid authorization code: ${why}`);

/**
 * OpenRouter's OAuth PKCE: POST /auth/keys/code (a signed-in account — the dashboard's consent page
 * at /auth, or any of its keys — makes a one-time code for an app's callback, with an S256 or plain
 * code challenge, an optional key label and spending limit) and POST /auth/keys (the app exchanges
 * the code and its code verifier for an API key of that account; no key needed). A code is kept as
 * its hash, works once (a failed exchange spends it too) and for ten minutes.
 */
export function oauthRoutes(services: GatewayServices): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/auth/keys/code',
      access: 'account',
      body: 'json',
      handler: async (exchange) => {
        const body = expectObject(exchange.json, 'body');
        const callback = callbackUrl(body.callback_url);
        const challenge = body.code_challenge === undefined || body.code_challenge === null ? null : expectString(body.code_challenge, 'code_challenge', { nonEmpty: true, maxLength: 128 });
        const method = challenge === null ? null : body.code_challenge_method === undefined ? 'plain' : expectEnum(body.code_challenge_method, 'code_challenge_method', ['S256', 'plain'] as const);
        if (challenge !== null && method === 'S256' && !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
          throw new GatewayError('invalid_request', 'code_challenge: an S256 challenge is 43 base64url characters (the SHA-256 of the verifier)', { metadata: { param: 'code_challenge' } });
        }
        const limitNano = body.limit === undefined || body.limit === null ? null : toNanoDollars(expectNumber(body.limit, 'limit', { min: 0, max: 1e9 }));
        const limitReset = body.usage_limit_type === undefined || body.usage_limit_type === null ? null : expectEnum(body.usage_limit_type, 'usage_limit_type', limitResets);
        const keyLabel = body.key_label === undefined || body.key_label === null ? null : expectString(body.key_label, 'key_label', { nonEmpty: true, maxLength: 200 });
        const code = randomBytes(32).toString('base64url');
        const now = services.now();
        await services.controlPlane.createAuthCode({
          codeHash: hashOf(code),
          accountId: exchange.principal.account.id,
          callbackUrl: callback.toString(),
          codeChallenge: challenge,
          codeChallengeMethod: method,
          keyLabel,
          limitNano,
          limitReset,
          createdAt: new Date(now).toISOString(),
          expiresAt: new Date(now + codeLifetimeMs).toISOString(),
          usedAt: null,
        });
        exchange.sendJson(200, { data: { id: code, app_id: 0, created_at: new Date(now).toISOString() } });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/keys',
      access: 'public',
      body: 'json',
      handler: async (exchange) => {
        const body = expectObject(exchange.json, 'body');
        const code = expectString(body.code, 'code', { nonEmpty: true, maxLength: 200 });
        const verifier = body.code_verifier === undefined || body.code_verifier === null ? null : expectString(body.code_verifier, 'code_verifier', { maxLength: 128 });
        const method =
          body.code_challenge_method === undefined || body.code_challenge_method === null ? null : expectEnum(body.code_challenge_method, 'code_challenge_method', ['S256', 'plain'] as const);
        const now = services.now();
        // Spent by this attempt whatever it proves: a code cannot be guessed at twice.
        const issued = await services.controlPlane.consumeAuthCode(hashOf(code), new Date(now).toISOString());
        if (!issued) throw refused('unknown, or already used');
        if (Date.parse(issued.expiresAt) <= now) throw refused('expired (codes last ten minutes)');
        if (issued.codeChallenge !== null) {
          if (verifier === null) throw refused('this code was issued with a code challenge: send code_verifier');
          if (method !== null && method !== issued.codeChallengeMethod) throw refused(`it was issued for code_challenge_method ${issued.codeChallengeMethod}`);
          if ((issued.codeChallengeMethod === 'S256' && !codeVerifierPattern.test(verifier)) || !verifierMatches(verifier, issued.codeChallenge, issued.codeChallengeMethod ?? 'plain')) {
            throw refused('the code verifier does not match its challenge');
          }
        }
        const account = await services.controlPlane.getAccount(issued.accountId);
        if (!account) throw refused('its account no longer exists');
        const created = await services.accounts.createKey({
          accountId: account.id,
          name: issued.keyLabel ?? `OAuth: ${new URL(issued.callbackUrl).host}`,
          isManagement: false,
          limitNano: issued.limitNano,
          limitReset: issued.limitNano === null ? null : issued.limitReset,
        });
        exchange.sendJson(200, { key: created.key, user_id: account.id });
      },
    },
  ];
}
