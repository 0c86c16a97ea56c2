import { appendFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DurableQueue } from './durable-queue.js';

const directory = () => mkdtempSync(join(tmpdir(), 'switchboard-queue-'));

describe('DurableQueue', () => {
  it('group-commits concurrent appends and reads them back in order', async () => {
    const queue = await DurableQueue.open(directory());
    await Promise.all(Array.from({ length: 500 }, (_, index) => queue.append(JSON.stringify({ index }))));
    const entries = await queue.read(await queue.start(), 1000);
    expect(entries.map((entry) => JSON.parse(entry.line).index)).toEqual(Array.from({ length: 500 }, (_, index) => index));
    // Each entry's `next` is where the following one starts.
    for (let index = 1; index < entries.length; index++) expect(entries[index]!.position).toEqual(entries[index - 1]!.next);
    expect(await queue.read(entries.at(-1)!.next, 10)).toEqual([]);
    await queue.close();
  });

  it('reads in bounded batches and resumes from a position', async () => {
    const queue = await DurableQueue.open(directory());
    for (let index = 0; index < 10; index++) await queue.append(`line-${index}`);
    const first = await queue.read(await queue.start(), 4);
    const second = await queue.read(first.at(-1)!.next, 4);
    expect([...first, ...second].map((entry) => entry.line)).toEqual(Array.from({ length: 8 }, (_, index) => `line-${index}`));
    await queue.close();
  });

  it('rolls over to new segments and deletes only fully consumed ones', async () => {
    const path = directory();
    const queue = await DurableQueue.open(path, { segmentBytes: 100 });
    for (let index = 0; index < 30; index++) await queue.append(`record-number-${String(index).padStart(3, '0')}`);
    const segmentsBefore = readdirSync(path).filter((name) => name.startsWith('segment-'));
    expect(segmentsBefore.length).toBeGreaterThan(3);
    const all = await queue.read(await queue.start(), 100);
    expect(all.map((entry) => entry.line)).toHaveLength(30);
    await queue.release(all[15]!.position);
    const remaining = await queue.read(await queue.start(), 100);
    expect(remaining.length).toBeLessThan(30);
    expect(remaining.at(-1)!.line).toBe('record-number-029');
    expect(remaining.map((entry) => entry.line)).toContain(all[15]!.line);
    await queue.close();
  });

  it('survives reopening and cuts off a torn last line (a write cut short by a crash)', async () => {
    const path = directory();
    const queue = await DurableQueue.open(path);
    await queue.append('{"id":1}');
    await queue.append('{"id":2}');
    await queue.close();
    const segment = readdirSync(path).find((name) => name.startsWith('segment-'))!;
    appendFileSync(join(path, segment), '{"id":3,"trunc');
    const reopened = await DurableQueue.open(path);
    expect((await reopened.read(await reopened.start(), 10)).map((entry) => entry.line)).toEqual(['{"id":1}', '{"id":2}']);
    await reopened.append('{"id":4}');
    expect((await reopened.read(await reopened.start(), 10)).map((entry) => entry.line)).toEqual(['{"id":1}', '{"id":2}', '{"id":4}']);
    await reopened.close();
  });

  it('appends batches and reads whole blocks, bounded by count and by a position', async () => {
    const queue = await DurableQueue.open(directory(), { segmentBytes: 64 });
    await queue.appendBatch(Array.from({ length: 20 }, (_, index) => `row-${index}`));
    await queue.append('row-20');
    const first = await queue.readBlock(await queue.start(), 7);
    expect(first.entries).toBe(7);
    expect(first.data.toString()).toBe(Array.from({ length: 7 }, (_, index) => `row-${index}\n`).join(''));
    const rest = await queue.readBlock(first.next, 1000);
    expect(rest.data.toString().trim().split('\n')).toEqual(Array.from({ length: 14 }, (_, index) => `row-${index + 7}`));
    // A re-read up to a remembered position returns exactly the same block.
    const again = await queue.readBlock(await queue.start(), 1000, { until: first.next });
    expect(again.data.equals(first.data)).toBe(true);
    await queue.close();
  });

  it('lets another process read what a writer appends, following it into new segments', async () => {
    const path = directory();
    const writer = await DurableQueue.open(path, { segmentBytes: 50 });
    const reader = await DurableQueue.openReader(path);
    await expect(reader.append('x')).rejects.toThrow();
    const seen: string[] = [];
    let position = await reader.start();
    for (let round = 0; round < 5; round++) {
      await writer.appendBatch([`a-${round}`, `b-${round}`, `c-${round}`]);
      const block = await reader.readBlock(position, 1000);
      seen.push(...block.data.toString().trim().split('\n'));
      position = block.next;
    }
    expect(seen).toEqual(Array.from({ length: 5 }, (_, round) => [`a-${round}`, `b-${round}`, `c-${round}`]).flat());
    expect(readdirSync(path).filter((name) => name.startsWith('segment-')).length).toBeGreaterThan(1);
    // The reader releases what it consumed; the writer keeps appending to its own segment.
    await reader.release(position);
    await writer.append('after');
    expect((await reader.readBlock(position, 10)).data.toString()).toBe('after\n');
    await reader.close();
    await writer.close();
  });
});
