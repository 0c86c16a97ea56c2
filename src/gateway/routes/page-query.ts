import { GatewayError } from '../../errors/gateway-error.js';

/** `offset` and `limit` of a listing's query, checked (a 400 naming the one that is wrong). */
export function pageQuery(query: URLSearchParams, defaultLimit = 50, maximumLimit = 500): { offset: number; limit: number } {
  const offset = Number(query.get('offset') ?? 0);
  const limit = Number(query.get('limit') ?? defaultLimit);
  if (!Number.isInteger(offset) || offset < 0) throw new GatewayError('invalid_request', 'offset: expected a non-negative integer', { metadata: { param: 'offset' } });
  if (!Number.isInteger(limit) || limit < 1 || limit > maximumLimit)
    throw new GatewayError('invalid_request', `limit: expected an integer from 1 to ${maximumLimit}`, { metadata: { param: 'limit' } });
  return { offset, limit };
}
