import { GatewayError } from '../errors/gateway-error.js';
import type { Account, ApiKey, KeyUsage } from '../spec/account.js';
import type { ControlPlaneStore } from '../storage/control-plane/control-plane-store.js';
import { nextPeriodStartDay, utcDay, type LimitReset } from '../spec/limit-period.js';
import { fromNanoDollars } from './pricing.js';
import { spendLimitsOf, spendScopesOf } from './spend-limits.js';
import type { SpendLimit } from '../spec/guardrail.js';
import type { SpendScope } from '../spec/workspace.js';

interface AccountState {
  creditsNano: number;
  usageNano: number;
  reservedNano: number;
}

/** Spending counters of a key, or of a group of keys counted together (a workspace, a member's keys). */
interface SpendCounters extends KeyUsage {
  /** The UTC day the usage counters belong to; counters of finished periods start over. */
  day: number;
  reservedNano: number;
}

interface KeyState extends SpendCounters {
  accountId: string;
  limitNano: number | null;
  limitReset: LimitReset | null;
  /** BYOK usage counts toward the limit too (the key's include_byok_in_limit). */
  includeByok: boolean;
  /** Every limit the key's spending is held to: its own, its guardrails', its workspace's (spend-limits.ts). */
  limits: SpendLimit[];
  /** The groups of keys its spending also counts toward. */
  scopes: SpendScope[];
}

export interface Reservation {
  accountId: string;
  keyHash: string | null;
  amountNano: number;
  settled: boolean;
  /** Where the counters live in another store (Redis): the reservation's name there. */
  id?: string;
}

/** Why a reservation was refused, as data. */
export interface ReserveRefusal {
  refused: 'insufficient_credits' | 'key_limit_exceeded';
  availableNano: number;
  metadata: Record<string, unknown>;
  /** When a key limit resets (ISO time), for the message. */
  resetsAt: string | null;
}

/** Money entering the ledger: a non-negative integer of nano-USD, or a thrown RangeError (never NaN, never a credit). */
export function checkedNano(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer of nano-USD (got ${value})`);
  return value;
}

/** The 402 for a refused reservation; `describe` says how many tokens the available amount buys. */
export function refusalError(refusal: ReserveRefusal, describe: (availableNano: number) => string): GatewayError {
  if (refusal.refused === 'insufficient_credits') return new GatewayError('insufficient_credits', `Insufficient credits. ${describe(refusal.availableNano)}`, { metadata: refusal.metadata });
  const reset = refusal.resetsAt ? ` The limit resets ${refusal.resetsAt}.` : '';
  const whose =
    typeof refusal.metadata.workspace_id === 'string'
      ? `The budget of workspace ${refusal.metadata.workspace_id} is spent.`
      : typeof refusal.metadata.guardrail_id === 'string'
        ? `The budget of guardrail ${refusal.metadata.guardrail_id} on this key is spent.`
        : 'Key limit exceeded.';
  return new GatewayError('key_limit_exceeded', `${whose} ${describe(refusal.availableNano)}${reset}`, { metadata: refusal.metadata });
}

/** The refusal's metadata naming whose limit it was: nothing for the key's own, a guardrail's id, or a workspace's. */
export function limitSourceMetadata(source: string): Record<string, string> {
  if (source === 'key') return {};
  if (source.startsWith('workspace:')) return { workspace_id: source.slice('workspace:'.length) };
  return { guardrail_id: source };
}

export interface KeyBalance extends KeyUsage {
  limitNano: number | null;
  limitReset: LimitReset | null;
  /** What is left of the limit in the current period (null without a limit). */
  remainingNano: number | null;
}

/**
 * Credit balances and key limits as this gateway process sees them. Every request reserves the
 * most it could cost before any upstream call; the reservation is settled with the real cost (or
 * released) when the generation ends, so concurrent requests can never spend past a balance or
 * limit. Usage reaches the control-plane store through the durable queue; the ledger loads a
 * balance from the store on first use and refreshes credits (added by an operator) in the background.
 */
export class CreditLedger {
  private readonly accounts = new Map<string, AccountState>();
  private readonly keys = new Map<string, KeyState>();
  /** Scope counters by `<account>/<scope>`. */
  private readonly scopes = new Map<string, SpendCounters>();

  constructor(
    private readonly store: ControlPlaneStore,
    private readonly now: () => number = Date.now,
  ) {}

  async loadAccount(account: Account): Promise<void> {
    const state = this.accounts.get(account.id);
    if (state) {
      state.creditsNano = account.creditsNano;
      return;
    }
    this.accounts.set(account.id, { creditsNano: account.creditsNano, usageNano: account.usageNano, reservedNano: 0 });
  }

  async loadKey(key: ApiKey): Promise<void> {
    const scopes = spendScopesOf(key);
    await this.loadScopes(key.accountId, scopes);
    const state = this.keys.get(key.hash);
    if (state) {
      state.limitNano = key.limitNano;
      state.limitReset = key.limitReset;
      state.includeByok = key.includeByokInLimit;
      state.limits = spendLimitsOf(key);
      state.scopes = scopes;
      return;
    }
    const today = utcDay(this.now());
    const usage = await this.store.keyUsage(key.hash, today);
    if (this.keys.has(key.hash)) return this.loadKey(key);
    this.keys.set(key.hash, {
      ...usage,
      accountId: key.accountId,
      limitNano: key.limitNano,
      limitReset: key.limitReset,
      includeByok: key.includeByokInLimit,
      limits: spendLimitsOf(key),
      scopes,
      day: today,
      reservedNano: 0,
    });
  }

  /** Loads the counters of groups of keys this ledger has not counted yet (their usage so far from the store). */
  private async loadScopes(accountId: string, scopes: readonly SpendScope[]): Promise<void> {
    for (const scope of scopes) {
      const name = `${accountId}/${scope}`;
      if (this.scopes.has(name)) continue;
      const today = utcDay(this.now());
      const usage = await this.store.scopeUsage(accountId, scope, today);
      if (!this.scopes.has(name)) this.scopes.set(name, { ...usage, day: today, reservedNano: 0 });
    }
  }

  /** Moves period counters to today, zeroing those whose period ended. */
  private roll(state: SpendCounters): void {
    const today = utcDay(this.now());
    if (today === state.day) return;
    if (today >= nextPeriodStartDay('daily', state.day)) state.dailyNano = state.byokDailyNano = 0;
    if (today >= nextPeriodStartDay('weekly', state.day)) state.weeklyNano = state.byokWeeklyNano = 0;
    if (today >= nextPeriodStartDay('monthly', state.day)) state.monthlyNano = state.byokMonthlyNano = 0;
    state.day = today;
  }

  /** What was spent in the current period of `reset` (BYOK too when `includeByok`). */
  private spent(state: SpendCounters, reset: LimitReset | null, includeByok: boolean): number {
    switch (reset) {
      case 'daily':
        return state.dailyNano + (includeByok ? state.byokDailyNano : 0);
      case 'weekly':
        return state.weeklyNano + (includeByok ? state.byokWeeklyNano : 0);
      case 'monthly':
        return state.monthlyNano + (includeByok ? state.byokMonthlyNano : 0);
      default:
        return state.totalNano + (includeByok ? state.byokTotalNano : 0);
    }
  }

  /** The counters a limit counts: the key's, or its scope's. */
  private countersOf(key: KeyState, limit: SpendLimit): SpendCounters {
    if (limit.scope === null) return key;
    const counters = this.scopes.get(`${key.accountId}/${limit.scope}`);
    if (!counters) throw new Error(`ledger: ${limit.scope} not loaded`);
    this.roll(counters);
    return counters;
  }

  /** The counters of every group the key's spending counts toward. */
  private scopeCounters(key: KeyState): SpendCounters[] {
    const found: SpendCounters[] = [];
    for (const scope of key.scopes) {
      const counters = this.scopes.get(`${key.accountId}/${scope}`);
      if (counters) found.push(counters);
    }
    return found;
  }

  /** What a group of keys spent and holds (GET /workspaces/…/budgets shows it), or undefined when not counted here. */
  scopeBalance(accountId: string, scope: SpendScope): (KeyUsage & { reservedNano: number }) | undefined {
    const counters = this.scopes.get(`${accountId}/${scope}`);
    if (!counters) return undefined;
    this.roll(counters);
    const { day: _day, ...balance } = counters;
    return balance;
  }

  private periodUsage(state: KeyState): number {
    return this.spent(state, state.limitReset, state.includeByok);
  }

  accountBalance(accountId: string): { creditsNano: number; usageNano: number; reservedNano: number } | undefined {
    const state = this.accounts.get(accountId);
    return state ? { ...state } : undefined;
  }

  keyBalance(keyHash: string): KeyBalance | undefined {
    const state = this.keys.get(keyHash);
    if (!state) return undefined;
    this.roll(state);
    const { day: _day, reservedNano: _reserved, includeByok: _byok, limits: _limits, scopes: _scopes, accountId: _account, ...balance } = state;
    return { ...balance, remainingNano: state.limitNano === null ? null : Math.max(0, state.limitNano - this.periodUsage(state)) };
  }

  /**
   * Reserves `amountNano` against the account's balance and the key's limit, or says why not (as
   * data, so a refusal can cross a process boundary; `refusalError` turns it into the 402).
   */
  tryReserve(accountId: string, keyHash: string | null, amountNano: number): Reservation | ReserveRefusal {
    checkedNano(amountNano, 'a reservation');
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`ledger: account ${accountId} not loaded`);
    const availableCredits = account.creditsNano - account.usageNano - account.reservedNano;
    if (amountNano > availableCredits) {
      return {
        refused: 'insufficient_credits',
        availableNano: Math.max(0, availableCredits),
        metadata: { balance: fromNanoDollars(account.creditsNano - account.usageNano), required: fromNanoDollars(amountNano) },
        resetsAt: null,
      };
    }
    const key = keyHash === null ? undefined : this.keys.get(keyHash);
    if (keyHash !== null && !key) throw new Error(`ledger: key ${keyHash} not loaded`);
    if (key) {
      this.roll(key);
      // Each limit on its own (the key's, every guardrail's): the tightest refuses.
      for (const limit of key.limits) {
        const counters = this.countersOf(key, limit);
        const spent = this.spent(counters, limit.reset, limit.includeByok);
        const availableLimit = limit.limitNano - spent - counters.reservedNano;
        if (amountNano > availableLimit) {
          return {
            refused: 'key_limit_exceeded',
            availableNano: Math.max(0, availableLimit),
            metadata: {
              limit: fromNanoDollars(limit.limitNano),
              limit_remaining: fromNanoDollars(Math.max(0, limit.limitNano - spent)),
              required: fromNanoDollars(amountNano),
              ...limitSourceMetadata(limit.source),
            },
            resetsAt: limit.reset ? new Date(nextPeriodStartDay(limit.reset, counters.day) * 86_400_000).toISOString() : null,
          };
        }
      }
      // Held on every key (limited or not), so a limit set later counts what is already reserved.
      key.reservedNano += amountNano;
      for (const counters of this.scopeCounters(key)) counters.reservedNano += amountNano;
    }
    account.reservedNano += amountNano;
    return { accountId, keyHash, amountNano, settled: false };
  }

  /**
   * Reserves `amountNano` against the account's balance and the key's limit, or throws 402.
   * `describe` turns the affordable amount into a helpful message (tokens the balance covers).
   */
  reserve(accountId: string, keyHash: string | null, amountNano: number, describe: (availableNano: number) => string): Reservation {
    const result = this.tryReserve(accountId, keyHash, amountNano);
    if ('refused' in result) throw refusalError(result, describe);
    return result;
  }

  /** Replaces a reservation by the real charge (the gateway caps a charge at its reservation: capCharge). */
  settle(reservation: Reservation, costNano: number, isByok = false): void {
    if (reservation.settled) return;
    checkedNano(costNano, 'a charge');
    reservation.settled = true;
    const account = this.accounts.get(reservation.accountId);
    if (account) {
      account.reservedNano -= reservation.amountNano;
      if (!isByok) account.usageNano += costNano;
    }
    if (reservation.keyHash !== null) {
      const key = this.keys.get(reservation.keyHash);
      if (key) {
        for (const counters of [key, ...this.scopeCounters(key)]) {
          this.roll(counters);
          counters.reservedNano -= reservation.amountNano;
          if (isByok) {
            counters.byokTotalNano += costNano;
            counters.byokDailyNano += costNano;
            counters.byokWeeklyNano += costNano;
            counters.byokMonthlyNano += costNano;
          } else {
            counters.totalNano += costNano;
            counters.dailyNano += costNano;
            counters.weeklyNano += costNano;
            counters.monthlyNano += costNano;
          }
        }
      }
    }
  }

  /** Drops a reservation without charge (the request failed before any generation). */
  release(reservation: Reservation): void {
    this.settle(reservation, 0);
  }
}
