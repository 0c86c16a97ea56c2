import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleGenerationRecord } from '../../../test/helpers/sample-generation-record.js';
import { silentLogger } from '../../observability/logger.js';
import type { GenerationRecord } from '../../spec/generation-record.js';
import { InFlightJournal } from '../../storage/generation-log/in-flight-journal.js';
import { recoverJournal } from './journal-recovery.js';

describe('recovering the in-flight journal', () => {
  it('waits for a log that cannot yet answer, then records each interrupted generation once', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'switchboard-journal-'));
    const earlier = await InFlightJournal.open(directory, 'write');
    const entries = [
      sampleGenerationRecord({ id: 'gen-1741176000-interruptedAAAAAAAA1' }),
      sampleGenerationRecord({ id: 'gen-1741176000-interruptedAAAAAAAA2' }),
      sampleGenerationRecord({ id: 'gen-1741176000-completedAAAAAAAAAA' }),
    ];
    for (const entry of entries) await earlier.begin(entry).durable;
    await earlier.close(); // the process stopped with all three in flight

    const journal = await InFlightJournal.open(directory, 'write');
    expect(journal.recoveryPending).toBe(true);
    let storeUp = false;
    let asked = 0;
    const appended: GenerationRecord[] = [];
    const recovery = recoverJournal({
      journal,
      writer: { drain: async () => undefined },
      logged: async (ids) => {
        asked++;
        if (!storeUp) throw new Error('connect ECONNREFUSED');
        return new Set(ids.filter((id) => id.includes('completed')));
      },
      append: async (record) => {
        appended.push(record);
      },
      logger: silentLogger,
      label: 'test',
      retryMs: 30,
    });
    await recovery.settled; // the first attempt failed: the gateway goes on serving
    expect(appended).toEqual([]);
    expect(journal.recoveryPending).toBe(true);
    storeUp = true;
    for (let wait = 0; wait < 100 && journal.recoveryPending; wait++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(asked).toBeGreaterThanOrEqual(2);
    expect(appended.map((record) => record.id).sort()).toEqual(['gen-1741176000-interruptedAAAAAAAA1', 'gen-1741176000-interruptedAAAAAAAA2']);
    recovery.stop();
    await journal.close();
    // Recovered: the next start has nothing to do.
    const after = await InFlightJournal.open(directory, 'write');
    expect(after.recoveryPending).toBe(false);
    await after.close();
  });
});
