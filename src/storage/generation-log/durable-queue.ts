import { mkdir, open, readdir, rm, stat, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/** A place in the queue: a segment file and a byte offset in it. */
export interface QueuePosition {
  segment: number;
  offset: number;
}

export interface QueueEntry {
  /** Where the entry starts. */
  position: QueuePosition;
  /** Where the next entry starts (the position to resume from once this entry is processed). */
  next: QueuePosition;
  line: string;
}

/** A run of whole records read at once: their bytes, how many, and where the next one starts. */
export interface QueueBlock {
  data: Buffer;
  entries: number;
  next: QueuePosition;
}

export interface DurableQueueOptions {
  /** 'write' makes an append durable against a crash of the process; 'fsync' also against a crash of the machine. */
  sync?: 'write' | 'fsync';
  /** A segment is closed and a new one begun once it grows past this size. */
  segmentBytes?: number;
}

export function comparePositions(a: QueuePosition, b: QueuePosition): number {
  return a.segment - b.segment || a.offset - b.offset;
}

export function formatPosition(position: QueuePosition): string {
  return `${position.segment}:${position.offset}`;
}

const segmentPattern = /^segment-(\d{12})\.ndjson$/;
const segmentName = (segment: number) => `segment-${String(segment).padStart(12, '0')}.ndjson`;
const newline = 0x0a;

interface Waiter {
  resolve: (position: QueuePosition) => void;
  reject: (error: unknown) => void;
}

/**
 * An append-only, on-disk queue of newline-delimited records in numbered segment files.
 *
 * Appends are group-committed: every append made while a write is in flight goes out in the next
 * single write, and each append's promise resolves only once its bytes are written (and fsynced,
 * with sync 'fsync'). A record whose append resolved survives a kill -9 of the process. On open, a
 * torn last line (a write cut short by a crash) is cut off; it was never acknowledged.
 * Readers keep their own positions (see QueueConsumer); the queue never forgets a segment until
 * told it is fully consumed.
 */
export class DurableQueue {
  private writeHandle: FileHandle | null = null;
  /** Opened by openReader: another process appends; this one reads, up to what is on disk. */
  private reader = false;
  private writeSegment = 0;
  /** Bytes of the current segment that are on disk. */
  private writtenOffset = 0;
  private pending: Buffer[] = [];
  private pendingWaiters: Waiter[] = [];
  private flushing = false;
  private scheduled = false;
  private closed = false;
  /** Open read handles by segment (promises, so concurrent readers of one segment share one handle). */
  private readonly readHandles = new Map<number, Promise<FileHandle>>();

  private constructor(
    readonly directory: string,
    private readonly sync: 'write' | 'fsync',
    private readonly segmentBytes: number,
  ) {}

  static async open(directory: string, options: DurableQueueOptions = {}): Promise<DurableQueue> {
    await mkdir(directory, { recursive: true });
    const queue = new DurableQueue(directory, options.sync ?? 'write', options.segmentBytes ?? 64 * 1024 * 1024);
    const segments = await queue.listSegments();
    const last = segments.at(-1) ?? 1;
    await queue.repairTail(last);
    await queue.openForWriting(last);
    return queue;
  }

  /**
   * Opens a queue another process appends to (a cluster worker's queue, read by the primary):
   * reads go up to what is on disk, whole lines only, and follow the writer into new segments.
   * Its torn tail, if any, is cut first — so open it before the writer starts.
   */
  static async openReader(directory: string): Promise<DurableQueue> {
    const queue = await DurableQueue.open(directory, {});
    await queue.writeHandle?.close();
    queue.writeHandle = null;
    queue.reader = true;
    queue.closed = true;
    return queue;
  }

  /** Whether a segment after this one exists (the writer has moved on). */
  private async hasLaterSegment(segment: number): Promise<boolean> {
    if (!this.reader) return segment < this.writeSegment;
    return (await this.segmentSize(segment + 1)) !== null;
  }

  /** The position after the last durable byte: everything before it has been acknowledged. */
  get end(): QueuePosition {
    return { segment: this.writeSegment, offset: this.writtenOffset };
  }

  /** The first position still held on disk. */
  async start(): Promise<QueuePosition> {
    const segments = await this.listSegments();
    return { segment: segments[0] ?? this.writeSegment, offset: 0 };
  }

  /** Appends one record (a line without newlines); resolves, with where it starts, once it is durable. */
  append(line: string): Promise<QueuePosition> {
    if (this.closed) return Promise.reject(new Error('queue is closed'));
    this.pending.push(Buffer.from(`${line}\n`, 'utf8'));
    const promise = new Promise<QueuePosition>((resolve, reject) => this.pendingWaiters.push({ resolve, reject }));
    this.scheduleFlush();
    return promise;
  }

  /** Appends many records in one piece (bulk loads); resolves, with where the first starts, once all are durable. */
  appendBatch(lines: readonly string[]): Promise<QueuePosition> {
    if (this.closed) return Promise.reject(new Error('queue is closed'));
    if (lines.length === 0) return Promise.resolve(this.end);
    this.pending.push(Buffer.from(`${lines.join('\n')}\n`, 'utf8'));
    const promise = new Promise<QueuePosition>((resolve, reject) => this.pendingWaiters.push({ resolve, reject }));
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
    try {
      const data = buffers.length === 1 ? buffers[0]! : Buffer.concat(buffers);
      const handle = this.writeHandle!;
      let written = 0;
      while (written < data.length) {
        const result = await handle.write(data, written, data.length - written, this.writtenOffset + written);
        written += result.bytesWritten;
      }
      if (this.sync === 'fsync') await handle.datasync();
      const segment = this.writeSegment;
      let offset = this.writtenOffset;
      this.writtenOffset += data.length;
      for (const [index, waiter] of waiters.entries()) {
        waiter.resolve({ segment, offset });
        offset += buffers[index]!.length;
      }
      if (this.writtenOffset >= this.segmentBytes) await this.rotate();
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
    } finally {
      this.flushing = false;
      if (this.pending.length > 0) this.scheduleFlush();
    }
  }

  private async rotate(): Promise<void> {
    await this.writeHandle?.close();
    await this.openForWriting(this.writeSegment + 1);
  }

  private async openForWriting(segment: number): Promise<void> {
    const path = join(this.directory, segmentName(segment));
    this.writeHandle = await open(path, 'a+');
    this.writeSegment = segment;
    this.writtenOffset = (await this.writeHandle.stat()).size;
  }

  private async listSegments(): Promise<number[]> {
    const names = await readdir(this.directory);
    return names
      .map((name) => segmentPattern.exec(name))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => Number(match[1]))
      .sort((a, b) => a - b);
  }

  /** Cuts a torn last line off a segment (bytes after its last newline). */
  private async repairTail(segment: number): Promise<void> {
    const path = join(this.directory, segmentName(segment));
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      return;
    }
    if (size === 0) return;
    const handle = await open(path, 'r');
    try {
      const chunk = Buffer.alloc(64 * 1024);
      let end = size;
      while (end > 0) {
        const start = Math.max(0, end - chunk.length);
        const { bytesRead } = await handle.read(chunk, 0, end - start, start);
        const index = chunk.subarray(0, bytesRead).lastIndexOf(newline);
        if (index >= 0) {
          const keep = start + index + 1;
          if (keep < size) await truncate(path, keep);
          return;
        }
        end = start;
      }
      await truncate(path, 0);
    } finally {
      await handle.close();
    }
  }

  /**
   * Reads up to `maxEntries` whole records from `from`, never past the durable end. Crosses into
   * the next segment when one is exhausted.
   */
  async read(from: QueuePosition, maxEntries: number, maxBytes = 8 * 1024 * 1024): Promise<QueueEntry[]> {
    const entries: QueueEntry[] = [];
    let position = { ...from };
    while (entries.length < maxEntries) {
      const limit = position.segment === this.writeSegment ? this.writtenOffset : await this.segmentSize(position.segment);
      if (limit === null) {
        if (position.segment < this.writeSegment) {
          position = { segment: position.segment + 1, offset: 0 };
          continue;
        }
        break;
      }
      if (position.offset >= limit) {
        if (position.segment < this.writeSegment) {
          position = { segment: position.segment + 1, offset: 0 };
          continue;
        }
        break;
      }
      const handle = await this.readHandle(position.segment);
      const length = Math.min(maxBytes, limit - position.offset);
      const buffer = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position.offset);
      let start = 0;
      let consumed = false;
      while (entries.length < maxEntries) {
        const index = buffer.indexOf(newline, start);
        if (index < 0 || index >= bytesRead) break;
        const line = buffer.toString('utf8', start, index);
        const entryPosition = { segment: position.segment, offset: position.offset + start };
        const next = { segment: position.segment, offset: position.offset + index + 1 };
        entries.push({ position: entryPosition, next, line });
        start = index + 1;
        consumed = true;
      }
      position = { segment: position.segment, offset: position.offset + start };
      if (!consumed) {
        if (bytesRead === length && length === maxBytes) throw new Error(`queue record at ${formatPosition(position)} is larger than ${maxBytes} bytes`);
        break;
      }
    }
    return entries;
  }

  /**
   * Reads up to `maxEntries` whole records from `from` as one block of bytes (lines, each ending in
   * a newline), never past the durable end nor past `until`: the bulk path, with no object per record.
   */
  async readBlock(from: QueuePosition, maxEntries: number, options: { maxBytes?: number; until?: QueuePosition } = {}): Promise<QueueBlock> {
    const maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    const until = options.until;
    const pieces: Buffer[] = [];
    let bytes = 0;
    let entries = 0;
    let position = { ...from };
    while (entries < maxEntries && bytes < maxBytes) {
      if (until && comparePositions(position, until) >= 0) break;
      let limit = !this.reader && position.segment === this.writeSegment ? this.writtenOffset : await this.segmentSize(position.segment);
      if (until && limit !== null && position.segment === until.segment) limit = Math.min(limit, until.offset);
      if (limit === null || position.offset >= limit) {
        if (await this.hasLaterSegment(position.segment)) {
          // A writer in another process finishes a segment before it opens the next: look once more for its last lines.
          if (this.reader && limit !== null && ((await this.segmentSize(position.segment)) ?? 0) > position.offset) continue;
          position = { segment: position.segment + 1, offset: 0 };
          continue;
        }
        break;
      }
      const handle = await this.readHandle(position.segment);
      const length = Math.min(8 * 1024 * 1024, limit - position.offset, maxBytes - bytes);
      const buffer = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position.offset);
      // Whole lines only, and no more than maxEntries of them.
      let end = 0;
      for (let index = buffer.indexOf(newline); index >= 0 && index < bytesRead && entries < maxEntries; index = buffer.indexOf(newline, index + 1)) {
        end = index + 1;
        entries++;
      }
      if (end === 0) {
        if (bytesRead === length && length >= 8 * 1024 * 1024) throw new Error(`queue record at ${formatPosition(position)} is larger than 8 MiB`);
        break;
      }
      pieces.push(buffer.subarray(0, end));
      bytes += end;
      position = { segment: position.segment, offset: position.offset + end };
      if (end < bytesRead && entries >= maxEntries) break;
    }
    return { data: pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, bytes), entries, next: position };
  }

  private async segmentSize(segment: number): Promise<number | null> {
    try {
      return (await stat(join(this.directory, segmentName(segment)))).size;
    } catch {
      return null;
    }
  }

  private readHandle(segment: number): Promise<FileHandle> {
    let handle = this.readHandles.get(segment);
    if (!handle) {
      handle = open(join(this.directory, segmentName(segment)), 'r');
      this.readHandles.set(segment, handle);
      handle.catch(() => this.readHandles.delete(segment));
    }
    return handle;
  }

  /** Deletes every segment that lies wholly before `position` (all its records are consumed by everyone). */
  async release(position: QueuePosition): Promise<void> {
    for (const segment of await this.listSegments()) {
      if (segment >= position.segment || (!this.reader && segment >= this.writeSegment)) break;
      const handle = this.readHandles.get(segment);
      this.readHandles.delete(segment);
      await (await handle?.catch(() => undefined))?.close();
      await rm(join(this.directory, segmentName(segment)), { force: true });
    }
  }

  /** Waits for pending appends, then closes every file. */
  async close(): Promise<void> {
    while (this.pending.length > 0 || this.flushing || this.scheduled) {
      if (!this.flushing && !this.scheduled) await this.flush();
      else await new Promise((resolve) => setImmediate(resolve));
    }
    this.closed = true;
    await this.writeHandle?.close();
    this.writeHandle = null;
    for (const handle of this.readHandles.values()) await (await handle.catch(() => undefined))?.close();
    this.readHandles.clear();
  }
}
