import type { GenerationRecord } from '../spec/generation-record.js';
import type { GenerationStore } from '../storage/generation-log/generation-store.js';
import type { WorkerChannel } from '../server/interprocess/ipc-channel.js';

/**
 * A worker's view of the generation store, which the primary holds (embedded chDB admits one
 * process): lookups are asked of the primary. Workers never insert — the primary's writer drains
 * each worker's usage-event queue into the store.
 */
export class RemoteGenerationStore implements Pick<GenerationStore, 'get' | 'existingIds' | 'count'> {
  constructor(private readonly channel: WorkerChannel) {}

  get(id: string, accountId?: string): Promise<GenerationRecord | undefined> {
    return this.channel.call('store.get', { id, accountId });
  }

  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    return new Set(await this.channel.call<string[]>('store.existingIds', { ids }));
  }

  count(): Promise<{ rows: number; distinctIds: number }> {
    return this.channel.call('store.count', {});
  }
}
