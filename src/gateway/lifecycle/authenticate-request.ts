import { timingSafeEqual } from 'node:crypto';
import { GatewayError } from '../../errors/gateway-error.js';
import type { Principal } from '../../spec/principal.js';
import type { HttpExchange } from '../http/http-exchange.js';
import type { AccessNeed } from './access-need.js';
import type { KeyAuthenticator } from './key-authenticator.js';
import { notLocalBecause } from './local-development.js';
import { bearerToken, readCredentials } from './read-credentials.js';
import { cookieValue, sessionCookieName, type SessionCookies } from '../dashboard/session-cookie.js';

export interface AuthenticationPolicy {
  keys: KeyAuthenticator;
  /** The bearer token /metrics takes (metrics.token); null when none is configured. */
  metricsToken: string | null;
  /** The dashboard's session cookies: a signed-in browser is its key (null: no dashboard sessions). */
  sessions?: SessionCookies | null;
  /** Accounts whose management keys see the whole platform (auth.platform_accounts); undefined: every management key does. */
  platformAccounts?: readonly string[];
}

/**
 * Whether a principal sees every account's traffic: a management key, of a platform account when
 * auth.platform_accounts names them (then another account's management key manages its own keys
 * and sees its own traffic only).
 */
export function seesPlatform(principal: Principal, platformAccounts: readonly string[] | undefined): boolean {
  if (!principal.key?.isManagement) return false;
  return platformAccounts === undefined || platformAccounts.includes(principal.account.id);
}

/** The header the dashboard sends with every request that changes something (a page of another site cannot). */
export const dashboardRequestHeader = 'x-switchboard-dashboard';

/**
 * The principal of a dashboard session, or null when the request carries no valid session cookie.
 * A session's request that changes anything must come from the dashboard itself: the cookie is
 * SameSite=Strict, and the request must also carry x-switchboard-dashboard and no foreign Origin.
 */
async function sessionPrincipal(exchange: HttpExchange, policy: AuthenticationPolicy): Promise<Principal | null> {
  const session = policy.sessions?.read(cookieValue(exchange.header('cookie'), sessionCookieName));
  if (!session) return null;
  if (exchange.method !== 'GET' && exchange.method !== 'HEAD') {
    const origin = exchange.header('origin');
    const host = exchange.header('host');
    if (exchange.header(dashboardRequestHeader) !== '1' || (origin !== undefined && host !== undefined && origin !== `http://${host}` && origin !== `https://${host}`))
      throw new GatewayError('forbidden', 'A signed-in dashboard request that changes something must come from the dashboard (x-switchboard-dashboard header, same origin)');
  }
  if (session.keyHash === null) return policy.keys.allowsAnonymous && !notLocalBecause(exchange) ? policy.keys.localDevelopment() : null;
  return policy.keys.authenticateHash(session.keyHash);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function keyOrLocal(exchange: HttpExchange, policy: AuthenticationPolicy): Promise<Principal> {
  const token = readCredentials(exchange);
  if (token !== null) return policy.keys.authenticate(token);
  const session = await sessionPrincipal(exchange, policy);
  if (session) return session;
  if (!policy.keys.allowsAnonymous) throw new GatewayError('unauthorized', 'No auth credentials found: send Authorization: Bearer sk-sb-v1-… (create a key with: switchboard keys create)');
  const refusal = notLocalBecause(exchange);
  if (refusal) throw new GatewayError('unauthorized', `No auth credentials found. Key-less local development is refused for this request: ${refusal}`);
  return policy.keys.localDevelopment();
}

/**
 * The authentication stage: what the route declared it needs, checked before its handler runs.
 * A route's handler then reads `exchange.principal`; it never parses credentials itself.
 */
export async function authenticateRequest(exchange: HttpExchange, access: AccessNeed, policy: AuthenticationPolicy): Promise<void> {
  switch (access) {
    case 'public':
      return;
    case 'metrics': {
      if (policy.metricsToken !== null) {
        const given = bearerToken(exchange.header('authorization'));
        if (given === undefined || !sameSecret(given, policy.metricsToken)) throw new GatewayError('unauthorized', '/metrics needs Authorization: Bearer <metrics.token>');
        return;
      }
      const refusal = policy.keys.allowsAnonymous ? notLocalBecause(exchange) : 'local development (auth.anonymous) is off';
      if (refusal)
        throw new GatewayError('unauthorized', `/metrics is protected: set metrics.token (then scrape with that bearer token) or metrics.port (a loopback listener); refused because ${refusal}`);
      return;
    }
    case 'account':
      exchange.principal = await keyOrLocal(exchange, policy);
      return;
    case 'inference': {
      const principal = await keyOrLocal(exchange, policy);
      if (principal.key?.isManagement) throw new GatewayError('forbidden', 'Management keys cannot call inference endpoints; use an API key');
      exchange.principal = principal;
      return;
    }
    case 'management':
    case 'platform': {
      const token = readCredentials(exchange);
      const principal = token === null ? await sessionPrincipal(exchange, policy) : await policy.keys.authenticate(token);
      if (principal === null) throw new GatewayError('unauthorized', 'This endpoint needs a management key: Authorization: Bearer sk-sb-v1-… (switchboard keys create --management)');
      if (!principal.key?.isManagement) throw new GatewayError('forbidden', 'This endpoint requires a management key (create one with: switchboard keys create --management)');
      if (access === 'platform' && !seesPlatform(principal, policy.platformAccounts))
        throw new GatewayError('forbidden', "This endpoint reads every account's traffic: it needs a management key of a platform account (auth.platform_accounts)");
      exchange.principal = principal;
      return;
    }
  }
}
