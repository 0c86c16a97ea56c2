import type { Reservation } from '../accounting/credit-ledger.js';
import type { ModelCatalog } from '../catalog/model-catalog.js';
import type { RateTicket } from '../limits/request-limits.js';
import type { LocalLimits } from '../limits/shared-limits.js';
import type { Account, ApiKey } from '../spec/account.js';
import type { CallHandler, EventHandler } from '../server/interprocess/ipc-channel.js';
import type { RemoteTicket } from './remote-limits.js';

/** Tickets not settled within this long (their worker died) are dropped. */
const ticketLifetimeMs = 30 * 60_000;

/**
 * The primary's side of the workers' limits: one LocalLimits for every worker, reached through the
 * IPC channel. Each call runs to completion on the primary's event loop before the next starts,
 * so a check and its take are atomic across workers.
 */
export function limitsService(limits: LocalLimits, catalog: ModelCatalog): { calls: Record<string, CallHandler>; events: Record<string, EventHandler> } {
  const tickets = new Map<number, { ticket: RateTicket; at: number }>();
  let nextTicket = 1;
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [id, entry] of tickets) if (now - entry.at > ticketLifetimeMs) tickets.delete(id);
  }, 60_000);
  sweep.unref();
  return {
    calls: {
      'limits.load': ({ account, key }: { account: Account; key: ApiKey | null }) => limits.load(account, key),
      'limits.admit': async ({ account, key, modelId, estimatedTokens }: { account: Account; key: ApiKey | null; modelId: string; estimatedTokens: number }): Promise<RemoteTicket> => {
        const model = catalog.get(modelId) ?? catalog.resolve(modelId)?.model;
        if (!model) throw new Error(`unknown model ${modelId}`);
        const ticket = await limits.admit({ account, key }, model, estimatedTokens);
        const id = nextTicket++;
        tickets.set(id, { ticket, at: Date.now() });
        return { ticket: id, headers: ticket.headers };
      },
      'limits.reserve': ({ accountId, keyHash, amountNano }: { accountId: string; keyHash: string | null; amountNano: number }) => limits.reserve(accountId, keyHash, amountNano),
      'limits.accountBalance': ({ accountId }: { accountId: string }) => limits.accountBalance(accountId),
      'limits.keyBalance': ({ keyHash }: { keyHash: string }) => limits.keyBalance(keyHash),
    },
    events: {
      'limits.settleTicket': ({ ticket, totalTokens }: { ticket: number; totalTokens: number }) => {
        tickets.get(ticket)?.ticket.settle(totalTokens);
        tickets.delete(ticket);
      },
      'limits.settle': ({ reservation, costNano, isByok }: { reservation: Reservation; costNano: number; isByok: boolean }) => limits.settle(reservation, costNano, isByok),
    },
  };
}
