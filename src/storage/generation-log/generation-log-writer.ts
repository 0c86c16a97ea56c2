import { join } from 'node:path';
import type { Logger } from '../../observability/logger.js';
import type { ControlPlaneStore } from '../control-plane/control-plane-store.js';
import { readCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint-file.js';
import { comparePositions, formatPosition, type DurableQueue, type QueueBlock, type QueuePosition } from './durable-queue.js';
import type { GenerationStore } from './generation-store.js';
import { blockToRows, blockUsage, isTabSeparatedBlock } from './queue-line.js';

export interface GenerationLogWriterOptions {
  queue: DurableQueue;
  store: GenerationStore;
  controlPlane: ControlPlaneStore;
  logger: Logger;
  batchSize: number;
  flushIntervalMs: number;
  /** The control plane's cursor for this queue (one per queue when a cluster's workers each have one). */
  cursorName?: string;
}

const controlPlaneCursor = 'generation-log';

/** ClickHouse's answer to rows it cannot read (CANNOT_PARSE_*, INCORRECT_DATA, …). */
function isParseError(error: unknown): boolean {
  return /CANNOT_PARSE|INCORRECT_DATA|CANNOT_READ|Cannot parse|Unexpected end of stream|TOO_LARGE_STRING_SIZE|while reading the row/i.test(String((error as Error)?.message ?? error));
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

  private readonly cursorName: string;

  constructor(private readonly options: GenerationLogWriterOptions) {
    this.cursorName = options.cursorName ?? controlPlaneCursor;
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
      // Independent cursors: the store's insert (mostly the engine's threads) and the usage (this
      // thread and SQLite) proceed side by side.
      const [stored, applied] = await Promise.all([this.deliverToStore(), this.deliverToControlPlane()]);
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
    let block: QueueBlock;
    if (checkpoint.pending) {
      // A batch was being inserted when the process stopped: re-send exactly it, with its old token.
      const pending = checkpoint.pending;
      from = pending.from;
      block = await queue.readBlock(from, Number.MAX_SAFE_INTEGER, { until: pending.to });
    } else {
      from = checkpoint.position;
      block = await queue.readBlock(from, batchSize);
      if (block.entries === 0) return 0;
      this.checkpoint = { position: from, pending: { from, to: block.next } };
      await writeCheckpoint(this.checkpointPath, this.checkpoint);
    }
    const token = `${formatPosition(from)}-${formatPosition(block.next)}`;
    if (isTabSeparatedBlock(block.data)) {
      try {
        await store.insertTabSeparated(block.data, token);
      } catch (error) {
        // A line that is not a record (only tampering makes one) fails the whole insert: then insert
        // the readable ones, under the same token. Any other failure is retried as it is.
        if (!isParseError(error)) throw error;
        this.options.logger.error('generation batch has unreadable lines; inserting the readable ones', { from: formatPosition(from), error: String(error) });
        await this.insertReadable(block, token);
      }
    } else await this.insertReadable(block, token);
    this.checkpoint = { position: block.next, pending: null };
    await writeCheckpoint(this.checkpointPath, this.checkpoint);
    return block.entries;
  }

  private async insertReadable(block: QueueBlock, token: string): Promise<void> {
    const { rows, skipped } = blockToRows(block.data);
    if (skipped > 0) this.options.logger.error('queue lines that are not generation records were skipped', { count: skipped });
    await this.options.store.insertTabSeparated(rows, token);
  }

  private async deliverToControlPlane(): Promise<number> {
    const { queue, controlPlane, batchSize } = this.options;
    const from = (await controlPlane.getCursor(this.cursorName)) ?? (await queue.start());
    const block = await queue.readBlock(from, batchSize);
    if (block.entries === 0) return 0;
    const { usage, skipped } = blockUsage(block.data);
    if (skipped > 0) this.options.logger.error('queue lines that are not generation records were skipped', { count: skipped });
    await controlPlane.applyUsage(usage, this.cursorName, block.next);
    return block.entries;
  }

  private async releaseConsumedSegments(): Promise<void> {
    const storePosition = (await this.loadCheckpoint()).position;
    const controlPlanePosition = await this.options.controlPlane.getCursor(this.cursorName);
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
