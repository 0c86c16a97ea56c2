import { afterEach, describe, expect, it } from 'vitest';
import type { DurableQueue, QueueBlock } from './durable-queue.js';
import { comparePositions } from './queue-position.js';
import { forEachPayload, frameRecords } from './record-frame.js';

export interface DurableQueueContractOptions {
  /** Opens the queue kept at `place` (a new place each time `place` is omitted), small segments so they roll over. */
  open(place?: string): Promise<{ queue: DurableQueue; place: string }>;
}

const text = (block: QueueBlock) => {
  const out: string[] = [];
  forEachPayload(block.data, (payload) => out.push(payload.toString('utf8')));
  return out;
};

/**
 * What every durable queue must do (the file-backed one now): run
 * runDurableQueueContract({ open }) from each implementation's test.
 */
export function runDurableQueueContract(options: DurableQueueContractOptions): void {
  const opened: DurableQueue[] = [];
  const open = async (place?: string) => {
    const result = await options.open(place);
    opened.push(result.queue);
    return result;
  };
  afterEach(async () => {
    for (const queue of opened.splice(0)) await queue.close().catch(() => undefined);
  });

  describe('durable queue contract', () => {
    it('keeps concurrent appends in order, each at the position its append resolved with', async () => {
      const { queue } = await open();
      const positions = await Promise.all(Array.from({ length: 300 }, (_, index) => queue.append(Buffer.from(`record-${index}`))));
      for (let index = 1; index < positions.length; index++) expect(comparePositions(positions[index - 1]!, positions[index]!)).toBeLessThan(0);
      const block = await queue.read(await queue.start(), 1000);
      expect(block.records).toBe(300);
      expect(text(block)).toEqual(Array.from({ length: 300 }, (_, index) => `record-${index}`));
      expect(block.damaged).toEqual([]);
      expect(block.next).toEqual(queue.end);
      // Reading from a resolved position starts at that record.
      expect(text(await queue.read(positions[250]!, 3))).toEqual(['record-250', 'record-251', 'record-252']);
      expect((await queue.read(block.next, 10)).records).toBe(0);
    });

    it('holds any bytes: newlines, NULs, the frame marker, an empty record', async () => {
      const { queue } = await open();
      const payloads = [Buffer.from([0x0a, 0x00, 0xb7, 0xff, 0x0a]), Buffer.alloc(0), Buffer.from('line\nbreak'), Buffer.alloc(70_000, 0xb7)];
      await queue.appendBatch(payloads);
      const read: Buffer[] = [];
      forEachPayload((await queue.read(await queue.start(), 10)).data, (payload) => read.push(Buffer.from(payload)));
      expect(read).toEqual(payloads);
    });

    it('takes records its caller framed, checks their framing and writes their checksums', async () => {
      const { queue, place } = await open();
      const framed = frameRecords([Buffer.from('one'), Buffer.from('two'), Buffer.from('three')]);
      framed.fill(0, 5, 9); // checksum fields left empty, as a bulk loader leaves them
      framed.fill(0, 9 + 3 + 5, 9 + 3 + 9);
      await queue.appendFramed(framed);
      await queue.append(Buffer.from('four'));
      await expect(queue.appendFramed(Buffer.from([0xb7, 0xff, 0, 0, 0, 0, 0, 0, 0]))).rejects.toThrow(RangeError);
      await queue.close();
      // Read back by another opening, which checks every checksum.
      const { queue: reopened } = await open(place);
      const block = await reopened.read(await reopened.start(), 10);
      expect(text(block)).toEqual(['one', 'two', 'three', 'four']);
      expect(block.damaged).toEqual([]);
    });

    it('reads in blocks bounded by count, bytes and a remembered position, and resumes where a block ended', async () => {
      const { queue } = await open();
      await queue.appendBatch(Array.from({ length: 40 }, (_, index) => Buffer.from(`row-${String(index).padStart(2, '0')}`)));
      const first = await queue.read(await queue.start(), 7);
      expect(first.records).toBe(7);
      const second = await queue.read(first.next, 1000, { maxBytes: 30 });
      expect(second.records).toBeGreaterThanOrEqual(1);
      expect(second.records).toBeLessThan(33);
      const rest = await queue.read(second.next, 1000);
      expect([...text(first), ...text(second), ...text(rest)]).toEqual(Array.from({ length: 40 }, (_, index) => `row-${String(index).padStart(2, '0')}`));
      const again = await queue.read(await queue.start(), 1000, { until: first.next });
      expect(again.data.equals(first.data)).toBe(true);
      expect(again.next).toEqual(first.next);
      // Read into a caller's scratch buffer, reused: the same records each time.
      const scratch = { buffer: Buffer.alloc(0) };
      expect(text(await queue.read(await queue.start(), 7, { scratch }))).toEqual(text(first));
      expect(text(await queue.read(first.next, 1000, { scratch }))).toEqual([...text(second), ...text(rest)]);
    });

    it('forgets only what lies before a released position, across segments', async () => {
      const { queue } = await open();
      for (let index = 0; index < 60; index++) await queue.append(Buffer.from(`record-number-${String(index).padStart(3, '0')}`));
      const all = await queue.read(await queue.start(), 100);
      expect(all.records).toBe(60);
      const middle = await queue.read(await queue.start(), 30);
      await queue.release(middle.next);
      const remaining = text(await queue.read(await queue.start(), 100));
      expect(remaining.at(-1)).toBe('record-number-059');
      expect(remaining).toContain('record-number-030');
      expect(remaining.length).toBeLessThanOrEqual(60);
      // What is read from the released position on is unchanged.
      expect(text(await queue.read(middle.next, 100))).toEqual(text(all).slice(30));
    });

    it('keeps every acknowledged record when reopened, and appends after them', async () => {
      const { queue, place } = await open();
      await queue.append(Buffer.from('first'));
      await queue.appendBatch([Buffer.from('second'), Buffer.from('third')]);
      const closing = queue.close();
      await closing;
      const { queue: reopened } = await open(place);
      await reopened.append(Buffer.from('fourth'));
      expect(text(await reopened.read(await reopened.start(), 10))).toEqual(['first', 'second', 'third', 'fourth']);
    });

    it('finishes pending appends on close and refuses appends after it', async () => {
      const { queue, place } = await open();
      const pending = Array.from({ length: 50 }, (_, index) => queue.append(Buffer.from(`late-${index}`)));
      await queue.close();
      await Promise.all(pending);
      await expect(queue.append(Buffer.from('too late'))).rejects.toThrow();
      const { queue: reopened } = await open(place);
      expect((await reopened.read(await reopened.start(), 100)).records).toBe(50);
    });
  });
}
