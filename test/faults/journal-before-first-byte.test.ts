import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeQueueFiles } from '../helpers/queue-file-systems.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * Defect 5 of issue 10: a stream's first bytes could leave before its in-flight journal entry was on
 * disk, so a kill -9 right then left no record of it. With a journal disk that takes 200 ms per
 * write, no stream may send a byte before its entry's write has finished.
 * (test/gateway/crash-durability.test.ts kills a real process at the first byte.)
 */

const journalWrites: number[] = [];
const slowJournal = changeQueueFiles(
  (path) => path.includes('in-flight-generations-'),
  (file) => ({
    write: async (buffer, offset, length, position) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const result = await file.write(buffer, offset, length, position);
      journalWrites.push(performance.now());
      return result;
    },
  }),
);

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway({}, { queueFileSystem: slowJournal });
});
afterAll(async () => {
  await gateway?.close();
});

describe('the in-flight journal', () => {
  it('has a stream on disk before the stream sends its first byte', async () => {
    const started = performance.now();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => gateway.call('/api/v1/chat/completions', { json: { model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Hello' }] } })),
    );
    const firstBytes = performance.now();
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    // The five entries went out in one group-committed write that took 200 ms; no response came before it.
    expect(journalWrites.length).toBeGreaterThan(0);
    expect(Math.min(...journalWrites)).toBeGreaterThan(started);
    expect(firstBytes).toBeGreaterThanOrEqual(Math.min(...journalWrites));
    expect(firstBytes - started).toBeGreaterThanOrEqual(195);
    for (const response of responses) expect(await response.text()).toMatch(/\[DONE\]/);
  });
});
