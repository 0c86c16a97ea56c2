import { errors as undiciErrors } from 'undici';
import { GatewayError } from '../../errors/gateway-error.js';
import { z } from 'zod';
import { redactCredentials, truncateText } from '../../errors/redact-credentials.js';

/** The error bodies providers send: `{"error": {"message"}}` (OpenAI, Anthropic, Gemini), `{"error": "…"}`, `{"message"}`, `{"detail"}`. */
const errorBodySchema = z.looseObject({
  error: z
    .union([z.string(), z.looseObject({ message: z.string().optional().catch(undefined), type: z.string().optional().catch(undefined), status: z.string().optional().catch(undefined) })])
    .optional()
    .catch(undefined),
  message: z.string().optional().catch(undefined),
  detail: z.string().optional().catch(undefined),
});

/** How much of a provider's error body is relayed (metadata.raw) and logged. */
export const maxRawCharacters = 4_096;

/** A provider's words, safe to relay: credentials hidden, length bounded. */
export function relayable(text: string, maxCharacters = maxRawCharacters): string {
  return redactCredentials(truncateText(text, maxCharacters));
}

/**
 * The readable message of an upstream error body: `{"error": {"message"}}` (OpenAI, Anthropic,
 * Gemini), `{"error": "…"}`, `{"message"}`, `{"detail"}`, or the text itself.
 */
export function extractErrorMessage(body: string, kindField?: 'type' | 'status'): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const shaped = errorBodySchema.safeParse(Array.isArray(parsed) ? parsed[0] : parsed);
  if (shaped.success) {
    const { error, message, detail } = shaped.data;
    const found = typeof error === 'string' ? error : (error?.message ?? message ?? detail);
    // Anthropic's error.type and Gemini's error.status name the kind of failure: they lead the message.
    const kind = kindField && typeof error === 'object' ? error[kindField] : undefined;
    if (found) return kind ? `${kind}: ${found}` : found;
  }
  const text = body.trim();
  return text.length > 500 ? `${text.slice(0, 500)}…` : text || '(empty body)';
}

/**
 * An upstream HTTP error → GatewayError: the provider's own message in the message and the raw
 * body in metadata.raw, the provider's name and status in metadata, the right status and
 * retryability (429 and 5xx retry on another endpoint; 400-class rejections do not).
 */
export function mapUpstreamHttpError(providerName: string, status: number, body: string, retryAfter: string | null, message: string = extractErrorMessage(body)): GatewayError {
  const text = `${providerName} returned HTTP ${status}: ${relayable(message, 1_000)}`;
  const metadata = { provider_name: providerName, provider_code: status, raw: relayable(body) };
  if (status === 400 || status === 422 || status === 413) return new GatewayError('upstream_request_rejected', text, { metadata });
  if (status === 408) return new GatewayError('request_timeout', text, { metadata });
  if (status === 429) return new GatewayError('upstream_rate_limited', text, { metadata, headers: retryAfter ? { 'Retry-After': retryAfter } : {} });
  return new GatewayError('upstream_error', text, { metadata });
}

/** A failure to reach the provider or to read its answer → GatewayError (or the abort reason). */
export function mapTransportError(providerName: string, timeoutMs: number, error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason ?? error;
  if (GatewayError.isInstance(error)) return error;
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
    return new GatewayError('request_timeout', `${providerName} did not answer within ${timeoutMs} ms`, { metadata: { provider_name: providerName }, cause: error });
  }
  const code = (error as { code?: string }).code ?? 'unknown';
  const message = relayable(String((error as Error).message), 1_000);
  return new GatewayError('upstream_error', `${providerName} could not be reached (${relayable(String(code), 100)}): ${message}`, {
    metadata: { provider_name: providerName, raw: message },
    cause: error,
  });
}

/** A response Switchboard cannot read. */
export function invalidResponse(providerName: string, detail: string): GatewayError {
  const shown = relayable(detail, 1_000);
  return new GatewayError('upstream_invalid_response', `${providerName} sent an invalid response: ${shown}`, { metadata: { provider_name: providerName, raw: shown } });
}

/** An error the provider reported inside a stream (after HTTP 200): a rate limit, or any other failure. */
export function midStreamError(providerName: string, message: string, raw: string, kind: 'error' | 'rate_limited' = 'error'): GatewayError {
  return new GatewayError(kind === 'rate_limited' ? 'upstream_rate_limited' : 'upstream_error', `${providerName} failed mid-stream: ${relayable(message, 1_000)}`, {
    metadata: { provider_name: providerName, raw: relayable(raw) },
  });
}
