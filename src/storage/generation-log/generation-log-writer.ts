import { join } from 'node:path';
import type { Logger } from '../../observability/logger.js';
import type { ControlPlaneStore, UsageEntry } from '../control-plane/control-plane-store.js';
import { readCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint-file.js';
import { comparePositions, formatPosition, type DurableQueue, type QueueEntry, type QueuePosition } from './durable-queue.js';
import type { GenerationStore } from './generation-store.js';
import { queueLineToRow, queueLineUsage } from './queue-line.js';

export interface GenerationLogWriterOptions {
  queue: DurableQueue;
  store: GenerationStore;
  controlPlane: ControlPlaneStore;
  logger: Logger;
  batchSize: number;
  flushIntervalMs: number;
}

const controlPlaneCursor = 'generation-log';

/** The batch as TabSeparated rows for the store; unreadable lines (only tampering makes them) are logged and skipped. */
function rowsOf(entries: QueueEntry[], logger: Logger): string {
  let rows = '';
  for (const entry of entries) {
    const row = queueLineToRow(entry.line);
    if (row === null) logger.error('queue line is not a generation record; skipped', { position: formatPosition(entry.position) });
    else rows += row;
  }
  return rows;
}

function usageOf(entries: QueueEntry[], logger: Logger): UsageEntry[] {
  const usage: UsageEntry[] = [];
  for (const entry of entries) {
    const line = queueLineUsage(entry.line);
    if (line === null) logger.error('queue line is not a generation record; skipped', { position: formatPosition(entry.position) });
    else usage.push(line);
  }
  return usage;
}

/**
 * Drains the durable queue in batches into two places, each with its own cursor:
 *  - the generation store (chDB / ClickHouse): the batch bounds are written to a checkpoint before
 *    the insert and reused after a crash, so the insert deduplication token recognises a repeat;
 *  - the control plane (account and key usage): the usage and the cursor move in one transaction.
 * Segments both have passed are deleted.
 */
export class GenerationLogWriter {
  private readonly checkpointPath: string;
  private checkpoint: Checkpoint | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private draining: Promise<void> = Promise.resolve();

  constructor(private readonly options: GenerationLogWriterOptions) {
    this.checkpointPath = join(options.queue.directory, 'store-checkpoint.json');
  }

  /** Catches up with everything already in the queue, then keeps draining on an interval. */
  async start(): Promise<void> {
    await this.drain();
    this.timer = setInterval(() => void this.tick(), this.options.flushIntervalMs);
    this.timer.unref();
  }

  private tick(): void {
    if (this.running || this.stopped) return;
    this.running = this.drain()
      .catch((error: unknown) => this.options.logger.error('generation log drain failed; will retry', { error: String(error) }))
      .finally(() => {
        this.running = null;
      });
  }

  /**
   * Delivers batches until both consumers have reached the end of the queue. Calls are serialized
   * (the interval's and an explicit one never interleave: each owns the checkpoint while it runs).
   */
  drain(): Promise<void> {
    const run = this.draining.then(() => this.drainOnce());
    this.draining = run.catch(() => undefined);
    return run;
  }

  private async drainOnce(): Promise<void> {
    for (;;) {
      const stored = await this.deliverToStore();
      const applied = await this.deliverToControlPlane();
      if (stored === 0 && applied === 0) break;
    }
    await this.releaseConsumedSegments();
  }

  private async loadCheckpoint(): Promise<Checkpoint> {
    if (!this.checkpoint) {
      this.checkpoint = (await readCheckpoint(this.checkpointPath)) ?? { position: await this.options.queue.start(), pending: null };
    }
    return this.checkpoint;
  }

  private async deliverToStore(): Promise<number> {
    const checkpoint = await this.loadCheckpoint();
    const { queue, store, batchSize } = this.options;
    let from: QueuePosition;
    let entries: QueueEntry[];
    if (checkpoint.pending) {
      const pending = checkpoint.pending;
      from = pending.from;
      entries = (await queue.read(from, batchSize)).filter((entry) => comparePositions(entry.next, pending.to) <= 0);
    } else {
      from = checkpoint.position;
      entries = await queue.read(from, batchSize);
      if (entries.length === 0) return 0;
      this.checkpoint = { position: from, pending: { from, to: entries.at(-1)!.next } };
      await writeCheckpoint(this.checkpointPath, this.checkpoint);
    }
    const to = entries.at(-1)?.next ?? from;
    await store.insertTabSeparated(rowsOf(entries, this.options.logger), `${formatPosition(from)}-${formatPosition(to)}`);
    this.checkpoint = { position: to, pending: null };
    await writeCheckpoint(this.checkpointPath, this.checkpoint);
    return entries.length;
  }

  private async deliverToControlPlane(): Promise<number> {
    const { queue, controlPlane, batchSize } = this.options;
    const from = (await controlPlane.getCursor(controlPlaneCursor)) ?? (await queue.start());
    const entries = await queue.read(from, batchSize);
    if (entries.length === 0) return 0;
    const usage = usageOf(entries, this.options.logger);
    await controlPlane.applyUsage(usage, controlPlaneCursor, entries.at(-1)!.next);
    return entries.length;
  }

  private async releaseConsumedSegments(): Promise<void> {
    const storePosition = (await this.loadCheckpoint()).position;
    const controlPlanePosition = await this.options.controlPlane.getCursor(controlPlaneCursor);
    if (!controlPlanePosition) return;
    const earliest = comparePositions(storePosition, controlPlanePosition) <= 0 ? storePosition : controlPlanePosition;
    await this.options.queue.release(earliest);
  }

  /** Stops the interval and delivers whatever is left. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.drain();
  }
}
