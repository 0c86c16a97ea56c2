import type { GenerationRecord } from '../../spec/generation-record.js';
import type { DurableQueue } from '../durable-queue/durable-queue.js';
import { forEachPayload } from '../durable-queue/record-frame.js';
import type { GenerationStore } from './generation-store.js';
import type { Quarantine } from './quarantine.js';
import { encodeUsageEvent, readEventId } from './usage-events/usage-event.js';

/**
 * The request path's view of the generation log: `append` puts a record on the durable queue as a
 * usage event and resolves once it is on disk (it rejects when the record is unsound or the disk
 * refuses it — then nothing was logged and nothing may be charged); `get` answers from the records
 * still on their way to the store, then from the store, so a generation can be looked up the moment
 * its response ends.
 */
export class GenerationLog {
  private readonly recent = new Map<string, GenerationRecord>();

  constructor(
    private readonly queue: DurableQueue,
    private readonly store: Pick<GenerationStore, 'get'>,
    /** Records kept for lookups until the store has them: seconds of traffic (the writer delivers every flush_interval_ms), kept small for the serving process's memory. */
    private readonly recentCapacity = 4_096,
  ) {}

  async append(record: GenerationRecord): Promise<void> {
    await this.queue.append(encodeUsageEvent(record));
    this.recent.set(record.id, record);
    if (this.recent.size > this.recentCapacity) this.recent.delete(this.recent.keys().next().value!);
  }

  async get(id: string, accountId?: string): Promise<GenerationRecord | undefined> {
    const recent = this.recent.get(id);
    if (recent) return accountId === undefined || recent.account_id === accountId ? recent : undefined;
    return this.store.get(id, accountId);
  }
}

/**
 * Which of `ids` reached the log: queued (still in `queue`, on its way to the store), quarantined,
 * or stored. Throws when the store cannot be asked.
 */
export async function loggedIds(ids: readonly string[], sources: { queue: DurableQueue; quarantine: Quarantine; store: GenerationStore }): Promise<Set<string>> {
  const wanted = new Set(ids);
  const found = new Set<string>();
  for (let from = await sources.queue.start(); ; ) {
    const block = await sources.queue.read(from, 50_000);
    if (block.records === 0 && block.damaged.length === 0) break;
    forEachPayload(block.data, (payload) => {
      const id = readEventId(payload);
      if (id !== null && wanted.has(id)) found.add(id);
    });
    from = block.next;
  }
  for (const record of await sources.quarantine.list()) if (record.generationId && wanted.has(record.generationId)) found.add(record.generationId);
  const rest = ids.filter((id) => !found.has(id));
  for (const id of await sources.store.existingIds(rest)) found.add(id);
  return found;
}
