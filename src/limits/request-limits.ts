import type { Principal } from '../spec/principal.js';
import type { CatalogModel } from '../catalog/catalog-model.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { RateLimiter, WindowState } from './rate-limiter.js';

export interface RequestLimitSettings {
  /** Per key, unless the key sets its own; null for none. */
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  /** `:free` models, per account (OpenRouter's free-tier rules). */
  freeRequestsPerMinute: number;
  freeRequestsPerDay: number;
  freeRequestsPerDayWithCredits: number;
  /** Purchased credits (nano-USD) from which the larger daily free allowance applies. */
  freeCreditsThresholdNano: number;
}

/** What a request was admitted under: settle it with its real token count when it ends. */
export interface RateTicket {
  /** Response headers: the tightest limit that applied (X-RateLimit-*). */
  headers: Record<string, string>;
  settle(totalTokens: number): void;
}

function headersOf(state: WindowState): Record<string, string> {
  return { 'X-RateLimit-Limit': String(state.limit), 'X-RateLimit-Remaining': String(state.remaining), 'X-RateLimit-Reset': String(state.resetAt) };
}

function refusal(what: string, state: WindowState, now: number): GatewayError {
  const seconds = Math.max(1, Math.ceil((state.resetAt - now) / 1000));
  return new GatewayError('rate_limited', `Rate limit exceeded: ${what} (${state.limit}). Retry in ${seconds} s.`, {
    metadata: { limit: state.limit, reset_at: state.resetAt },
    headers: { 'Retry-After': String(seconds), ...headersOf(state) },
  });
}

/**
 * The rate limits a request meets before it is routed: requests and tokens per minute per key
 * (the key's own, or the gateway's defaults) and, for `:free` models, requests per minute and per
 * UTC day per account (the daily allowance grows once the account bought credits). A refusal is a
 * 429 with Retry-After and X-RateLimit-Limit / -Remaining / -Reset.
 */
export class RequestLimits {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly settings: RequestLimitSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** Requests to `:free` models the account made this UTC day. */
  freeRequestsToday(accountId: string): number {
    return this.limiter.usedToday(`free-day/${accountId}`);
  }

  admit(auth: Principal, model: CatalogModel, estimatedTokens: number): RateTicket {
    const now = this.now();
    const states: WindowState[] = [];
    const undo: (() => void)[] = [];
    const fail = (error: GatewayError): never => {
      for (const step of undo) step();
      throw error;
    };
    const key = auth.key;
    const rpm = key?.requestsPerMinute ?? (key ? this.settings.requestsPerMinute : null);
    const tpm = key?.tokensPerMinute ?? (key ? this.settings.tokensPerMinute : null);
    if (key && rpm !== null) {
      const state = this.limiter.take(`rpm/${key.hash}`, rpm, 1);
      if (!state.allowed) fail(refusal('requests per minute for this key', state, now));
      undo.push(() => this.limiter.add(`rpm/${key.hash}`, -1));
      states.push(state);
    }
    if (key && tpm !== null) {
      const state = this.limiter.take(`tpm/${key.hash}`, tpm, estimatedTokens);
      if (!state.allowed) fail(refusal('tokens per minute for this key', state, now));
      undo.push(() => this.limiter.add(`tpm/${key.hash}`, -estimatedTokens));
      states.push(state);
    }
    if (model.id.endsWith(':free')) {
      const account = auth.account;
      const perMinute = this.limiter.take(`free-rpm/${account.id}`, this.settings.freeRequestsPerMinute, 1);
      if (!perMinute.allowed) fail(refusal('free-model requests per minute', perMinute, now));
      undo.push(() => this.limiter.add(`free-rpm/${account.id}`, -1));
      const perDayLimit = account.purchasedNano >= this.settings.freeCreditsThresholdNano ? this.settings.freeRequestsPerDayWithCredits : this.settings.freeRequestsPerDay;
      const perDay = this.limiter.takeDaily(`free-day/${account.id}`, perDayLimit);
      if (!perDay.allowed) fail(refusal('free-model requests per day', perDay, now));
      states.push(perMinute, perDay);
    }
    const tightest = states.sort((a, b) => a.remaining / a.limit - b.remaining / b.limit)[0];
    let settled = false;
    return {
      headers: tightest ? headersOf(tightest) : {},
      settle: (totalTokens) => {
        if (settled || !key || tpm === null) return;
        settled = true;
        this.limiter.add(`tpm/${key.hash}`, totalTokens - estimatedTokens);
      },
    };
  }
}
