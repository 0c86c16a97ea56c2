import { rm } from 'node:fs/promises';
import { comparePositions, DurableQueue, type QueuePosition } from './durable-queue.js';
import type { GenerationRecord } from './generation-record.js';
import type { GenerationStore } from './generation-store.js';

/** The code of a generation the gateway stopped in the middle of. */
export const interruptedCode = 'gateway_interrupted';

export interface JournalEntry {
  /** Marks the end of the generation's journal entry (its record is on the queue, or it never started). */
  end(): void;
}

/**
 * Generations in flight, on disk. Each generation writes a start entry — the record it would have
 * if the gateway stopped now: failed, nothing charged — before its answer can complete. If the
 * process dies (kill -9, power loss) mid-generation, the next start finds the entries whose
 * generation never reached the log and records them as failed (`gateway_interrupted`, cost 0), so
 * an interrupted generation is marked, charged at most for what was delivered, and never twice.
 * Segments whose generations have all ended are deleted.
 */
export class InFlightJournal {
  private readonly inFlight = new Map<string, QueuePosition | null>();
  private compacting = false;

  private constructor(private readonly queue: DurableQueue) {}

  static async open(directory: string, sync: 'write' | 'fsync'): Promise<InFlightJournal> {
    return new InFlightJournal(await DurableQueue.open(directory, { sync, segmentBytes: 4 * 1024 * 1024 }));
  }

  /**
   * Writes a generation's start entry. The returned promise resolves once it is durable; the
   * caller awaits it before the generation's record is appended, so a record never precedes its
   * start entry.
   */
  begin(skeleton: GenerationRecord): { entry: JournalEntry; durable: Promise<void> } {
    const id = skeleton.id;
    this.inFlight.set(id, null);
    const durable = this.queue.append(JSON.stringify(skeleton)).then(
      (position) => {
        if (this.inFlight.has(id)) this.inFlight.set(id, position);
      },
      () => undefined,
    );
    return {
      durable,
      entry: {
        end: () => {
          this.inFlight.delete(id);
        },
      },
    };
  }

  /** Deletes the segments before the oldest generation still in flight. */
  async compact(): Promise<void> {
    if (this.compacting) return;
    this.compacting = true;
    try {
      let oldest = this.queue.end;
      for (const position of this.inFlight.values()) if (position && comparePositions(position, oldest) < 0) oldest = position;
      await this.queue.release(oldest);
    } finally {
      this.compacting = false;
    }
  }

  /**
   * At start, before serving: every journaled generation without a record in the store (the queue
   * delivered everything first) is recorded through `append` as interrupted. Returns how many.
   */
  async recover(store: GenerationStore, append: (record: GenerationRecord) => Promise<void>): Promise<number> {
    let recovered = 0;
    const seen = new Set<string>();
    for (let from = await this.queue.start(); ; ) {
      const entries = await this.queue.read(from, 1000);
      if (entries.length === 0) break;
      const skeletons: GenerationRecord[] = [];
      for (const entry of entries) {
        try {
          const skeleton = JSON.parse(entry.line) as GenerationRecord;
          if (!seen.has(skeleton.id)) skeletons.push(skeleton);
          seen.add(skeleton.id);
        } catch {
          // a torn or foreign line: nothing to recover from it
        }
      }
      const stored = await store.existingIds(skeletons.map((skeleton) => skeleton.id));
      for (const skeleton of skeletons) {
        if (stored.has(skeleton.id)) continue;
        await append(skeleton);
        recovered++;
      }
      from = entries.at(-1)!.next;
    }
    await this.queue.release(this.queue.end);
    return recovered;
  }

  /** Closes the journal; with nothing in flight (a clean stop) its files are removed, so the next start reads nothing. */
  async close(): Promise<void> {
    await this.queue.close();
    if (this.inFlight.size === 0) await rm(this.queue.directory, { recursive: true, force: true });
  }
}
