import type { Principal } from '../spec/principal.js';
import type { CatalogModel } from '../catalog/catalog-model.js';
import type { CreditLedger, KeyBalance, Reservation, ReserveRefusal } from '../accounting/credit-ledger.js';
import type { Account, ApiKey } from '../spec/account.js';
import type { RateTicket, RequestLimits } from './request-limits.js';

export interface AccountBalance {
  creditsNano: number;
  usageNano: number;
  reservedNano: number;
}

/**
 * Every counter a request is checked against — rate limits, credit balances, key limits — behind
 * one asynchronous interface, so the counters can live in this process (`LocalLimits`) or in the
 * primary process of a cluster, shared by its workers (`cluster/remote-limits.ts`). Either way a
 * check and the take that follows it are one step: concurrent requests never pass a limit together.
 */
export interface SharedLimits {
  /** Loads an account (and key) into the counters, or refreshes its credits and limits. */
  load(account: Account, key: ApiKey | null): Promise<void>;
  /** Requests and tokens per minute, free-model allowances: a ticket, or a thrown 429. */
  admit(auth: Principal, model: CatalogModel, estimatedTokens: number): Promise<RateTicket>;
  /** Reserves the most a request can cost, or says why not. */
  reserve(accountId: string, keyHash: string | null, amountNano: number): Promise<Reservation | ReserveRefusal>;
  /**
   * admit, then reserve, as one step (one round trip where the counters are in another process):
   * a thrown 429 when the rate limits refuse (nothing reserved); else the ticket, and the
   * reservation or why not.
   */
  admitAndReserve(auth: Principal, model: CatalogModel, estimatedTokens: number, amountNano: number): Promise<{ ticket: RateTicket; reservation: Reservation | ReserveRefusal }>;
  /** Replaces a reservation by the real charge. */
  settle(reservation: Reservation, costNano: number, isByok: boolean): void;
  /** Drops a reservation without charge. */
  release(reservation: Reservation): void;
  accountBalance(accountId: string): Promise<AccountBalance | undefined>;
  keyBalance(keyHash: string): Promise<KeyBalance | undefined>;
  /** Requests to `:free` models the account made this UTC day (GET /key's free_model_daily_requests). */
  freeRequestsToday(accountId: string): Promise<number>;
}

/** The counters in this process: one gateway process, or the primary of a cluster. */
export class LocalLimits implements SharedLimits {
  constructor(
    readonly ledger: CreditLedger,
    readonly requestLimits: RequestLimits,
  ) {}

  async load(account: Account, key: ApiKey | null): Promise<void> {
    await this.ledger.loadAccount(account);
    if (key) await this.ledger.loadKey(key);
  }

  async admit(auth: Principal, model: CatalogModel, estimatedTokens: number): Promise<RateTicket> {
    return this.requestLimits.admit(auth, model, estimatedTokens);
  }

  async reserve(accountId: string, keyHash: string | null, amountNano: number): Promise<Reservation | ReserveRefusal> {
    return this.ledger.tryReserve(accountId, keyHash, amountNano);
  }

  async admitAndReserve(auth: Principal, model: CatalogModel, estimatedTokens: number, amountNano: number): Promise<{ ticket: RateTicket; reservation: Reservation | ReserveRefusal }> {
    const ticket = await this.admit(auth, model, estimatedTokens);
    return { ticket, reservation: await this.reserve(auth.account.id, auth.key?.hash ?? null, amountNano) };
  }

  settle(reservation: Reservation, costNano: number, isByok: boolean): void {
    this.ledger.settle(reservation, costNano, isByok);
  }

  release(reservation: Reservation): void {
    this.ledger.release(reservation);
  }

  async accountBalance(accountId: string): Promise<AccountBalance | undefined> {
    return this.ledger.accountBalance(accountId);
  }

  async keyBalance(keyHash: string): Promise<KeyBalance | undefined> {
    return this.ledger.keyBalance(keyHash);
  }

  async freeRequestsToday(accountId: string): Promise<number> {
    return this.requestLimits.freeRequestsToday(accountId);
  }
}
