import { apiKeyPrefix } from '../../accounts/api-key-secret.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { HttpExchange } from '../http/http-exchange.js';

/**
 * The Switchboard key a request carries — `Authorization: Bearer sk-sb-v1-…`, or `x-api-key` as
 * Anthropic's SDK sends it — or null when it carries none. Anything else in those headers (an
 * OpenRouter key, a Basic credential, an empty Bearer) is a 401: it is never taken as no key.
 */
/** The token of an `Authorization: Bearer <token>` value; undefined when the value is not one. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return authorization === undefined ? undefined : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization)?.[1];
}

export function readCredentials(exchange: HttpExchange): string | null {
  const authorization = exchange.header('authorization');
  const apiKeyHeader = exchange.header('x-api-key');
  if (authorization === undefined && apiKeyHeader === undefined) return null;
  let token: string;
  if (authorization !== undefined) {
    const bearer = bearerToken(authorization);
    if (bearer === undefined) throw new GatewayError('unauthorized', 'Malformed Authorization header: expected "Bearer sk-sb-v1-…"');
    token = bearer;
  } else {
    token = apiKeyHeader!.trim();
  }
  if (!token.startsWith(apiKeyPrefix)) {
    const shown = token.length > 12 ? `${token.slice(0, 9)}…` : 'that value';
    throw new GatewayError('unauthorized', `Invalid API key (${shown}): Switchboard keys start with ${apiKeyPrefix}; create one with: switchboard keys create`);
  }
  return token;
}
