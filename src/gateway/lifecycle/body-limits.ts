import { GatewayError } from '../../errors/gateway-error.js';
import { parseJsonBody } from '../../wire/request-validation.js';
import { isMultipartForm, parseFormBody } from './form-body.js';
import type { HttpExchange } from '../http/http-exchange.js';

/**
 * The body-limits stage, before authentication: a JSON route refuses a declared body far over
 * server.max_body_bytes (413) and a Content-Type that is not JSON (415) without reading a byte.
 * text/plain is taken as JSON too (some clients send it), never form encodings.
 */
export function checkBodyHeaders(exchange: HttpExchange, accepts: 'json' | 'json-or-form' = 'json'): void {
  const contentType = exchange.header('content-type');
  const form = accepts === 'json-or-form' && contentType !== undefined && isMultipartForm(contentType);
  if (contentType && !form && !/^application\/(.+\+)?json\b/i.test(contentType) && !/^text\/plain\b/i.test(contentType)) {
    const wanted = accepts === 'json-or-form' ? 'application/json or multipart/form-data' : 'application/json';
    throw new GatewayError('unsupported_media_type', `Content-Type must be ${wanted}, got ${contentType.slice(0, 100)}`);
  }
  exchange.checkDeclaredLength();
}

/** The body-parsing stage, after authentication: the whole body read under its limits, parsed as JSON (or as a form, where the route takes one). */
export async function readJsonBody(exchange: HttpExchange, accepts: 'json' | 'json-or-form' = 'json'): Promise<void> {
  const bytes = await exchange.readBody();
  const contentType = exchange.header('content-type');
  if (accepts === 'json-or-form' && contentType !== undefined && isMultipartForm(contentType)) exchange.body = { bytes, json: await parseFormBody(bytes, contentType) };
  else exchange.body = { bytes, json: parseJsonBody(bytes) };
}
