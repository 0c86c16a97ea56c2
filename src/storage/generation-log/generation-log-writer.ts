import { join } from 'node:path';
import { utcDay } from '../../spec/limit-period.js';
import type { Logger } from '../../observability/logger.js';
import type { Counter } from '../../observability/metrics-registry.js';
import type { ControlPlaneStore, UsageEntry } from '../control-plane/control-plane-store.js';
import type { DurableQueue, QueueBlock } from '../durable-queue/durable-queue.js';
import { comparePositions, formatPosition, type QueuePosition } from '../durable-queue/queue-position.js';
import { forEachPayload } from '../durable-queue/record-frame.js';
import { type GenerationStore, StoreRefusedError } from './generation-store.js';
import { Quarantine, type QuarantinedRecord } from './quarantine.js';
import { readStoreCursor, type StoreCursor, UnreadableCursorError, writeStoreCursor } from './store-cursor.js';
import { NativeBlockBuilder } from './usage-events/native-block.js';
import { readEventId, readEventUsage } from './usage-events/usage-event-v2.js';

export interface GenerationLogWriterOptions {
  queue: DurableQueue;
  /**
   * Names this queue among every queue that feeds the store: the node's id and the queue's
   * (`<node>/gateway`, `<node>/worker-2`). Deduplication tokens begin with it, so batches of two
   * queues with the same byte ranges never share a token.
   */
  queueIdentity: string;
  /** Where the store cursor and the quarantine file are kept (the queue's directory). */
  directory: string;
  store: GenerationStore;
  controlPlane: ControlPlaneStore;
  logger: Logger;
  metrics?: { logQuarantined: Counter; logDeliveryFailures: Counter };
  batchSize: number;
  flushIntervalMs: number;
  /** The control plane's cursor for this queue. */
  cursorName: string;
  /**
   * Runs before the first delivery, and again before each attempt until it succeeds (the migration
   * of an earlier release's queue: nothing may be delivered before it).
   */
  prepare?: () => Promise<void>;
}

/** How long a failing delivery keeps quiet in the log between reports. */
const failureReportIntervalMs = 60_000;

/** The usage a block of events adds, summed per account, key, UTC day and BYOK (unreadable events skipped). */
export function sumBlockUsage(block: QueueBlock): UsageEntry[] {
  const sums = new Map<string, UsageEntry>();
  forEachPayload(block.data, (payload) => {
    let usage: ReturnType<typeof readEventUsage>;
    try {
      usage = readEventUsage(payload);
    } catch {
      return; // quarantined by the store's consumer, and never charged
    }
    const day = utcDay(usage.createdMs);
    const key = `${usage.accountId}\u0000${usage.keyHash}\u0000${day}\u0000${usage.isByok ? 1 : 0}`;
    const entry = sums.get(key);
    if (entry) entry.costNano += usage.costNano;
    else sums.set(key, { accountId: usage.accountId, keyHash: usage.keyHash, costNano: usage.costNano, day, isByok: usage.isByok });
  });
  return [...sums.values()];
}

/**
 * Drains a usage-event queue in batches into two places, each with its own cursor:
 *  - the generation store: a batch's bounds are written to the store cursor before it is inserted
 *    and reused after a crash, so its deduplication token (queue identity + bounds) recognises a
 *    repeat; records the store cannot take go to the quarantine file and the writer goes on;
 *  - the control plane (account and key usage): the usage and the cursor move in one transaction.
 * Segments both have passed are released. A store that is down is retried; it never stops the
 * gateway from starting or stopping.
 */
export class GenerationLogWriter {
  private readonly cursorPath: string;
  readonly quarantine: Quarantine;
  private cursor: StoreCursor | null = null;
  /** The cursor file was unreadable: the store's consumer re-reads from the queue's start, skipping stored ids. */
  private verifyStored = false;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private draining: Promise<void> = Promise.resolve();
  private failingSince: number | null = null;
  private lastFailureReport = 0;
  private prepared = false;

  constructor(private readonly options: GenerationLogWriterOptions) {
    this.cursorPath = join(options.directory, 'store-cursor.json');
    this.quarantine = new Quarantine(join(options.directory, 'quarantine.ndjson'));
  }

  /** Delivers what is already queued (a failure is logged, not thrown), then keeps draining on an interval. */
  async start(): Promise<void> {
    await this.drain().catch((error: unknown) => this.reportFailure(error));
    this.timer = setInterval(() => this.tick(), this.options.flushIntervalMs);
    this.timer.unref();
  }

  private tick(): void {
    if (this.running || this.stopped) return;
    this.running = this.drain()
      .catch((error: unknown) => this.reportFailure(error))
      .finally(() => {
        this.running = null;
      });
  }

  private reportFailure(error: unknown): void {
    const now = Date.now();
    this.failingSince ??= now;
    if (now - this.lastFailureReport < failureReportIntervalMs) return;
    this.lastFailureReport = now;
    this.options.logger.error('the generation log could not be delivered; it stays queued and is retried', {
      queue: this.options.queueIdentity,
      failing_for_ms: now - this.failingSince,
      error: String((error as Error)?.message ?? error),
    });
  }

  /**
   * Delivers batches until both consumers have reached the end of the queue. Calls are serialized
   * (the interval's and an explicit one never interleave: each owns the cursor while it runs).
   */
  drain(): Promise<void> {
    const run = this.draining.then(() => this.drainOnce());
    this.draining = run.catch(() => undefined);
    return run;
  }

  /** Whether `prepare` has run (what the queue holds is then all it will hold). */
  get isPrepared(): boolean {
    return this.prepared;
  }

  private async drainOnce(): Promise<void> {
    if (!this.prepared) {
      await this.options.prepare?.();
      this.prepared = true;
    }
    for (;;) {
      // Independent cursors: the store's insert (mostly the engine's threads) and the usage (this
      // thread and SQLite) proceed side by side; one failing does not hold the other back.
      const [stored, applied] = await Promise.allSettled([this.deliverToStore(), this.deliverToControlPlane()]);
      if (stored.status === 'rejected') this.options.metrics?.logDeliveryFailures.inc({ consumer: 'store' });
      if (applied.status === 'rejected') this.options.metrics?.logDeliveryFailures.inc({ consumer: 'control_plane' });
      if (stored.status === 'rejected') throw stored.reason;
      if (applied.status === 'rejected') throw applied.reason;
      if (stored.value === 0 && applied.value === 0) break;
    }
    this.failingSince = null;
    this.lastFailureReport = 0;
    await this.releaseConsumedSegments();
  }

  private async loadCursor(): Promise<StoreCursor> {
    if (this.cursor) return this.cursor;
    try {
      this.cursor = (await readStoreCursor(this.cursorPath)) ?? { position: await this.options.queue.start(), pending: null };
    } catch (error) {
      if (!(error instanceof UnreadableCursorError)) throw error;
      this.options.logger.error('the store cursor is unreadable; re-reading the queue and skipping what the store holds', { queue: this.options.queueIdentity, error: error.message });
      this.verifyStored = true;
      this.cursor = { position: await this.options.queue.start(), pending: null };
    }
    return this.cursor;
  }

  private async saveCursor(cursor: StoreCursor): Promise<void> {
    await writeStoreCursor(this.cursorPath, cursor);
    this.cursor = cursor;
  }

  private tokenOf(from: QueuePosition, to: QueuePosition): string {
    return `${this.options.queueIdentity}:${formatPosition(from)}-${formatPosition(to)}`;
  }

  private async deliverToStore(): Promise<number> {
    const cursor = await this.loadCursor();
    const { queue, batchSize } = this.options;
    let from: QueuePosition;
    let block: QueueBlock;
    if (cursor.pending) {
      // A batch was being inserted when the process stopped: insert exactly it again, under its old token.
      from = cursor.pending.from;
      block = await queue.read(from, Number.MAX_SAFE_INTEGER, { until: cursor.pending.to });
    } else {
      from = cursor.position;
      block = await queue.read(from, batchSize);
      if (block.records === 0 && block.damaged.length === 0) {
        this.verifyStored = false;
        return 0;
      }
      await this.saveCursor({ position: from, pending: { from, to: block.next } });
    }
    const token = this.tokenOf(from, block.next);
    const held: QuarantinedRecord[] = block.damaged.map((damage) => ({
      key: `${this.options.queueIdentity}@${formatPosition(damage.position)}`,
      quarantinedAt: new Date().toISOString(),
      reason: 'damaged bytes: not a whole queue record (a disk fault or an edited file)',
      generationId: null,
      usageApplied: false,
      payload: { kind: 'damaged-bytes', base64: damage.bytes.toString('base64') },
    }));
    const keys: string[] = [];
    const builder = new NativeBlockBuilder(block.records);
    const stored = this.verifyStored ? await this.storedIds(block) : null;
    forEachPayload(block.data, (payload, index) => {
      const key = `${this.options.queueIdentity}@${formatPosition(from)}#${index}`;
      if (stored?.has(readEventId(payload) ?? '')) return;
      try {
        builder.add(payload);
        keys.push(key);
      } catch (error) {
        held.push({
          key,
          quarantinedAt: new Date().toISOString(),
          reason: `unreadable usage event: ${(error as Error).message}`,
          generationId: readEventId(payload),
          usageApplied: false,
          payload: { kind: 'usage-event', base64: payload.toString('base64') },
        });
      }
    });
    await this.hold(held);
    await this.insert(builder, keys, token);
    await this.saveCursor({ position: block.next, pending: null });
    return block.records + block.damaged.length;
  }

  /** The ids of a block that the store already holds (after an unreadable cursor). */
  private async storedIds(block: QueueBlock): Promise<Set<string>> {
    const ids: string[] = [];
    forEachPayload(block.data, (payload) => {
      const id = readEventId(payload);
      if (id) ids.push(id);
    });
    return this.options.store.existingIds(ids);
  }

  /**
   * Inserts a batch; when the store refuses it for its data, halves it (each half under a token of
   * its own, the same after a crash) until the records it refuses are found and quarantined.
   */
  private async insert(builder: NativeBlockBuilder, keys: readonly string[], token: string): Promise<void> {
    const payloads = builder.events;
    try {
      await this.options.store.insertEvents(builder, token);
      return;
    } catch (error) {
      if (!(error instanceof StoreRefusedError)) throw error;
      if (payloads.length === 1) {
        await this.hold([
          {
            key: keys[0]!,
            quarantinedAt: new Date().toISOString(),
            reason: error.message,
            generationId: readEventId(payloads[0]!),
            usageApplied: true,
            payload: { kind: 'usage-event', base64: payloads[0]!.toString('base64') },
          },
        ]);
        return;
      }
    }
    const middle = Math.ceil(payloads.length / 2);
    for (const [start, end] of [
      [0, middle],
      [middle, payloads.length],
    ] as const) {
      const half = new NativeBlockBuilder(end - start);
      for (let index = start; index < end; index++) half.add(payloads[index]!);
      await this.insert(half, keys.slice(start, end), `${token}/${start}-${end}`);
    }
  }

  private async hold(records: QuarantinedRecord[]): Promise<void> {
    if (records.length === 0) return;
    const added = await this.quarantine.add(records);
    for (const record of records) this.options.metrics?.logQuarantined.inc({ reason: record.payload.kind === 'damaged-bytes' ? 'damaged' : record.usageApplied ? 'refused' : 'unreadable' });
    if (added > 0) {
      this.options.logger.error('records moved to the quarantine file; the generation log goes on', {
        queue: this.options.queueIdentity,
        count: added,
        file: this.quarantine.path,
        reasons: [...new Set(records.map((record) => record.reason))].slice(0, 5),
        generation_ids: records
          .map((record) => record.generationId)
          .filter(Boolean)
          .slice(0, 10),
      });
    }
  }

  private async deliverToControlPlane(): Promise<number> {
    const { queue, controlPlane, batchSize, cursorName } = this.options;
    const from = (await controlPlane.getCursor(cursorName)) ?? (await queue.start());
    const block = await queue.read(from, batchSize);
    if (block.records === 0 && block.damaged.length === 0) return 0;
    await controlPlane.applyUsage(sumBlockUsage(block), cursorName, block.next);
    return block.records + block.damaged.length;
  }

  private async releaseConsumedSegments(): Promise<void> {
    const storePosition = (await this.loadCursor()).position;
    const controlPlanePosition = await this.options.controlPlane.getCursor(this.options.cursorName);
    if (!controlPlanePosition) return;
    const earliest = comparePositions(storePosition, controlPlanePosition) <= 0 ? storePosition : controlPlanePosition;
    await this.options.queue.release(earliest);
  }

  /** Stops the interval and delivers whatever is left; what cannot be delivered stays queued for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.drain().catch((error: unknown) => {
      this.options.logger.error('stopping with records not yet delivered; they stay queued for the next start', {
        queue: this.options.queueIdentity,
        error: String((error as Error)?.message ?? error),
      });
    });
  }
}
