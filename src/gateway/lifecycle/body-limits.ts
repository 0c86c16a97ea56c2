import { GatewayError } from '../../errors/gateway-error.js';
import { parseJsonBody } from '../../wire/request-validation.js';
import type { HttpExchange } from '../http/http-exchange.js';

/**
 * The body-limits stage, before authentication: a JSON route refuses a declared body far over
 * server.max_body_bytes (413) and a Content-Type that is not JSON (415) without reading a byte.
 * text/plain is taken as JSON too (some clients send it), never form encodings.
 */
export function checkBodyHeaders(exchange: HttpExchange): void {
  const contentType = exchange.header('content-type');
  if (contentType && !/^application\/(.+\+)?json\b/i.test(contentType) && !/^text\/plain\b/i.test(contentType)) {
    throw new GatewayError('unsupported_media_type', `Content-Type must be application/json, got ${contentType.slice(0, 100)}`);
  }
  exchange.checkDeclaredLength();
}

/** The body-parsing stage, after authentication: the whole body read under its limits, parsed as JSON. */
export async function readJsonBody(exchange: HttpExchange): Promise<void> {
  const bytes = await exchange.readBody();
  exchange.body = { bytes, json: parseJsonBody(bytes) };
}
