import { z } from 'zod';
import { GatewayError } from '../../errors/gateway-error.js';
import type { Principal } from '../../spec/principal.js';
import { cookieValue, sessionCookieName, sessionSetCookie } from '../dashboard/session-cookie.js';
import type { GatewayServices } from '../gateway-services.js';
import type { HttpExchange } from '../http/http-exchange.js';
import type { Route } from '../http/route-table.js';
import { seesPlatform } from '../lifecycle/authenticate-request.js';
import { notLocalBecause } from '../lifecycle/local-development.js';

const signInSchema = z.strictObject({ key: z.string().min(1).max(500) });

function describe(principal: Principal, localDevelopment: boolean, platformAccounts: readonly string[] | undefined) {
  return {
    signed_in: true,
    local_development: localDevelopment,
    account: { id: principal.account.id, name: principal.account.name },
    key: principal.key ? { name: principal.key.name, hash: principal.key.hash, label: principal.key.label ?? null, is_management: principal.key.isManagement } : null,
    /** Every account's traffic (a management key of a platform account), or this account's only. */
    sees_platform: seesPlatform(principal, platformAccounts),
  };
}

const isHttps = (exchange: HttpExchange) => exchange.header('x-forwarded-proto') === 'https';

/**
 * Signing in to the dashboard: an API key is exchanged for a signed session cookie (HttpOnly,
 * SameSite=Strict); the key itself is never stored in the browser. GET says who is signed in (or
 * that key-less local development is on); DELETE signs out.
 */
export function dashboardSessionRoutes(services: GatewayServices): Route[] {
  const path = '/api/v1/dashboard/session';
  return [
    {
      method: 'POST',
      path,
      access: 'public',
      body: 'json',
      handler: async (exchange) => {
        const parsed = signInSchema.safeParse(exchange.json);
        if (!parsed.success) throw new GatewayError('invalid_request', 'Send {"key": "sk-sb-v1-…"}: the API key to sign in with');
        const principal = await services.authenticator.authenticate(parsed.data.key.trim());
        const value = services.sessions.issue(principal.key!.hash);
        exchange.sendJson(
          200,
          { data: describe(principal, false, services.config.auth.platform_accounts) },
          { 'set-cookie': sessionSetCookie(value, Math.floor(services.sessions.lifetimeMs / 1000), isHttps(exchange)), 'cache-control': 'no-store' },
        );
      },
    },
    {
      method: 'GET',
      path,
      access: 'public',
      handler: async (exchange) => {
        const session = services.sessions.read(cookieValue(exchange.header('cookie'), sessionCookieName));
        if (session?.keyHash) {
          const principal = await services.authenticator.authenticateHash(session.keyHash).catch(() => null);
          if (principal) {
            exchange.sendJson(200, { data: describe(principal, false, services.config.auth.platform_accounts) }, { 'cache-control': 'no-store' });
            return;
          }
        }
        if (services.authenticator.allowsAnonymous && notLocalBecause(exchange) === null) {
          exchange.sendJson(200, { data: describe(await services.authenticator.localDevelopment(), true, services.config.auth.platform_accounts) }, { 'cache-control': 'no-store' });
          return;
        }
        throw new GatewayError('unauthorized', 'Not signed in: POST /api/v1/dashboard/session with {"key": …}');
      },
    },
    {
      method: 'DELETE',
      path,
      access: 'public',
      handler: (exchange) => {
        exchange.sendJson(200, { data: { signed_in: false } }, { 'set-cookie': sessionSetCookie('', 0, isHttps(exchange)), 'cache-control': 'no-store' });
      },
    },
  ];
}
