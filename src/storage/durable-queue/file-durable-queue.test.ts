import { appendFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDurableQueueContract } from './durable-queue.contract.js';
import { FileDurableQueue } from './file-durable-queue.js';
import { limitedDisk } from '../../../test/helpers/queue-file-systems.js';
import { forEachPayload, frameRecords } from './record-frame.js';

const directory = () => mkdtempSync(join(tmpdir(), 'switchboard-queue-'));
const contents = 'test-records';
const texts = (data: Buffer) => {
  const out: string[] = [];
  forEachPayload(data, (payload) => out.push(payload.toString()));
  return out;
};

describe('FileDurableQueue', () => {
  runDurableQueueContract({
    open: async (place) => {
      const path = place ?? directory();
      return { queue: await FileDurableQueue.open(path, { contents, segmentBytes: 200 }), place: path };
    },
  });

  describe('with fsync', () => {
    runDurableQueueContract({
      open: async (place) => {
        const path = place ?? directory();
        return { queue: await FileDurableQueue.open(path, { contents, sync: 'fsync', segmentBytes: 300 }), place: path };
      },
    });
  });

  it('names its segments after what they hold', async () => {
    const path = directory();
    const queue = await FileDurableQueue.open(path, { contents: 'usage-events', segmentBytes: 40 });
    for (let index = 0; index < 5; index++) await queue.append(Buffer.from(`record-${index}`));
    await queue.close();
    // 17-byte records: the first segment closes once past 40 bytes (after three), the second holds two.
    expect(readdirSync(path).sort()).toEqual(['usage-events-000000000001.frames', 'usage-events-000000000002.frames']);
  });

  it('cuts a torn tail (a write cut short by a crash) when reopened', async () => {
    const path = directory();
    const queue = await FileDurableQueue.open(path, { contents });
    await queue.appendBatch([Buffer.from('one'), Buffer.from('two')]);
    await queue.close();
    const segment = join(path, readdirSync(path)[0]!);
    const whole = statSync(segment).size;
    appendFileSync(segment, frameRecords([Buffer.from('three, never acknowledged')]).subarray(0, 12));
    const reopened = await FileDurableQueue.open(path, { contents });
    expect(statSync(segment).size).toBe(whole);
    await reopened.append(Buffer.from('four'));
    expect(texts((await reopened.read(await reopened.start(), 10)).data)).toEqual(['one', 'two', 'four']);
    await reopened.close();
  });

  it('reports damaged bytes between records and reads on after them', async () => {
    const path = directory();
    const queue = await FileDurableQueue.open(path, { contents });
    await queue.appendBatch([Buffer.from('before'), Buffer.from('victim'), Buffer.from('after')]);
    await queue.close();
    const segment = join(path, readdirSync(path)[0]!);
    const bytes = readFileSync(segment);
    const victim = bytes.indexOf('victim');
    bytes[victim + 2]! ^= 0xff; // flip bits inside the second record: its checksum no longer matches
    writeFileSync(segment, bytes);
    const reopened = await FileDurableQueue.open(path, { contents });
    const block = await reopened.read(await reopened.start(), 10);
    expect(texts(block.data)).toEqual(['before', 'after']);
    expect(block.damaged).toHaveLength(1);
    expect(block.damaged[0]!.position).toEqual({ segment: 1, offset: 9 + 'before'.length });
    expect(block.damaged[0]!.bytes.length).toBe(9 + 'victim'.length);
    await reopened.close();
  });

  it('on a full disk rejects the appends of the failed write, leaves none of their bytes, and stores the next ones whole', async () => {
    const path = directory();
    const space = { free: 1_000_000 };
    const queue = await FileDurableQueue.open(path, { contents, fileSystem: limitedDisk(space) });
    await queue.append(Buffer.from('acknowledged-1'));
    space.free = 10; // the next write gets 10 bytes onto the disk, then ENOSPC
    const failed = await Promise.allSettled([queue.append(Buffer.from('lost-a')), queue.append(Buffer.from('lost-b'))]);
    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(String((failed[0] as PromiseRejectedResult).reason)).toMatch(/ENOSPC/);
    const segment = join(path, readdirSync(path)[0]!);
    expect(statSync(segment).size).toBe(9 + 'acknowledged-1'.length);
    space.free = 1_000_000;
    await queue.append(Buffer.from('acknowledged-2'));
    expect(texts((await queue.read(await queue.start(), 10)).data)).toEqual(['acknowledged-1', 'acknowledged-2']);
    await queue.close();
    const reopened = await FileDurableQueue.open(path, { contents });
    expect(texts((await reopened.read(await reopened.start(), 10)).data)).toEqual(['acknowledged-1', 'acknowledged-2']);
    await reopened.close();
  });

  it('when even the cut fails, the next write still starts at the last good offset', async () => {
    const path = directory();
    const space = { free: 1_000_000, truncateFails: false };
    const queue = await FileDurableQueue.open(path, { contents, fileSystem: limitedDisk(space) });
    await queue.append(Buffer.from('kept'));
    space.free = 5;
    space.truncateFails = true;
    await expect(queue.append(Buffer.from('a long record that does not fit'))).rejects.toThrow(/ENOSPC/);
    space.free = 1_000_000;
    space.truncateFails = false;
    await queue.append(Buffer.from('next'));
    expect(texts((await queue.read(await queue.start(), 10)).data)).toEqual(['kept', 'next']);
    await queue.close();
    expect(statSync(join(path, readdirSync(path)[0]!)).size).toBe(2 * 9 + 'kept'.length + 'next'.length);
  });

  it('lets another process read what a writer appends, following it into new segments', async () => {
    const path = directory();
    const writer = await FileDurableQueue.open(path, { contents, segmentBytes: 50 });
    const reader = await FileDurableQueue.openReader(path, { contents });
    await expect(reader.append(Buffer.from('x'))).rejects.toThrow();
    for (let index = 0; index < 12; index++) await writer.append(Buffer.from(`record-${index}`));
    const block = await reader.read(await reader.start(), 100);
    expect(texts(block.data)).toEqual(Array.from({ length: 12 }, (_, index) => `record-${index}`));
    await writer.append(Buffer.from('record-12'));
    expect(texts((await reader.read(block.next, 100)).data)).toEqual(['record-12']);
    // A record the writer has only partly written is not read yet.
    const last = join(path, readdirSync(path).sort().at(-1)!);
    appendFileSync(last, frameRecords([Buffer.from('in progress')]).subarray(0, 11));
    const waiting = await reader.read(block.next, 100);
    expect(texts(waiting.data)).toEqual(['record-12']);
    expect(waiting.damaged).toEqual([]);
    await writer.close();
    await reader.close();
  });
});
