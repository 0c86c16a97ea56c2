/**
 * The registry of every error Switchboard can return. A code is stable: clients and dashboards may
 * match on it. `errorType` is OpenRouter's `error.metadata.error_type` vocabulary. Every code is
 * documented in docs/errors.md (a test keeps the two in step).
 */
export interface ErrorCodeDefinition {
  status: number;
  errorType: string;
  retryable: boolean;
  description: string;
}

export const errorCodes = {
  invalid_json: {
    status: 400,
    errorType: 'invalid_request',
    retryable: false,
    description: 'The request body is not valid JSON.',
  },
  invalid_request: {
    status: 400,
    errorType: 'invalid_request',
    retryable: false,
    description: 'A field of the request is missing, of the wrong type or out of range; the message names the field.',
  },
  context_length_exceeded: {
    status: 400,
    errorType: 'context_length_exceeded',
    retryable: false,
    description: "The prompt plus the requested completion does not fit the model's context window.",
  },
  unauthorized: {
    status: 401,
    errorType: 'authentication',
    retryable: false,
    description: 'No API key was sent, or the key is unknown, disabled or expired.',
  },
  insufficient_credits: {
    status: 402,
    errorType: 'payment_required',
    retryable: false,
    description: "The account's credit balance cannot pay for the request (checked before any upstream call).",
  },
  key_limit_exceeded: {
    status: 402,
    errorType: 'payment_required',
    retryable: false,
    description: "A spending limit the key is held to cannot pay for the request in its current period: the key's own, a guardrail's budget, or its workspace's budget (metadata names which).",
  },
  forbidden: {
    status: 403,
    errorType: 'permission_denied',
    retryable: false,
    description: 'The key may not use this endpoint (for example a management key on an inference endpoint).',
  },
  misdirected_request: {
    status: 421,
    errorType: 'invalid_request',
    retryable: false,
    description: 'The Host header names a host this gateway does not serve (server.allowed_hosts).',
  },
  not_found: {
    status: 404,
    errorType: 'not_found',
    retryable: false,
    description: 'No such path or resource.',
  },
  model_not_found: {
    status: 404,
    errorType: 'not_found',
    retryable: false,
    description: 'The requested model is not in the catalog.',
  },
  no_endpoints: {
    status: 404,
    errorType: 'not_found',
    retryable: false,
    description: "No provider endpoint of the model meets the request's requirements; the message says which requirement excluded which endpoints.",
  },
  conflict: {
    status: 409,
    errorType: 'invalid_request',
    retryable: false,
    description: 'The change conflicts with what exists: a slug already taken, a workspace that still has keys.',
  },
  method_not_allowed: {
    status: 405,
    errorType: 'invalid_request',
    retryable: false,
    description: 'The path exists but not for this HTTP method.',
  },
  request_timeout: {
    status: 408,
    errorType: 'timeout',
    retryable: true,
    description: 'The request took longer than its time limit (reading the body, or waiting for the upstream provider).',
  },
  payload_too_large: {
    status: 413,
    errorType: 'payload_too_large',
    retryable: false,
    description: 'The request body is larger than server.max_body_bytes.',
  },
  unsupported_media_type: {
    status: 415,
    errorType: 'invalid_request',
    retryable: false,
    description: 'The request body is not sent as application/json.',
  },
  rate_limited: {
    status: 429,
    errorType: 'rate_limit_exceeded',
    retryable: true,
    description: "The key's request rate limit is exhausted; Retry-After says when to try again.",
  },
  upstream_rate_limited: {
    status: 429,
    errorType: 'rate_limit_exceeded',
    retryable: true,
    description: 'The provider rate-limited the request and no other endpoint could serve it.',
  },
  internal_error: {
    status: 500,
    errorType: 'server',
    retryable: true,
    description: 'An unexpected error inside Switchboard; the message is masked and the details are in the server log.',
  },
  upstream_error: {
    status: 502,
    errorType: 'provider_unavailable',
    retryable: true,
    description: "The provider returned an error or could not be reached; metadata.raw holds the provider's own message.",
  },
  upstream_invalid_response: {
    status: 502,
    errorType: 'provider_unavailable',
    retryable: true,
    description: 'The provider answered with something that is not a valid response for its wire format.',
  },
  upstream_request_rejected: {
    status: 400,
    errorType: 'invalid_request',
    retryable: false,
    description: "The provider rejected the request as invalid (HTTP 400/422); metadata.raw holds the provider's message.",
  },
  no_provider_available: {
    status: 503,
    errorType: 'provider_unavailable',
    retryable: true,
    description: 'The model exists but no configured provider serves it right now.',
  },
  shutting_down: {
    status: 503,
    errorType: 'provider_overloaded',
    retryable: true,
    description: 'The gateway is shutting down and accepts no new generations.',
  },
  log_unavailable: {
    status: 503,
    errorType: 'server',
    retryable: true,
    description: 'The generation could not be written to the durable log (its disk refused the write, say); it was not charged. Retry.',
  },
  guardrail_blocked: {
    status: 403,
    errorType: 'permission_denied',
    retryable: false,
    description: 'A guardrail assigned to the key does not allow this request (its model, or every provider that serves it); metadata names the guardrail.',
  },
  byok_unavailable: {
    status: 503,
    errorType: 'server',
    retryable: false,
    description: "Bring-your-own-key is not set up on this gateway (its operator sets byok.encryption_key_env), or a stored provider key cannot be read with the gateway's current encryption key.",
  },
  limits_unavailable: {
    status: 503,
    errorType: 'server',
    retryable: true,
    description: 'The shared rate limits and credit balances (Redis) cannot be reached, so the request was refused rather than let through unchecked; nothing was charged. Retry.',
  },
  gateway_interrupted: {
    status: 502,
    errorType: 'provider_unavailable',
    retryable: true,
    description: 'The gateway stopped (a crash or kill) while the generation was in flight; the restarted gateway recorded it as failed and charged nothing.',
  },
} as const satisfies Record<string, ErrorCodeDefinition>;

export type ErrorCode = keyof typeof errorCodes;
