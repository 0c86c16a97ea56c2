import { describe, expect, it } from 'vitest';
import { sampleGenerationRecord } from '../../../test/helpers/sample-generation-record.js';
import { type GenerationStore, StoreRefusedError } from './generation-store.js';
import { frameRecords } from '../durable-queue/record-frame.js';
import { encodeUsageEvent, scanEventUsage } from './usage-events/usage-event.js';

export interface GenerationStoreContractOptions {
  /** The store under test, migrated. One per test file (an embedded engine admits one per process): tests keep to accounts of their own. */
  store(): GenerationStore;
}

let sequence = 0;
const account = (name: string) => `${name}-${process.pid}-${++sequence}`;

/**
 * What every generation store must do (chDB embedded now; a ClickHouse server next): run
 * runGenerationStoreContract({ store }) from each implementation's test.
 */
export function runGenerationStoreContract(options: GenerationStoreContractOptions): void {
  describe('generation store contract', () => {
    it('migrates again without harm', async () => {
      const store = options.store();
      const record = sampleGenerationRecord({ account_id: account('migrate') });
      await store.insert([record], `contract-migrate-${record.id}`);
      await store.migrate();
      expect(await store.get(record.id)).toEqual(record);
    });

    it('gives back what it was given, field for field, only to its account', async () => {
      const store = options.store();
      const owner = account('read-back');
      const records = [
        sampleGenerationRecord({ account_id: owner }),
        sampleGenerationRecord({
          account_id: owner,
          app_id: null,
          app_name: null,
          http_referer: null,
          open_weights: null,
          parameters_total: null,
          time_to_first_token: null,
          category: 'programming',
          category_confidence: 0.75,
          prompt_language: 'de',
        }),
        sampleGenerationRecord({
          account_id: owner,
          key_name: 'tabs\tnew\nlines \\ and ünïcödé 🚀',
          user_agent: 'x'.repeat(10_000),
          usage_anomaly: 'invalid_usage:prompt_tokens;over_reservation',
          unbilled_cost_nano: 123_456,
        }),
      ];
      await store.insert(records, `contract-read-back-${owner}`);
      for (const record of records) expect(await store.get(record.id)).toEqual(record);
      expect(await store.get(records[0]!.id, owner)).toEqual(records[0]);
      expect(await store.get(records[0]!.id, 'someone-else')).toBeUndefined();
      expect(await store.get('gen-1741176000-doesnotexistAAAAAAAA')).toBeUndefined();
    });

    it('holds the largest values the API and the usage validation let through', async () => {
      const store = options.store();
      const record = sampleGenerationRecord({
        account_id: account('largest'),
        tools_given: 70_000,
        tool_calls_made: 70_000,
        message_count: 4_000_000,
        tokens_prompt: 4_000_000_000,
        native_tokens_prompt: 4_000_000_000,
        tokens_completion: 4_000_000_000,
        native_tokens_completion: 4_000_000_000,
        native_tokens_reasoning: 4_000_000_000,
        total_cost: 9_000_000,
        total_cost_nano: 9_000_000_000_000_000,
        cache_discount: -12.5,
        latency: 4_294_967_295,
        status: 599,
      });
      await store.insert([record], `contract-largest-${record.id}`);
      expect(await store.get(record.id)).toEqual(record);
    });

    it('stores a batch delivered twice under one token once, and batches under other tokens apart', async () => {
      const store = options.store();
      const owner = account('dedup');
      const first = Array.from({ length: 5 }, () => sampleGenerationRecord({ account_id: owner }));
      const second = Array.from({ length: 3 }, () => sampleGenerationRecord({ account_id: owner }));
      const block = (records: typeof first) => ({ rows: records.length, data: frameRecords(records.map((record) => encodeUsageEvent(record))) });
      const before = await store.count();
      await store.insertEvents(block(first), `node-1/gateway:1:0-1:${owner}`);
      await store.insertEvents(block(first), `node-1/gateway:1:0-1:${owner}`);
      await store.insertEvents(block(second), `node-2/gateway:1:0-1:${owner}`);
      const after = await store.count();
      expect(after.rows - before.rows).toBe(8);
      expect(after.distinctIds - before.distinctIds).toBe(8);
      const ids = [...first, ...second].map((record) => record.id);
      expect(await store.existingIds([...ids, 'gen-1741176000-missingAAAAAAAAAAAAA'])).toEqual(new Set(ids));
    });

    it('refuses, as a fault of the data, an event that is not sound (a negative charge written past the encoder)', async () => {
      const store = options.store();
      const record = sampleGenerationRecord({ account_id: account('refused') });
      const event = encodeUsageEvent(record);
      const scan = scanEventUsage(event, 0, event.length, { createdMs: 0, accountStart: 0, accountEnd: 0, keyStart: 0, keyEnd: 0, costNano: 0, isByok: false });
      event.writeBigInt64LE(-1n, scan.keyEnd);
      await expect(store.insertEvents({ rows: 1, data: frameRecords([event]) }, `contract-refused-${record.id}`)).rejects.toBeInstanceOf(StoreRefusedError);
      expect(await store.get(record.id)).toBeUndefined();
    });
  });
}
