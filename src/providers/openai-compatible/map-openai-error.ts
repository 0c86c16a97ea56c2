import { GatewayError } from '../../errors/gateway-error.js';

/** Pulls a readable message out of an OpenAI-style error body (`{"error": {"message"}}`, `{"message"}`, `{"detail"}` or plain text). */
export function extractUpstreamMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const error = parsed.error;
    if (typeof error === 'string') return error;
    if (error && typeof error === 'object' && typeof (error as Record<string, unknown>).message === 'string') return (error as { message: string }).message;
    if (typeof parsed.message === 'string') return parsed.message;
    if (typeof parsed.detail === 'string') return parsed.detail;
  } catch {
    // not JSON: use the text itself
  }
  const text = body.trim();
  return text.length > 500 ? `${text.slice(0, 500)}…` : text || '(empty body)';
}

/**
 * An upstream HTTP error → GatewayError: the provider's own message in the message and in
 * metadata.raw, the provider's name and status in metadata, and the right status and retryability.
 */
export function mapUpstreamHttpError(providerName: string, status: number, body: string, retryAfter: string | null): GatewayError {
  const message = `${providerName} returned HTTP ${status}: ${extractUpstreamMessage(body)}`;
  const metadata = { provider_name: providerName, provider_code: status, raw: body };
  if (status === 400 || status === 422 || status === 413) return new GatewayError('upstream_request_rejected', message, { metadata });
  if (status === 408) return new GatewayError('request_timeout', message, { metadata });
  if (status === 429) return new GatewayError('upstream_rate_limited', message, { metadata, headers: retryAfter ? { 'Retry-After': retryAfter } : {} });
  return new GatewayError('upstream_error', message, { metadata });
}
