import { errorCodes, type ErrorCode } from './error-codes.js';

const marker = Symbol.for('switchboard.gateway-error');

export interface GatewayErrorOptions {
  /** Overrides the registry's HTTP status (for example an upstream 503 passed through as 502 stays 502). */
  status?: number;
  /** Extra fields for `error.metadata` (provider_name, raw, …). */
  metadata?: Record<string, unknown>;
  /** Response headers to add (Retry-After, X-RateLimit-*). */
  headers?: Record<string, string>;
  retryable?: boolean;
  cause?: unknown;
}

/** The one error type of Switchboard: a stable code, an HTTP status, a retryable flag and a cause. */
export class GatewayError extends Error {
  readonly [marker] = true;
  readonly code: ErrorCode;
  readonly status: number;
  readonly errorType: string;
  readonly retryable: boolean;
  readonly metadata: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const definition = errorCodes[code];
    this.name = 'GatewayError';
    this.code = code;
    this.status = options.status ?? definition.status;
    this.errorType = definition.errorType;
    this.retryable = options.retryable ?? definition.retryable;
    this.metadata = options.metadata ?? {};
    this.headers = options.headers ?? {};
  }

  static isInstance(error: unknown): error is GatewayError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }

  /** Wraps anything thrown into a GatewayError; unknown errors become a masked internal_error. */
  static from(error: unknown): GatewayError {
    if (GatewayError.isInstance(error)) return error;
    return new GatewayError('internal_error', 'Internal server error', { cause: error });
  }
}
