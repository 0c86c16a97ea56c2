import type { DurableQueue } from './durable-queue.js';
import type { GenerationRecord } from './generation-record.js';
import type { GenerationStore } from './generation-store.js';
import { toQueueLine } from './queue-line.js';

/**
 * The request path's view of the generation log: `append` puts a record on the durable queue and
 * resolves once it is on disk; `get` answers from the records still on their way to the store,
 * then from the store, so a generation can be looked up the moment its response ends.
 */
export class GenerationLog {
  private readonly recent = new Map<string, GenerationRecord>();

  constructor(
    private readonly queue: DurableQueue,
    private readonly store: GenerationStore,
    private readonly recentCapacity = 20_000,
  ) {}

  async append(record: GenerationRecord): Promise<void> {
    await this.queue.append(toQueueLine(record));
    this.recent.set(record.id, record);
    if (this.recent.size > this.recentCapacity) this.recent.delete(this.recent.keys().next().value!);
  }

  async get(id: string, accountId?: string): Promise<GenerationRecord | undefined> {
    const recent = this.recent.get(id);
    if (recent) return accountId === undefined || recent.account_id === accountId ? recent : undefined;
    return this.store.get(id, accountId);
  }
}
