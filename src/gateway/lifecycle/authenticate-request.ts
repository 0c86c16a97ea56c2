import { timingSafeEqual } from 'node:crypto';
import { GatewayError } from '../../errors/gateway-error.js';
import type { Principal } from '../../spec/principal.js';
import type { HttpExchange } from '../http/http-exchange.js';
import type { AccessNeed } from './access-need.js';
import type { KeyAuthenticator } from './key-authenticator.js';
import { notLocalBecause } from './local-development.js';
import { bearerToken, readCredentials } from './read-credentials.js';

export interface AuthenticationPolicy {
  keys: KeyAuthenticator;
  /** The bearer token /metrics takes (metrics.token); null when none is configured. */
  metricsToken: string | null;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function keyOrLocal(exchange: HttpExchange, policy: AuthenticationPolicy): Promise<Principal> {
  const token = readCredentials(exchange);
  if (token !== null) return policy.keys.authenticate(token);
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
    case 'management': {
      const token = readCredentials(exchange);
      if (token === null) throw new GatewayError('unauthorized', 'This endpoint needs a management key: Authorization: Bearer sk-sb-v1-… (switchboard keys create --management)');
      const principal = await policy.keys.authenticate(token);
      if (!principal.key?.isManagement) throw new GatewayError('forbidden', 'This endpoint requires a management key (create one with: switchboard keys create --management)');
      exchange.principal = principal;
      return;
    }
  }
}
