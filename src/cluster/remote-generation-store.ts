import type { GenerationRecord } from '../storage/generation-log/generation-record.js';
import type { GenerationStore } from '../storage/generation-log/generation-store.js';
import type { WorkerChannel } from './ipc-channel.js';

/**
 * A worker's view of the generation store, which the primary holds (embedded chDB admits one
 * process): lookups are asked of the primary. Workers never insert — the primary's writer drains
 * each worker's durable queue into the store.
 */
export class RemoteGenerationStore implements GenerationStore {
  constructor(private readonly channel: WorkerChannel) {}

  async migrate(): Promise<void> {}

  insert(): Promise<void> {
    return Promise.reject(new Error('cluster workers do not insert into the generation store; their queue is drained by the primary'));
  }

  insertTabSeparated(): Promise<void> {
    return this.insert();
  }

  get(id: string, accountId?: string): Promise<GenerationRecord | undefined> {
    return this.channel.call('store.get', { id, accountId });
  }

  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    return new Set(await this.channel.call<string[]>('store.existingIds', { ids }));
  }

  count(): Promise<{ rows: number; distinctIds: number }> {
    return this.channel.call('store.count', {});
  }

  async close(): Promise<void> {}
}
