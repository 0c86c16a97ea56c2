import { randomUUID } from 'node:crypto';
import type { HttpExchange } from '../http/http-exchange.js';

const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id: the client's X-Request-Id when it is a sane token, else a new one; echoed back and logged. */
export function assignRequestId(exchange: HttpExchange): string {
  const given = exchange.header('x-request-id');
  const id = given !== undefined && acceptable.test(given) ? given : randomUUID();
  exchange.responseHeaders['x-request-id'] = id;
  exchange.logFields.request_id = id;
  return id;
}
