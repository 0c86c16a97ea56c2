import type { CompiledQuery } from '../../analytics/semantic/compile-query.js';
import type { SwitchboardConfig } from '../../config/config-schema.js';
import type { GenerationRecord } from '../../spec/generation-record.js';
import { StoreRefusedError } from '../../storage/generation-log/generation-store.js';
import { generationStoreFactories, type OpenedGenerationStore } from '../composition/store-factories.js';
import { PrimaryChannel } from '../interprocess/ipc-channel.js';

/**
 * The process the embedded ClickHouse engine (chDB) runs in, forked by the gateway
 * (forked-generation-store.ts): it opens the generation store and answers the gateway's store and
 * analytics calls over IPC. The engine's memory and threads stay out of the process that serves
 * requests. It exits when the gateway goes away.
 */
let opened: OpenedGenerationStore | null = null;

function store(): OpenedGenerationStore {
  if (!opened) throw new Error('the store process was not opened');
  return opened;
}

const channel = new PrimaryChannel(
  {
    open: ({ config, environment }: { config: SwitchboardConfig; environment: NodeJS.ProcessEnv }) => {
      opened ??= generationStoreFactories[config.generation_log.store](config, environment);
      return opened.description;
    },
    migrate: () => store().store.migrate(),
    insertEvents: async ({ rows, data, token }: { rows: number; data: Uint8Array; token: string }) => {
      try {
        await store().store.insertEvents({ rows, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) }, token);
        return { inserted: true };
      } catch (error) {
        if (error instanceof StoreRefusedError) return { refused: error.message };
        throw error;
      }
    },
    insert: ({ records, token }: { records: GenerationRecord[]; token?: string }) => store().store.insert(records, token),
    get: ({ id, accountId }: { id: string; accountId?: string }) => store().store.get(id, accountId),
    existingIds: async ({ ids }: { ids: string[] }) => [...(await store().store.existingIds(ids))],
    count: () => store().store.count(),
    'analytics.run': (compiled: CompiledQuery) => store().analytics.run(compiled),
    close: async () => {
      await opened?.store.close();
      opened = null;
    },
  },
  {},
);
channel.attach(process);
process.on('disconnect', () => {
  void (opened?.store.close() ?? Promise.resolve()).finally(() => process.exit(0));
});
process.send?.({ switchboard: 'store-process-ready' });
