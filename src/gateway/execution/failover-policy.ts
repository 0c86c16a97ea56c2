import type { GatewayError } from '../../errors/gateway-error.js';
import { retryAfterMilliseconds } from './retry-after.js';

export type NextStep = { kind: 'stop' } | { kind: 'next-endpoint' } | { kind: 'wait-and-retry'; waitMs: number };

export interface FailureFacts {
  error: GatewayError;
  /** Whether this was the last endpoint of the plan. */
  lastEndpoint: boolean;
  /** Whether anything of the answer already reached the client (then it cannot be replaced). */
  deliveredAny: boolean;
  /** Whether this request already waited out a Retry-After once. */
  waitedBefore: boolean;
  /** routing.max_retry_wait_ms */
  maxRetryWaitMs: number;
}

/**
 * After a failed attempt: a retryable error moves on to the next endpoint while nothing reached the
 * client; on the last endpoint, a 429 asking for a short pause (Retry-After up to max_retry_wait_ms)
 * is waited out once and the endpoint tried again; anything else ends the request with the error.
 */
export function nextStepAfter(facts: FailureFacts): NextStep {
  if (facts.deliveredAny) return { kind: 'stop' };
  const waitMs = retryAfterMilliseconds(facts.error.headers['Retry-After']);
  if (facts.lastEndpoint && facts.error.status === 429 && waitMs !== null && waitMs <= facts.maxRetryWaitMs && !facts.waitedBefore) return { kind: 'wait-and-retry', waitMs };
  if (facts.error.retryable && !facts.lastEndpoint) return { kind: 'next-endpoint' };
  return { kind: 'stop' };
}
