import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { checkedNano, type KeyBalance, limitSourceMetadata, type Reservation, type ReserveRefusal } from '../../accounting/credit-ledger.js';
import { fromNanoDollars } from '../../accounting/pricing.js';
import { spendLimitsOf, spendScopesOf } from '../../accounting/spend-limits.js';
import type { CatalogModel } from '../../catalog/catalog-model.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { Account, ApiKey, KeyUsage } from '../../spec/account.js';
import { nextPeriodStartDay, utcDay, type LimitReset } from '../../spec/limit-period.js';
import type { Principal } from '../../spec/principal.js';
import type { ControlPlaneStore } from '../../storage/control-plane/control-plane-store.js';
import type { RateTicket, RequestLimitSettings } from '../request-limits.js';
import type { AccountBalance, SharedLimits } from '../shared-limits.js';
import { accountBalanceScript, admitAndReserveScript, keyBalanceScript, loadScript, settleBatchScript } from './limit-scripts.js';

export interface RedisLimitsOptions {
  /** Rate limits as configured (the same settings as the local limits). */
  settings: RequestLimitSettings;
  /** A reservation not settled within this time (its node died) is given back by the next script. */
  reservationTtlMs: number;
  /** Time for the scripts; default: the Redis server's clock, so every node agrees. */
  now?: () => number;
  /** How long settlements wait to go to Redis together (default 2 ms). */
  settleBatchMs?: number;
  /** A settlement that could not be written (Redis unreachable): reported, never thrown at a finished request. */
  onSettleError?: (error: unknown) => void;
}

interface LimitScripts {
  switchboardLoad(...args: (string | number)[]): Promise<number>;
  switchboardAdmitAndReserve(...args: (string | number)[]): Promise<(string | number)[]>;
  switchboardSettleBatch(...args: (string | number)[]): Promise<number>;
  switchboardAccountBalance(...args: (string | number)[]): Promise<(string | null)[]>;
  switchboardKeyBalance(...args: (string | number)[]): Promise<(string | number | null)[]>;
}

/** The key's limits besides its own as the script takes them: a count, then limit, reset, BYOK counted, source, scope for each. */
function otherLimitArguments(key: ApiKey | null): (string | number)[] {
  const limits = key ? spendLimitsOf(key).filter((limit) => limit.source !== 'key') : [];
  return [limits.length, ...limits.flatMap((limit) => [limit.limitNano, limit.reset ?? '', limit.includeByok ? '1' : '0', limit.source, limit.scope ?? ''])];
}

/** When a limit with this reset starts over after `day` (ISO time, for the refusal's message); null when it never does. */
function resetsAt(reset: LimitReset | null | undefined, day: number): string | null {
  return reset ? new Date(nextPeriodStartDay(reset, day) * 86_400_000).toISOString() : null;
}

const rateWhat = ['', 'requests per minute for this key', 'tokens per minute for this key', 'free-model requests per minute', 'free-model requests per day'];

/** The 503 every node answers while its counters cannot be reached: paid traffic fails closed. */
export function limitsUnavailable(cause: unknown): GatewayError {
  return new GatewayError('limits_unavailable', 'Rate limits and credits are kept in Redis, which cannot be reached right now: nothing was charged. Retry shortly.', { cause });
}

/** A key's or scope's usage as the load script takes it. */
function usageCounters(usage: KeyUsage): number[] {
  return [usage.totalNano, usage.dailyNano, usage.weeklyNano, usage.monthlyNano, usage.byokTotalNano, usage.byokDailyNano, usage.byokWeeklyNano, usage.byokMonthlyNano];
}

function integer(value: string | number | null | undefined): number {
  const parsed = typeof value === 'number' ? value : Number(value ?? 0);
  if (!Number.isSafeInteger(parsed)) throw new RangeError(`Redis returned a counter that is not an integer: ${String(value)}`);
  return parsed;
}

/**
 * Credits, key limits and rate limits shared by every gateway node, in Redis. Each request is one
 * script (admitAndReserve: rate windows, then the credit and key-limit reservation) — one round
 * trip, atomic across nodes, so a reservation made on one node is seen by the next node's check.
 * A settlement is one more script, sent without waiting (auto-pipelined with others). Reservations
 * carry a deadline: those of a node that died are given back. Any Redis failure on the way in is
 * a 503 (`limits_unavailable`): nothing passes unchecked.
 */
export class RedisLimits implements SharedLimits {
  private readonly scripts: LimitScripts;
  /**
   * Key hash → the key as last loaded: its account (its counters live under the account's hash
   * tag), its limit's reset (for a refusal's message) and its guardrails (a reservation by hash
   * alone is held to them too).
   */
  private readonly loadedKeys = new Map<string, ApiKey>();
  private readonly instance = randomBytes(6).toString('hex');
  private sequence = 0;
  private readonly pending = new Set<Promise<unknown>>();
  /** Redis round trips made, by what for (bench:cluster reads it). */
  readonly roundTrips = { load: 0, admit: 0, settle: 0, balance: 0 };

  constructor(
    private readonly redis: Redis,
    private readonly controlPlane: ControlPlaneStore,
    private readonly options: RedisLimitsOptions,
  ) {
    redis.defineCommand('switchboardLoad', { numberOfKeys: 2, lua: loadScript });
    redis.defineCommand('switchboardAdmitAndReserve', { numberOfKeys: 8, lua: admitAndReserveScript });
    redis.defineCommand('switchboardSettleBatch', { numberOfKeys: 3, lua: settleBatchScript });
    redis.defineCommand('switchboardAccountBalance', { numberOfKeys: 1, lua: accountBalanceScript });
    redis.defineCommand('switchboardKeyBalance', { numberOfKeys: 2, lua: keyBalanceScript });
    this.scripts = redis as unknown as LimitScripts;
  }

  private prefix(accountId: string): string {
    return `sb:{${accountId}}:`;
  }

  private now(): string {
    return this.options.now ? String(this.options.now()) : '';
  }

  private async guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (GatewayError.isInstance(error) || error instanceof RangeError) throw error;
      throw limitsUnavailable(error);
    }
  }

  async load(account: Account, key: ApiKey | null): Promise<void> {
    const prefix = this.prefix(account.id);
    const today = utcDay(this.options.now?.() ?? Date.now());
    const usage = key ? await this.controlPlane.keyUsage(key.hash, today) : null;
    const scopes = key ? spendScopesOf(key) : [];
    const scopeCounters: (string | number)[] = [scopes.length];
    for (const scope of scopes) {
      const spent = await this.controlPlane.scopeUsage(account.id, scope, today);
      scopeCounters.push(scope, ...usageCounters(spent));
    }
    if (key) {
      this.loadedKeys.delete(key.hash);
      this.loadedKeys.set(key.hash, key);
      if (this.loadedKeys.size > 100_000) this.loadedKeys.delete(this.loadedKeys.keys().next().value!);
    }
    const counters = usage ? usageCounters(usage) : [0, 0, 0, 0, 0, 0, 0, 0];
    for (const value of [account.creditsNano, account.usageNano, ...counters, ...scopeCounters.filter((value) => typeof value === 'number')]) checkedNano(value, 'a balance loaded into Redis');
    await this.guarded(() => {
      this.roundTrips.load++;
      return this.scripts.switchboardLoad(
        `${prefix}account`,
        key ? `${prefix}key:${key.hash}` : `${prefix}account`,
        this.now(),
        account.creditsNano,
        account.usageNano,
        key ? '1' : '0',
        key?.limitNano ?? '',
        key?.limitReset ?? '',
        ...counters,
        today,
        key?.includeByokInLimit ? '1' : '0',
        ...scopeCounters,
      );
    });
  }

  /** Reads an account and key from the control plane and loads them (Redis lost them: a restart, an eviction). */
  private async reload(accountId: string, keyHash: string | null): Promise<void> {
    const account = await this.controlPlane.getAccount(accountId);
    if (!account) throw new GatewayError('unauthorized', 'This account no longer exists');
    const key = keyHash ? await this.controlPlane.getKey(keyHash) : null;
    await this.load(account, key ?? null);
  }

  async admit(auth: Principal, model: CatalogModel, estimatedTokens: number): Promise<RateTicket> {
    return (await this.run(auth, model, estimatedTokens, null)).ticket;
  }

  async reserve(accountId: string, keyHash: string | null, amountNano: number): Promise<Reservation | ReserveRefusal> {
    checkedNano(amountNano, 'a reservation');
    const result = await this.run({ account: { id: accountId } as Account, key: keyHash ? ({ hash: keyHash } as ApiKey) : null }, null, 0, amountNano);
    return result.reservation!;
  }

  async admitAndReserve(auth: Principal, model: CatalogModel, estimatedTokens: number, amountNano: number): Promise<{ ticket: RateTicket; reservation: Reservation | ReserveRefusal }> {
    checkedNano(amountNano, 'a reservation');
    const result = await this.run(auth, model, estimatedTokens, amountNano);
    return { ticket: result.ticket, reservation: result.reservation! };
  }

  /** admit (when a model is given) and reserve (when an amount is), as one script. */
  private async run(
    auth: Principal,
    model: CatalogModel | null,
    estimatedTokens: number,
    amountNano: number | null,
  ): Promise<{ ticket: RateTicket; reservation: Reservation | ReserveRefusal | null }> {
    const accountId = auth.account.id;
    const key = auth.key;
    const keyHash = key?.hash ?? '';
    const prefix = this.prefix(accountId);
    const settings = this.options.settings;
    const rpm = key ? (key.requestsPerMinute ?? settings.requestsPerMinute) : null;
    const tpm = key ? (key.tokensPerMinute ?? settings.tokensPerMinute) : null;
    const free = model?.id.endsWith(':free') ?? false;
    const freeDayLimit = free && auth.account.purchasedNano >= settings.freeCreditsThresholdNano ? settings.freeRequestsPerDayWithCredits : settings.freeRequestsPerDay;
    const id = `${this.instance}.${(this.sequence++).toString(36)}`;
    const call = () => {
      this.sendWaiting(accountId);
      this.roundTrips.admit++;
      const now = this.now();
      const day = utcDay(this.options.now?.() ?? Date.now());
      return this.scripts.switchboardAdmitAndReserve(
        `${prefix}account`,
        keyHash ? `${prefix}key:${keyHash}` : `${prefix}account`,
        `${prefix}rpm:${keyHash}`,
        `${prefix}tpm:${keyHash}`,
        `${prefix}free-rpm`,
        // The free-day counter is named by the node's day; the script checks against the server's.
        `${prefix}free-day:${day}`,
        `${prefix}reservations`,
        `${prefix}deadlines`,
        now,
        prefix,
        keyHash,
        model ? '1' : '0',
        rpm ?? '',
        tpm ?? '',
        Math.max(0, Math.round(estimatedTokens)),
        free ? '1' : '0',
        settings.freeRequestsPerMinute,
        freeDayLimit,
        amountNano === null ? '0' : '1',
        amountNano ?? 0,
        id,
        this.options.reservationTtlMs,
        ...otherLimitArguments(key ? (this.loadedKeys.get(key.hash) ?? key) : null),
      );
    };
    let reply = await this.guarded(call);
    if (reply[0] === 'unloaded') {
      await this.guarded(() => this.reload(accountId, key?.hash ?? null));
      reply = await this.guarded(call);
      if (reply[0] === 'unloaded') throw limitsUnavailable(new Error('the account could not be loaded into Redis'));
    }
    if (reply[0] === 'rate') {
      const [, index, limit, remaining, resetAt] = reply.map(Number) as number[];
      const nowMs = this.options.now?.() ?? Date.now();
      const seconds = Math.max(1, Math.ceil((resetAt! - nowMs) / 1000));
      throw new GatewayError('rate_limited', `Rate limit exceeded: ${rateWhat[index!]} (${limit}). Retry in ${seconds} s.`, {
        metadata: { limit, reset_at: resetAt },
        headers: { 'Retry-After': String(seconds), 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': String(remaining), 'X-RateLimit-Reset': String(resetAt) },
      });
    }
    const count = integer(reply[1]);
    const states = Array.from({ length: count }, (_, index) => ({ limit: integer(reply[2 + index * 3]), remaining: integer(reply[3 + index * 3]), resetAt: integer(reply[4 + index * 3]) }));
    const tightest = states.sort((a, b) => a.remaining / a.limit - b.remaining / b.limit)[0];
    const outcome = reply.slice(2 + count * 3);
    return { ticket: this.ticket(tightest, accountId, keyHash, tpm, estimatedTokens), reservation: this.reservation(outcome, accountId, key?.hash ?? null, amountNano, id) };
  }

  private ticket(tightest: { limit: number; remaining: number; resetAt: number } | undefined, accountId: string, keyHash: string, tpm: number | null, estimatedTokens: number): RateTicket {
    let settled = false;
    return {
      headers: tightest ? { 'X-RateLimit-Limit': String(tightest.limit), 'X-RateLimit-Remaining': String(tightest.remaining), 'X-RateLimit-Reset': String(tightest.resetAt) } : {},
      settle: (totalTokens) => {
        if (settled || !keyHash || tpm === null) return;
        settled = true;
        const delta = Math.round(totalTokens - estimatedTokens);
        if (delta === 0 || !Number.isFinite(delta)) return;
        this.enqueue(accountId, ['tokens', keyHash, delta, '', '', '']);
      },
    };
  }

  private reservation(outcome: (string | number)[], accountId: string, keyHash: string | null, amountNano: number | null, id: string): Reservation | ReserveRefusal | null {
    if (amountNano === null) return null;
    switch (outcome[0]) {
      case 'reserved':
        return { accountId, keyHash, amountNano, settled: false, id };
      case 'insufficient_credits':
        return {
          refused: 'insufficient_credits',
          availableNano: integer(outcome[1]),
          metadata: { balance: fromNanoDollars(integer(outcome[2])), required: fromNanoDollars(amountNano) },
          resetsAt: null,
        };
      case 'key_limit_exceeded': {
        const limitNano = integer(outcome[2]);
        const source = String(outcome[5] ?? 'key');
        const guardrailReset = (outcome[6] || null) as LimitReset | null;
        return {
          refused: 'key_limit_exceeded',
          availableNano: integer(outcome[1]),
          metadata: {
            limit: fromNanoDollars(limitNano),
            limit_remaining: fromNanoDollars(integer(outcome[3])),
            required: fromNanoDollars(amountNano),
            ...limitSourceMetadata(source),
          },
          resetsAt: resetsAt(source === 'key' ? (keyHash ? this.loadedKeys.get(keyHash)?.limitReset : null) : guardrailReset, integer(outcome[4])),
        };
      }
      default:
        throw limitsUnavailable(new Error(`unexpected reply from the reservation script: ${String(outcome[0])}`));
    }
  }

  settle(reservation: Reservation, costNano: number, isByok: boolean): void {
    if (reservation.settled) return;
    checkedNano(costNano, 'a charge');
    reservation.settled = true;
    this.enqueue(reservation.accountId, ['settle', reservation.id ?? '', reservation.amountNano, reservation.keyHash ?? '', costNano, isByok ? '1' : '0']);
  }

  release(reservation: Reservation): void {
    this.settle(reservation, 0, false);
  }

  /**
   * Settlements wait here a moment (`settleBatchMs`, or until the account's next admission on this
   * node, which they go with) and go to Redis as one script per account: under load a request waits
   * for one round trip, and its settlement rides in the next one. A reservation is held that much
   * longer: never less safe. Reads of a balance send what waits first.
   */
  private readonly waiting = new Map<string, (string | number)[]>();
  private flushTimer: NodeJS.Timeout | null = null;

  private enqueue(accountId: string, entry: (string | number)[]): void {
    const entries = this.waiting.get(accountId);
    if (entries) entries.push(...entry);
    else this.waiting.set(accountId, [...entry]);
    this.flushTimer ??= setTimeout(() => this.sendWaiting(), this.options.settleBatchMs ?? 2);
  }

  /**
   * Sends the waiting settlements (of one account, or all), one script per account. Commands on one
   * connection run in order, and those sent in the same tick travel together: an account's next
   * admission carries its waiting settlements in the same round trip, so it sees them.
   */
  private sendWaiting(only?: string): void {
    if (only !== undefined) {
      const entries = this.waiting.get(only);
      if (!entries) return;
      this.waiting.delete(only);
      this.sendBatch(only, entries);
      return;
    }
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    for (const [accountId, entries] of this.waiting) this.sendBatch(accountId, entries);
    this.waiting.clear();
  }

  private sendBatch(accountId: string, entries: (string | number)[]): void {
    const prefix = this.prefix(accountId);
    this.roundTrips.settle++;
    const sent: Promise<unknown> = this.scripts
      .switchboardSettleBatch(`${prefix}account`, `${prefix}reservations`, `${prefix}deadlines`, this.now(), prefix, ...entries)
      .catch((error: unknown) => this.options.onSettleError?.(error))
      .finally(() => this.pending.delete(sent));
    this.pending.add(sent);
  }

  /** Sends what waits and waits for every settlement sent so far. */
  async flush(): Promise<void> {
    this.sendWaiting();
    await Promise.all([...this.pending]);
  }

  async accountBalance(accountId: string): Promise<AccountBalance | undefined> {
    this.sendWaiting();
    const prefix = this.prefix(accountId);
    const values = await this.guarded(() => {
      this.roundTrips.balance++;
      return this.scripts.switchboardAccountBalance(`${prefix}account`, this.now(), prefix);
    });
    if (values.length === 0) return undefined;
    return { creditsNano: integer(values[0]), usageNano: integer(values[1]), reservedNano: integer(values[2]) };
  }

  async freeRequestsToday(accountId: string): Promise<number> {
    const day = utcDay(this.options.now?.() ?? Date.now());
    const used = await this.guarded(() => this.redis.get(`${this.prefix(accountId)}free-day:${day}`));
    return used === null ? 0 : integer(used);
  }

  async keyBalance(keyHash: string): Promise<KeyBalance | undefined> {
    const accountId = this.loadedKeys.get(keyHash)?.accountId;
    if (accountId === undefined) return undefined;
    this.sendWaiting();
    const prefix = this.prefix(accountId);
    const values = await this.guarded(() => {
      this.roundTrips.balance++;
      return this.scripts.switchboardKeyBalance(`${prefix}key:${keyHash}`, `${prefix}account`, this.now(), prefix);
    });
    if (values.length === 0) return undefined;
    const limitNano = values[0] === '' || values[0] === null ? null : integer(values[0]);
    const limitReset = (values[1] || null) as LimitReset | null;
    const [totalNano, dailyNano, weeklyNano, monthlyNano, byokTotalNano, byokDailyNano, byokWeeklyNano, byokMonthlyNano, periodNano] = values.slice(2).map(integer) as number[];
    return {
      totalNano: totalNano!,
      dailyNano: dailyNano!,
      weeklyNano: weeklyNano!,
      monthlyNano: monthlyNano!,
      byokTotalNano: byokTotalNano!,
      byokDailyNano: byokDailyNano!,
      byokWeeklyNano: byokWeeklyNano!,
      byokMonthlyNano: byokMonthlyNano!,
      limitNano,
      limitReset,
      remainingNano: limitNano === null ? null : Math.max(0, limitNano - periodNano!),
    };
  }
}
