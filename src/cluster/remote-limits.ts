import type { Principal } from '../spec/principal.js';
import { checkedNano, type KeyBalance, type Reservation, type ReserveRefusal } from '../accounting/credit-ledger.js';
import type { CatalogModel } from '../catalog/catalog-model.js';
import type { RateTicket } from '../limits/request-limits.js';
import type { AccountBalance, SharedLimits } from '../limits/shared-limits.js';
import type { Account, ApiKey } from '../spec/account.js';
import type { WorkerChannel } from '../server/interprocess/ipc-channel.js';

/** What the primary answers an admission with: the headers, and the ticket to settle. */
export interface RemoteTicket {
  ticket: number;
  headers: Record<string, string>;
}

/**
 * A worker's limits: every check and take is made by the primary, which holds the one set of
 * counters for all workers (limits-service.ts), so the limits hold across the processes.
 * Settlements are one-way messages, sent in order after the reservation they settle.
 */
export class RemoteLimits implements SharedLimits {
  constructor(private readonly channel: WorkerChannel) {}

  load(account: Account, key: ApiKey | null): Promise<void> {
    return this.channel.call('limits.load', { account, key });
  }

  async admit(auth: Principal, model: CatalogModel, estimatedTokens: number): Promise<RateTicket> {
    // The primary knows the principal from its load (limits.load): only its ids travel, unless it does not.
    const ids = { accountId: auth.account.id, keyHash: auth.key?.hash ?? null, modelId: model.id, estimatedTokens };
    let answer = await this.channel.call<RemoteTicket | { unknownPrincipal: true }>('limits.admit', ids);
    if ('unknownPrincipal' in answer) answer = await this.channel.call<RemoteTicket>('limits.admit', { ...ids, account: auth.account, key: auth.key });
    return this.ticket(answer as RemoteTicket);
  }

  async admitAndReserve(auth: Principal, model: CatalogModel, estimatedTokens: number, amountNano: number): Promise<{ ticket: RateTicket; reservation: Reservation | ReserveRefusal }> {
    checkedNano(amountNano, 'a reservation');
    const ids = { accountId: auth.account.id, keyHash: auth.key?.hash ?? null, modelId: model.id, estimatedTokens, amountNano };
    type Answer = RemoteTicket & { reservation: Reservation | ReserveRefusal };
    let answer = await this.channel.call<Answer | { unknownPrincipal: true }>('limits.admitAndReserve', ids);
    if ('unknownPrincipal' in answer) answer = await this.channel.call<Answer>('limits.admitAndReserve', { ...ids, account: auth.account, key: auth.key });
    const admitted = answer as Answer;
    return { ticket: this.ticket(admitted), reservation: admitted.reservation };
  }

  private ticket(admitted: RemoteTicket): RateTicket {
    let settled = false;
    return {
      headers: admitted.headers,
      settle: (totalTokens) => {
        if (settled) return;
        settled = true;
        this.channel.emit('limits.settleTicket', { ticket: admitted.ticket, totalTokens });
      },
    };
  }

  async reserve(accountId: string, keyHash: string | null, amountNano: number): Promise<Reservation | ReserveRefusal> {
    checkedNano(amountNano, 'a reservation');
    return this.channel.call('limits.reserve', { accountId, keyHash, amountNano });
  }

  settle(reservation: Reservation, costNano: number, isByok: boolean): void {
    if (reservation.settled) return;
    checkedNano(costNano, 'a charge');
    reservation.settled = true;
    this.channel.emit('limits.settle', { reservation: { ...reservation, settled: false }, costNano, isByok });
  }

  release(reservation: Reservation): void {
    this.settle(reservation, 0, false);
  }

  accountBalance(accountId: string): Promise<AccountBalance | undefined> {
    return this.channel.call('limits.accountBalance', { accountId });
  }

  keyBalance(keyHash: string): Promise<KeyBalance | undefined> {
    return this.channel.call('limits.keyBalance', { keyHash });
  }

  freeRequestsToday(accountId: string): Promise<number> {
    return this.channel.call('limits.freeRequestsToday', { accountId });
  }
}
