import { rm } from 'node:fs/promises';
import type { GenerationRecord } from '../../spec/generation-record.js';
import { FileDurableQueue } from '../durable-queue/file-durable-queue.js';
import type { QueueFileSystem } from '../durable-queue/queue-file-system.js';
import { comparePositions, type QueuePosition } from '../durable-queue/queue-position.js';
import { forEachPayload } from '../durable-queue/record-frame.js';
import { legacySegmentPath, listLegacySegments, parseLegacyLine, readLegacyLines } from './legacy/legacy-queue-lines.js';
import { decodeUsageEvent, encodeUsageEvent } from './usage-events/usage-event.js';

/** The code of a generation the gateway stopped in the middle of. */
export const interruptedCode = 'gateway_interrupted';

export interface JournalEntry {
  /** Marks the end of the generation's journal entry (its record is on the queue, or it never started). */
  end(): void;
}

/** Which of these generation ids reached the log (the store, the queue on its way there, or the quarantine). */
export type LoggedIds = (ids: readonly string[]) => Promise<Set<string>>;

/**
 * Generations in flight, on disk. Each streamed generation writes a start entry — the record it
 * would have if the gateway stopped now: failed, nothing charged — before its first byte leaves.
 * If the process dies mid-generation, the next start finds the entries whose generation never
 * reached the log and records them as failed (`gateway_interrupted`, cost 0): marked, never charged
 * for what the client did not get to the end of, never twice. Entries are usage events in a
 * durable queue of their own (`in-flight-generations-<n>.frames`).
 */
export class InFlightJournal {
  private readonly inFlight = new Map<string, QueuePosition | null>();
  private compacting = false;
  /** Entries written before this process started, not yet checked against the log. */
  private unrecovered: QueuePosition | null;

  private constructor(
    private readonly queue: FileDurableQueue,
    unrecovered: boolean,
  ) {
    this.unrecovered = unrecovered ? queue.end : null;
  }

  static async open(directory: string, sync: 'write' | 'fsync', fileSystem?: QueueFileSystem): Promise<InFlightJournal> {
    const legacy = await listLegacySegments(directory);
    const queue = await FileDurableQueue.open(directory, { contents: 'in-flight-generations', sync, segmentBytes: 4 * 1024 * 1024, ...(fileSystem ? { fileSystem } : {}) });
    const { segment, offset } = queue.end;
    return new InFlightJournal(queue, legacy.length > 0 || segment > 1 || offset > 0);
  }

  /**
   * Writes a generation's start entry. `durable` resolves once it is on disk and rejects when it
   * could not be written (then the generation must not start).
   */
  begin(skeleton: GenerationRecord): { entry: JournalEntry; durable: Promise<void> } {
    const id = skeleton.id;
    this.inFlight.set(id, null);
    let payload: Buffer;
    try {
      payload = encodeUsageEvent(skeleton);
    } catch (error) {
      this.inFlight.delete(id);
      return { entry: { end: () => undefined }, durable: Promise.reject(error) };
    }
    const durable = this.queue.append(payload).then(
      (position) => {
        if (this.inFlight.has(id)) this.inFlight.set(id, position);
      },
      (error: unknown) => {
        this.inFlight.delete(id);
        throw error;
      },
    );
    durable.catch(() => undefined);
    return { durable, entry: { end: () => void this.inFlight.delete(id) } };
  }

  /** Deletes the segments before the oldest generation still in flight (and before what is not recovered yet). */
  async compact(): Promise<void> {
    if (this.compacting) return;
    this.compacting = true;
    try {
      let oldest = this.queue.end;
      if (this.unrecovered) oldest = await this.queue.start();
      for (const position of this.inFlight.values()) if (position && comparePositions(position, oldest) < 0) oldest = position;
      await this.queue.release(oldest);
    } finally {
      this.compacting = false;
    }
  }

  /** Whether entries of an earlier run still wait to be checked against the log. */
  get recoveryPending(): boolean {
    return this.unrecovered !== null;
  }

  /**
   * Every generation an earlier run journaled and that never reached the log is recorded through
   * `append` as interrupted. Returns how many. Throws, keeping the entries for another attempt, when
   * the log cannot say what it holds (its store unavailable, say).
   */
  async recover(logged: LoggedIds, append: (record: GenerationRecord) => Promise<void>): Promise<number> {
    const skeletons = new Map<string, GenerationRecord>();
    // Entries of releases that journaled JSON lines.
    const legacy = await listLegacySegments(this.queue.directory);
    for (const { line } of await readLegacyLines(this.queue.directory)) {
      try {
        const skeleton = parseLegacyLine(line);
        encodeUsageEvent(skeleton);
        skeletons.set(skeleton.id, skeleton);
      } catch {
        // a torn or foreign line: nothing to recover from it
      }
    }
    if (this.unrecovered) {
      for (let from = await this.queue.start(); comparePositions(from, this.unrecovered) < 0; ) {
        const block = await this.queue.read(from, 1000, { until: this.unrecovered });
        if (block.records === 0 && block.damaged.length === 0) break;
        forEachPayload(block.data, (payload) => {
          try {
            const skeleton = decodeUsageEvent(payload);
            skeletons.set(skeleton.id, skeleton);
          } catch {
            // a damaged entry: nothing to recover from it
          }
        });
        from = block.next;
      }
    }
    let recovered = 0;
    const all = [...skeletons.values()];
    for (let index = 0; index < all.length; index += 1000) {
      const batch = all.slice(index, index + 1000);
      const found = await logged(batch.map((skeleton) => skeleton.id));
      for (const skeleton of batch) {
        if (found.has(skeleton.id)) continue;
        await append(skeleton);
        recovered++;
      }
    }
    for (const segment of legacy) await rm(legacySegmentPath(this.queue.directory, segment), { force: true });
    this.unrecovered = null;
    await this.compact();
    return recovered;
  }

  /** Closes the journal; with nothing in flight and nothing left to recover (a clean stop) its files are removed. */
  async close(): Promise<void> {
    await this.queue.close();
    if (this.inFlight.size === 0 && !this.unrecovered) await rm(this.queue.directory, { recursive: true, force: true });
  }
}
