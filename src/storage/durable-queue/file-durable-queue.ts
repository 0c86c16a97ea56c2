import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DurableQueue, QueueBlock, QueueReadOptions } from './durable-queue.js';
import { nodeQueueFileSystem, type QueueFile, type QueueFileSystem } from './queue-file-system.js';
import { comparePositions, type QueuePosition } from './queue-position.js';
import { checkFrame, findNextFrame, frameHeaderBytes, frameRecords, sealFrames } from './record-frame.js';

export interface FileDurableQueueOptions {
  /** What the records are; names the segment files `<contents>-<number>.frames` (usage-events, in-flight-generations). */
  contents: string;
  /** 'write' makes an append durable against a crash of the process; 'fsync' also against a crash of the machine. */
  sync?: 'write' | 'fsync';
  /** A segment is closed and the next begun once it grows past this size. */
  segmentBytes?: number;
  fileSystem?: QueueFileSystem;
}

interface Waiter {
  resolve: (position: QueuePosition) => void;
  reject: (error: unknown) => void;
  bytes: number;
}

/** The name of a queue's segment file: what it holds and its number. */
export function segmentFileName(contents: string, segment: number): string {
  return `${contents}-${String(segment).padStart(12, '0')}.frames`;
}

/** Bytes read from a segment at once: enough for the records asked for (at the sizes seen so far), within bounds. */
const minimumChunkBytes = 64 * 1024;
const maximumChunkBytes = 256 * 1024 * 1024;

/**
 * A durable queue in numbered segment files of framed records (record-frame.ts).
 *
 * Appends are group-committed: every append made while a write is in flight goes out in the next
 * single write, at an explicit offset (never O_APPEND), and each append resolves once its bytes are
 * written (and fsynced, with sync 'fsync'). A write that fails — a full disk, say — is cut back to
 * the last good offset and its appends are rejected, so no later record can be glued to its
 * partial bytes. On open a torn tail is cut off: it was never acknowledged.
 */
export class FileDurableQueue implements DurableQueue {
  private writeFile: QueueFile | null = null;
  /** Opened by openReader: another process appends; this one reads up to what is on disk. */
  private reader = false;
  private writeSegment = 1;
  /** Bytes of the current segment that are durable. */
  private writtenOffset = 0;
  /** A failed write could not be cut back: cut it before the next one. */
  private needsTruncate = false;
  private pending: Buffer[] = [];
  private pendingWaiters: Waiter[] = [];
  private flushing = false;
  private scheduled = false;
  private closed = false;
  private readonly readFiles = new Map<number, Promise<QueueFile>>();
  private readonly segmentPattern: RegExp;
  /** Where this process began writing: records after it are its own, read back without re-checking their checksums. */
  private ownFrom: QueuePosition | null = null;
  /** Average record size seen, to size reads. */
  private recordBytes = 1024;

  private constructor(
    readonly directory: string,
    private readonly contents: string,
    private readonly sync: 'write' | 'fsync',
    private readonly segmentBytes: number,
    private readonly fileSystem: QueueFileSystem,
  ) {
    this.segmentPattern = new RegExp(`^${contents}-(\\d{12})\\.frames$`);
  }

  get name(): string {
    return this.directory;
  }

  static async open(directory: string, options: FileDurableQueueOptions): Promise<FileDurableQueue> {
    await mkdir(directory, { recursive: true });
    const queue = new FileDurableQueue(directory, options.contents, options.sync ?? 'write', options.segmentBytes ?? 64 * 1024 * 1024, options.fileSystem ?? nodeQueueFileSystem);
    const segments = await queue.listSegments();
    const last = segments.at(-1) ?? 1;
    await queue.repairTail(last);
    await queue.openForWriting(last);
    queue.ownFrom = queue.end;
    return queue;
  }

  /**
   * Opens a queue another process appends to (a cluster worker's, read by the primary): reads go
   * up to what is on disk, whole records only, and follow the writer into new segments. Its torn
   * tail, if any, is cut first — so open it before the writer starts.
   */
  static async openReader(directory: string, options: FileDurableQueueOptions): Promise<FileDurableQueue> {
    const queue = await FileDurableQueue.open(directory, options);
    await queue.writeFile?.close();
    queue.writeFile = null;
    queue.reader = true;
    queue.closed = true;
    queue.ownFrom = null;
    return queue;
  }

  /** The segment file's name: what it holds and its number. */
  segmentPath(segment: number): string {
    return join(this.directory, segmentFileName(this.contents, segment));
  }

  get end(): QueuePosition {
    return { segment: this.writeSegment, offset: this.writtenOffset };
  }

  async start(): Promise<QueuePosition> {
    const segments = await this.listSegments();
    return { segment: segments[0] ?? this.writeSegment, offset: 0 };
  }

  append(payload: Buffer): Promise<QueuePosition> {
    return this.enqueue(frameRecords([payload]));
  }

  appendBatch(payloads: readonly Buffer[]): Promise<QueuePosition> {
    if (payloads.length === 0) return this.closed ? Promise.reject(new Error('queue is closed')) : Promise.resolve(this.end);
    return this.enqueue(frameRecords(payloads));
  }

  appendFramed(frames: Buffer): Promise<QueuePosition> {
    if (this.closed) return Promise.reject(new Error('queue is closed'));
    try {
      if (sealFrames(frames) === 0) return Promise.resolve(this.end);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.enqueue(frames);
  }

  private enqueue(frames: Buffer): Promise<QueuePosition> {
    if (this.closed) return Promise.reject(new Error('queue is closed'));
    this.pending.push(frames);
    const promise = new Promise<QueuePosition>((resolve, reject) => this.pendingWaiters.push({ resolve, reject, bytes: frames.length }));
    this.scheduleFlush();
    return promise;
  }

  private scheduleFlush(): void {
    if (this.flushing || this.scheduled) return;
    this.scheduled = true;
    // setImmediate lets every append of the current turn of the event loop join one write.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.pending.length === 0) return;
    this.flushing = true;
    const buffers = this.pending;
    const waiters = this.pendingWaiters;
    this.pending = [];
    this.pendingWaiters = [];
    const file = this.writeFile!;
    const segment = this.writeSegment;
    const startOffset = this.writtenOffset;
    try {
      if (this.needsTruncate) {
        await file.truncate(startOffset);
        this.needsTruncate = false;
      }
      const data = buffers.length === 1 ? buffers[0]! : Buffer.concat(buffers);
      for (let written = 0; written < data.length; ) {
        const { bytesWritten } = await file.write(data, written, data.length - written, startOffset + written);
        if (bytesWritten <= 0) throw new Error(`no bytes written to ${this.segmentPath(segment)}`);
        written += bytesWritten;
      }
      if (this.sync === 'fsync') await file.datasync();
      this.writtenOffset = startOffset + data.length;
      let offset = startOffset;
      for (const waiter of waiters) {
        waiter.resolve({ segment, offset });
        offset += waiter.bytes;
      }
    } catch (error) {
      // Cut the failed write's bytes off: nothing of it may stay where the next record goes.
      await file.truncate(startOffset).catch(() => {
        this.needsTruncate = true;
      });
      for (const waiter of waiters) waiter.reject(error);
    } finally {
      if (this.writtenOffset >= this.segmentBytes) await this.rotate().catch(() => undefined);
      this.flushing = false;
      if (this.pending.length > 0) this.scheduleFlush();
    }
  }

  /** Begins the next segment; when it cannot be opened, writing goes on in this one. */
  private async rotate(): Promise<void> {
    const next = await this.fileSystem.openForWriting(this.segmentPath(this.writeSegment + 1));
    await this.writeFile?.close();
    this.writeFile = next;
    this.writeSegment += 1;
    this.writtenOffset = 0;
  }

  private async openForWriting(segment: number): Promise<void> {
    this.writeFile = await this.fileSystem.openForWriting(this.segmentPath(segment));
    this.writeSegment = segment;
    this.writtenOffset = await this.writeFile.size();
  }

  private async listSegments(): Promise<number[]> {
    const numbers: number[] = [];
    for (const name of await this.fileSystem.list(this.directory)) {
      const match = this.segmentPattern.exec(name);
      if (match) numbers.push(Number(match[1]));
    }
    return numbers.sort((a, b) => a - b);
  }

  /** Cuts a torn tail off a segment: the bytes after its last whole record that no record follows. */
  private async repairTail(segment: number): Promise<void> {
    const path = this.segmentPath(segment);
    const size = await this.fileSystem.size(path);
    if (!size) return;
    const file = await this.fileSystem.openForWriting(path);
    try {
      const data = Buffer.allocUnsafe(size);
      const { bytesRead } = await file.read(data, 0, size, 0);
      let at = 0;
      while (at < bytesRead) {
        const check = checkFrame(data, at, bytesRead);
        if (check.kind === 'record') {
          at = check.end;
          continue;
        }
        // Damage followed by whole records stays for the consumers to see; nothing after it is a torn tail.
        const next = check.kind === 'damaged' ? findNextFrame(data, at, bytesRead) : -1;
        if (next === -1) break;
        at = next;
      }
      if (at < size) await file.truncate(at);
    } finally {
      await file.close();
    }
  }

  /** How far a segment can be read: the durable end of the one being written, the size of the others. */
  private async limitOf(segment: number): Promise<number | null> {
    if (!this.reader && segment === this.writeSegment) return this.writtenOffset;
    if (!this.reader && segment > this.writeSegment) return null;
    return this.fileSystem.size(this.segmentPath(segment));
  }

  /** Whether a segment after this one exists (the writer has moved on, so this one is complete). */
  private async hasLaterSegment(segment: number): Promise<boolean> {
    if (!this.reader) return segment < this.writeSegment;
    return (await this.fileSystem.size(this.segmentPath(segment + 1))) !== null;
  }

  async read(from: QueuePosition, maxRecords: number, options: QueueReadOptions = {}): Promise<QueueBlock> {
    const maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    const until = options.until;
    const pieces: Buffer[] = [];
    const damaged: QueueBlock['damaged'] = [];
    let bytes = 0;
    let records = 0;
    let position = { ...from };
    while (records < maxRecords && (records === 0 || bytes < maxBytes)) {
      if (until && comparePositions(position, until) >= 0) break;
      let limit = await this.limitOf(position.segment);
      if (until && limit !== null && position.segment === until.segment) limit = Math.min(limit, until.offset);
      if (limit === null || position.offset >= limit) {
        const finished = await this.hasLaterSegment(position.segment);
        // A writer in another process finishes a segment before it opens the next: look once more for its last records.
        if (finished && this.reader && limit !== null && ((await this.limitOf(position.segment)) ?? 0) > position.offset) continue;
        if (!finished) break;
        position = { segment: position.segment + 1, offset: 0 };
        continue;
      }
      const file = await this.readFile(position.segment);
      const wanted = Math.min(maximumChunkBytes, Math.max(minimumChunkBytes, (maxRecords - records) * this.recordBytes * 1.25));
      const length = Math.min(wanted, limit - position.offset, Math.max(minimumChunkBytes, maxBytes - bytes + minimumChunkBytes));
      // The first read of a block may go into the caller's scratch buffer (no new 100 MB for every batch).
      const scratch = pieces.length === 0 ? options.scratch : undefined;
      if (scratch && scratch.buffer.length < length) scratch.buffer = Buffer.allocUnsafe(Math.max(length, scratch.buffer.length * 2));
      let buffer = scratch ? scratch.buffer : Buffer.allocUnsafe(length);
      let { bytesRead } = await file.read(buffer, 0, length, position.offset);
      const verify = this.ownFrom === null || comparePositions(position, this.ownFrom) < 0;
      let at = 0;
      let runStart = 0;
      let stop = false;
      const recordsBefore = records;
      while (at < bytesRead && records < maxRecords && (records === 0 || bytes + (at - runStart) < maxBytes)) {
        const check = checkFrame(buffer, at, bytesRead, verify);
        if (check.kind === 'record') {
          at = check.end;
          records++;
          continue;
        }
        if (check.kind === 'incomplete' && position.offset + bytesRead < limit) {
          if (at > 0) break; // the rest of this record comes with the next read
          // One record larger than a chunk: read it whole.
          const needed = frameHeaderBytes + buffer.readUInt32LE(1);
          buffer = Buffer.allocUnsafe(Math.min(needed, limit - position.offset));
          bytesRead = (await file.read(buffer, 0, buffer.length, position.offset)).bytesRead;
          continue;
        }
        // Damage (or bytes that stop inside a record at the end of what there is).
        const rest = await this.readRest(file, position.offset + at, limit);
        const next = findNextFrame(rest, 0);
        // What this process wrote is whole up to its durable end, and a segment the writer left is finished:
        // there, bytes that are not a record are damage. Elsewhere they are a record still being written.
        const complete = !this.reader || (await this.hasLaterSegment(position.segment));
        if (next === -1 && !complete) {
          stop = true;
          break;
        }
        if (at > runStart) pieces.push(buffer.subarray(runStart, at));
        bytes += at - runStart;
        const damageEnd = next === -1 ? rest.length : next;
        damaged.push({ position: { segment: position.segment, offset: position.offset + at }, bytes: Buffer.from(rest.subarray(0, damageEnd)) });
        position = { segment: position.segment, offset: position.offset + at + damageEnd };
        at = 0;
        runStart = 0;
        bytesRead = 0;
        break;
      }
      if (at > runStart) {
        pieces.push(buffer.subarray(runStart, at));
        bytes += at - runStart;
      }
      if (records > recordsBefore && at > 0) this.recordBytes = Math.max(16, Math.ceil(at / (records - recordsBefore)));
      position = { segment: position.segment, offset: position.offset + at };
      if (stop || (at === 0 && bytesRead > 0)) break;
    }
    return { data: pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, bytes), records, damaged, next: position };
  }

  private async readRest(file: QueueFile, from: number, limit: number): Promise<Buffer> {
    const buffer = Buffer.allocUnsafe(limit - from);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, from);
    return buffer.subarray(0, bytesRead);
  }

  private readFile(segment: number): Promise<QueueFile> {
    let file = this.readFiles.get(segment);
    if (!file) {
      file = this.fileSystem.openForReading(this.segmentPath(segment));
      this.readFiles.set(segment, file);
      file.catch(() => this.readFiles.delete(segment));
    }
    return file;
  }

  async release(position: QueuePosition): Promise<void> {
    for (const segment of await this.listSegments()) {
      if (segment >= position.segment || (!this.reader && segment >= this.writeSegment)) break;
      const file = this.readFiles.get(segment);
      this.readFiles.delete(segment);
      await (await file?.catch(() => undefined))?.close();
      await this.fileSystem.remove(this.segmentPath(segment));
    }
  }

  async close(): Promise<void> {
    while (this.pending.length > 0 || this.flushing || this.scheduled) {
      if (!this.flushing && !this.scheduled) await this.flush();
      else await new Promise((resolve) => setImmediate(resolve));
    }
    this.closed = true;
    await this.writeFile?.close();
    this.writeFile = null;
    for (const file of this.readFiles.values()) await (await file.catch(() => undefined))?.close();
    this.readFiles.clear();
  }
}
