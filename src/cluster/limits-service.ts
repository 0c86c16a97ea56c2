import type { Reservation } from '../accounting/credit-ledger.js';
import type { ModelCatalog } from '../catalog/model-catalog.js';
import type { RateTicket } from '../limits/request-limits.js';
import type { LocalLimits } from '../limits/shared-limits.js';
import type { Account, ApiKey } from '../spec/account.js';
import type { CallHandler, EventHandler } from '../server/interprocess/ipc-channel.js';
import type { RemoteTicket } from './remote-limits.js';

/** What a worker sends to be admitted: ids of what it loaded before, the whole principal when the primary did not know it. */
interface Admission {
  accountId: string;
  keyHash: string | null;
  account?: Account;
  key?: ApiKey | null;
  modelId: string;
  estimatedTokens: number;
}

/** Tickets not settled within this long (their worker died) are dropped. */
const ticketLifetimeMs = 30 * 60_000;

/**
 * The primary's side of the workers' limits: one LocalLimits for every worker, reached through the
 * IPC channel. Each call runs to completion on the primary's event loop before the next starts,
 * so a check and its take are atomic across workers.
 */
export function limitsService(limits: LocalLimits, catalog: ModelCatalog): { calls: Record<string, CallHandler>; events: Record<string, EventHandler> } {
  const tickets = new Map<number, { ticket: RateTicket; at: number }>();
  /** The principals workers loaded (limits.load), by account and key: an admission names them by id. */
  const principals = new Map<string, { account: Account; key: ApiKey | null }>();
  const principalId = (accountId: string, keyHash: string | null) => `${accountId}\u0000${keyHash ?? ''}`;
  let nextTicket = 1;
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [id, entry] of tickets) if (now - entry.at > ticketLifetimeMs) tickets.delete(id);
  }, 60_000);
  sweep.unref();
  /**
   * The principal and model an admission names; null when no worker loaded the principal yet. A
   * principal sent whole is loaded into the counters first (as limits.load would).
   */
  const resolve = async (argument: Admission) => {
    const known = principalId(argument.accountId, argument.keyHash);
    if (argument.account) {
      await limits.load(argument.account, argument.key ?? null);
      principals.set(known, { account: argument.account, key: argument.key ?? null });
    }
    const principal = principals.get(known);
    if (!principal) return null;
    const model = catalog.get(argument.modelId) ?? catalog.resolve(argument.modelId)?.model;
    if (!model) throw new Error(`unknown model ${argument.modelId}`);
    return { principal, model };
  };
  const remember = (ticket: RateTicket): RemoteTicket => {
    const id = nextTicket++;
    tickets.set(id, { ticket, at: Date.now() });
    return { ticket: id, headers: ticket.headers };
  };
  return {
    calls: {
      'limits.load': ({ account, key }: { account: Account; key: ApiKey | null }) => {
        principals.set(principalId(account.id, key?.hash ?? null), { account, key });
        return limits.load(account, key);
      },
      'limits.admit': async (argument: Admission): Promise<RemoteTicket | { unknownPrincipal: true }> => {
        const admitted = await resolve(argument);
        if (!admitted) return { unknownPrincipal: true };
        return remember(await limits.admit(admitted.principal, admitted.model, argument.estimatedTokens));
      },
      'limits.admitAndReserve': async (argument: Admission & { amountNano: number }) => {
        const admitted = await resolve(argument);
        if (!admitted) return { unknownPrincipal: true };
        const { ticket, reservation } = await limits.admitAndReserve(admitted.principal, admitted.model, argument.estimatedTokens, argument.amountNano);
        return { ...remember(ticket), reservation };
      },
      'limits.reserve': ({ accountId, keyHash, amountNano }: { accountId: string; keyHash: string | null; amountNano: number }) => limits.reserve(accountId, keyHash, amountNano),
      'limits.accountBalance': ({ accountId }: { accountId: string }) => limits.accountBalance(accountId),
      'limits.keyBalance': ({ keyHash }: { keyHash: string }) => limits.keyBalance(keyHash),
      'limits.freeRequestsToday': ({ accountId }: { accountId: string }) => limits.freeRequestsToday(accountId),
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
