import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config.js';
import { silentLogger } from '../../observability/logger.js';
import { sampleGenerationRecord } from '../../../test/helpers/sample-generation-record.js';
import { runGenerationStoreContract } from '../../storage/generation-log/generation-store.contract.js';
import { ForkedGenerationStore } from './forked-generation-store.js';

/** The embedded store in a process of its own passes the same contract as in-process, and survives that process dying. */
let store: ForkedGenerationStore;

beforeAll(async () => {
  const config = loadConfig({ environment: {}, overrides: { data_dir: mkdtempSync(join(tmpdir(), 'switchboard-forked-store-')) } });
  store = await ForkedGenerationStore.start(config, {}, silentLogger);
  await store.migrate();
}, 60_000);
afterAll(async () => {
  await store?.close();
});

runGenerationStoreContract({ store: () => store });

describe('a store process that dies', () => {
  it('fails calls while it is down, is started again, and keeps what was stored', { timeout: 60_000 }, async () => {
    const record = sampleGenerationRecord({ id: `gen-survivor-${process.pid}`, account_id: 'survivor' });
    await store.insert([record], `survivor-${record.id}`);
    const pid = store.pid!;
    process.kill(pid, 'SIGKILL');
    await expect(store.count()).rejects.toThrow(/store process/);
    let found: Awaited<ReturnType<typeof store.get>>;
    for (let attempt = 0; attempt < 100 && !found; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      found = await store.get(record.id).catch(() => undefined);
    }
    expect(found?.id).toBe(record.id);
    expect(store.pid).not.toBe(pid);
  });
});
