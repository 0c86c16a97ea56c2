import { join } from 'node:path';
import type { Logger } from '../../observability/logger.js';
import type { Counter } from 'prom-client';
import type { ControlPlaneStore } from '../control-plane/control-plane-store.js';
import type { DurableQueue, QueueBlock } from '../durable-queue/durable-queue.js';
import { comparePositions, formatPosition, type QueuePosition } from '../durable-queue/queue-position.js';
import { forEachPayload, frameHeaderBytes, frameRecords } from '../durable-queue/record-frame.js';
import { type EventBlock, type GenerationStore, StoreRefusedError } from './generation-store.js';
import { Quarantine, type QuarantinedRecord } from './quarantine.js';
import { readStoreCursor, type StoreCursor, UnreadableCursorError, writeStoreCursor } from './store-cursor.js';
import { sumBlockUsage } from './block-usage.js';
import { type Batch, chargeable, frameOffsets, selectFrames } from './event-batch.js';
import { decodeUsageEvent, readableEventVersions, readEventId, upgradeUsageEvent, usageEventVersion } from './usage-events/usage-event.js';
import type { GenerationRecord } from '../../spec/generation-record.js';

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
  metrics?: { logQuarantined: Counter<'reason'>; logDeliveryFailures: Counter<'consumer'> };
  batchSize: number;
  flushIntervalMs: number;
  /** The control plane's cursor for this queue. */
  cursorName: string;
  /**
   * Runs before the first delivery, and again before each attempt until it succeeds (the migration
   * of an earlier release's queue: nothing may be delivered before it).
   */
  prepare?: () => Promise<void>;
  /** Where finished generations are broadcast (observability destinations): a third consumer, with its own cursor. */
  broadcast?: GenerationBroadcast;
}

/** What the broadcast consumer hands its records to (broadcast/broadcaster.ts, injected by the composition). */
export interface GenerationBroadcast {
  /** Whether any destination exists: when not, the consumer only moves its cursor on. */
  active(): Promise<boolean>;
  /** Resolves when every record was delivered or given up (never for a destination's failure). */
  deliver(records: readonly GenerationRecord[]): Promise<void>;
}

type ConsumerName = 'store' | 'controlPlane' | 'broadcast';

/** How long a failing delivery keeps quiet in the log between reports. */
const failureReportIntervalMs = 60_000;

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
  private stopped = false;
  private failingSince: number | null = null;
  private lastFailureReport = 0;
  private preparing: Promise<void> | null = null;
  private prepared = false;
  /**
   * Each consumer's runs, one after another (a run owns its cursor while it goes): the store's and
   * the control plane's are independent, so one catching up never waits for the other.
   */
  private readonly consumers = {
    store: { chain: Promise.resolve() as Promise<void>, busy: false },
    controlPlane: { chain: Promise.resolve() as Promise<void>, busy: false },
    broadcast: { chain: Promise.resolve() as Promise<void>, busy: false },
  };
  private readonly broadcastCursorPath: string;
  private broadcastPosition: QueuePosition | null = null;
  private readonly broadcastScratch = { buffer: Buffer.alloc(0) };

  constructor(private readonly options: GenerationLogWriterOptions) {
    this.cursorPath = join(options.directory, 'store-cursor.json');
    this.broadcastCursorPath = join(options.directory, 'broadcast-cursor.json');
    this.quarantine = new Quarantine(join(options.directory, 'quarantine.ndjson'));
  }

  /** Delivers what is already queued (a failure is logged, not thrown), then keeps draining on an interval. */
  async start(): Promise<void> {
    await this.drain().catch((error: unknown) => this.reportFailure(error));
    this.timer = setInterval(() => this.tick(), this.options.flushIntervalMs);
    this.timer.unref();
  }

  /** On the interval: each consumer that is idle takes up what has been queued since. */
  private tick(): void {
    if (this.stopped) return;
    void this.prepare()
      .then(() => {
        for (const name of this.consumerNames()) {
          if (this.consumers[name].busy) continue;
          this.run(name)
            .then(() => this.releaseConsumedSegments())
            .then(() => {
              this.failingSince = null;
              this.lastFailureReport = 0;
            })
            .catch((error: unknown) => this.reportFailure(error));
        }
      })
      .catch((error: unknown) => this.reportFailure(error));
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

  /** Whether `prepare` has run (what the queue holds is then all it will hold). */
  get isPrepared(): boolean {
    return this.prepared;
  }

  private prepare(): Promise<void> {
    if (this.prepared) return Promise.resolve();
    this.preparing ??= (async () => {
      try {
        await this.options.prepare?.();
        this.prepared = true;
      } finally {
        this.preparing = null;
      }
    })();
    return this.preparing;
  }

  /** The consumers of this queue: the store, the control plane, and the broadcast when destinations can be configured. */
  private consumerNames(): ConsumerName[] {
    return this.options.broadcast ? ['store', 'controlPlane', 'broadcast'] : ['store', 'controlPlane'];
  }

  /** One consumer delivers batches until it has reached the end of the queue, after any run of it already going. */
  private run(name: ConsumerName): Promise<void> {
    const consumer = this.consumers[name];
    const deliver = name === 'store' ? () => this.deliverToStore() : name === 'controlPlane' ? () => this.deliverToControlPlane() : () => this.deliverToBroadcast();
    const run = consumer.chain.then(async () => {
      consumer.busy = true;
      try {
        while ((await deliver()) > 0);
      } catch (error) {
        this.options.metrics?.logDeliveryFailures.inc({ consumer: name === 'controlPlane' ? 'control_plane' : name });
        throw error;
      } finally {
        consumer.busy = false;
      }
    });
    consumer.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * Delivers until both consumers have reached the end of the queue (each after its run already
   * going, if any), then releases what both have passed.
   */
  async drain(): Promise<void> {
    await this.prepare();
    const outcomes = await Promise.allSettled(this.consumerNames().map((name) => this.run(name)));
    for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
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
    const ahead = this.readAhead;
    this.readAhead = null;
    if (cursor.pending) {
      // A batch was being inserted when the process stopped: insert exactly it again, under its old token.
      await ahead?.block.catch(() => undefined);
      from = cursor.pending.from;
      block = await queue.read(from, Number.MAX_SAFE_INTEGER, { until: cursor.pending.to, scratch: this.storeScratch() });
    } else {
      from = cursor.position;
      const aheadBlock = ahead && comparePositions(ahead.from, from) === 0 ? await ahead.block.catch(() => null) : null;
      if (ahead && !aheadBlock) await ahead.block.catch(() => undefined);
      block = aheadBlock && aheadBlock.records > 0 ? aheadBlock : await queue.read(from, batchSize, { scratch: this.storeScratch() });
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
    const offsets = frameOffsets(block.data, block.records);
    const stored = this.verifyStored ? await this.storedIds(block) : null;
    // Events of this release's version go to the store as they are; any other (written by a newer
    // release, or damaged in a way the checksum missed) to the quarantine.
    const keep: number[] = [];
    // Events of an earlier version this release reads, as this version's (the store reads one layout).
    const upgraded = new Map<number, Buffer>();
    for (let index = 0; index < block.records; index++) {
      const start = offsets[index]! + frameHeaderBytes;
      const payload = block.data.subarray(start, offsets[index + 1]!);
      if (stored?.has(readEventId(payload) ?? '')) continue;
      if (payload[0] === usageEventVersion) {
        keep.push(index);
        continue;
      }
      if (readableEventVersions.includes(payload[0]!)) {
        try {
          upgraded.set(index, frameRecords([upgradeUsageEvent(payload)]));
          keep.push(index);
          continue;
        } catch {
          // Unreadable after all: quarantined below.
        }
      }
      held.push({
        key: `${this.options.queueIdentity}@${formatPosition(from)}#${index}`,
        quarantinedAt: new Date().toISOString(),
        reason: `unreadable usage event: version ${payload[0] ?? '(empty)'} is not one this release reads`,
        generationId: readEventId(payload),
        usageApplied: false,
        payload: { kind: 'usage-event', base64: payload.toString('base64') },
      });
    }
    await this.hold(held);
    const batch = keep.length === block.records && upgraded.size === 0 ? { data: block.data, indexes: keep, offsets } : selectFrames(block.data, offsets, keep, upgraded);
    // While the engine inserts this batch, the next one is read (into the other buffer).
    if (!cursor.pending) {
      const next = block.next;
      this.readAhead = { from: next, block: queue.read(next, batchSize, { scratch: this.storeScratch() }) };
      this.readAhead.block.catch(() => undefined);
    }
    await this.insert(batch, from, token);
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
  private async insert(batch: Batch, from: QueuePosition, token: string): Promise<void> {
    const block: EventBlock = { rows: batch.indexes.length, data: batch.data };
    try {
      await this.options.store.insertEvents(block, token);
      return;
    } catch (error) {
      if (!(error instanceof StoreRefusedError)) throw error;
      if (batch.indexes.length === 1) {
        const payload = batch.data.subarray(frameHeaderBytes);
        await this.hold([
          {
            key: `${this.options.queueIdentity}@${formatPosition(from)}#${batch.indexes[0]}`,
            quarantinedAt: new Date().toISOString(),
            reason: error.message,
            generationId: readEventId(payload),
            // Its charge reached the control plane if that consumer could read it (the same reader).
            usageApplied: chargeable(payload),
            payload: { kind: 'usage-event', base64: payload.toString('base64') },
          },
        ]);
        return;
      }
    }
    const middle = Math.ceil(batch.indexes.length / 2);
    for (const [start, end] of [
      [0, middle],
      [middle, batch.indexes.length],
    ] as const) {
      const half = {
        data: batch.data.subarray(batch.offsets[start]!, batch.offsets[end]!),
        indexes: batch.indexes.slice(start, end),
        offsets: batch.offsets.slice(start, end + 1).map((offset) => offset - batch.offsets[start]!),
      };
      await this.insert(half, from, `${token}/${start}-${end}`);
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
    const block = await queue.read(from, batchSize, { scratch: this.controlPlaneScratch });
    if (block.records === 0 && block.damaged.length === 0) return 0;
    await controlPlane.applyUsage(sumBlockUsage(block), cursorName, block.next);
    return block.records + block.damaged.length;
  }

  /**
   * The broadcast consumer: reads a batch, hands its records to the broadcaster (which sends or gives
   * up on each destination), then moves its cursor (a small JSON file). A crash in between sends the
   * batch again; a span's id is derived from its generation's, so a receiver can tell.
   */
  private async deliverToBroadcast(): Promise<number> {
    const broadcast = this.options.broadcast!;
    if (this.broadcastPosition === null) {
      try {
        this.broadcastPosition = (await readStoreCursor(this.broadcastCursorPath))?.position ?? (await this.options.queue.start());
      } catch (error) {
        if (!(error instanceof UnreadableCursorError)) throw error;
        this.options.logger.error('the broadcast cursor is unreadable; broadcasting what the queue still holds again', { queue: this.options.queueIdentity, error: error.message });
        this.broadcastPosition = await this.options.queue.start();
      }
    }
    const from = this.broadcastPosition;
    const block = await this.options.queue.read(from, this.options.batchSize, { scratch: this.broadcastScratch });
    if (block.records === 0 && block.damaged.length === 0) return 0;
    if (await broadcast.active()) {
      const records: GenerationRecord[] = [];
      // Only events this release reads (the store's consumer quarantines the rest).
      forEachPayload(block.data, (payload) => {
        if (!readableEventVersions.includes(payload[0]!)) return;
        try {
          records.push(decodeUsageEvent(payload));
        } catch {
          // Unreadable: the store's consumer quarantines it.
        }
      });
      await broadcast.deliver(records);
    }
    await writeStoreCursor(this.broadcastCursorPath, { position: block.next, pending: null });
    this.broadcastPosition = block.next;
    return block.records + block.damaged.length;
  }

  private releasing: Promise<void> = Promise.resolve();
  /**
   * Each consumer reads its blocks into buffers of its own, reused from batch to batch; the store's
   * consumer has two, taking turns: the next block is read while the engine inserts the last.
   */
  private readonly storeScratches = [{ buffer: Buffer.alloc(0) }, { buffer: Buffer.alloc(0) }];
  private storeTurn = 0;
  private readonly controlPlaneScratch = { buffer: Buffer.alloc(0) };
  /** The store consumer's next block, read ahead while the previous one was being inserted. */
  private readAhead: { from: QueuePosition; block: Promise<QueueBlock> } | null = null;

  private storeScratch(): { buffer: Buffer } {
    this.storeTurn = 1 - this.storeTurn;
    return this.storeScratches[this.storeTurn]!;
  }

  /** Releases what both consumers have passed (one release at a time). */
  private releaseConsumedSegments(): Promise<void> {
    const run = this.releasing.then(() => this.releaseNow());
    this.releasing = run.catch(() => undefined);
    return run;
  }

  private async releaseNow(): Promise<void> {
    const storePosition = (await this.loadCursor()).position;
    const controlPlanePosition = await this.options.controlPlane.getCursor(this.options.cursorName);
    if (!controlPlanePosition) return;
    let earliest = comparePositions(storePosition, controlPlanePosition) <= 0 ? storePosition : controlPlanePosition;
    if (this.options.broadcast) {
      if (this.broadcastPosition === null) return;
      if (comparePositions(this.broadcastPosition, earliest) < 0) earliest = this.broadcastPosition;
    }
    await this.options.queue.release(earliest);
  }

  /** Stops the interval and delivers whatever is left; what cannot be delivered stays queued for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.drain().catch((error: unknown) => {
      this.options.logger.error('stopping with records not yet delivered; they stay queued for the next start', {
        queue: this.options.queueIdentity,
        error: String((error as Error)?.message ?? error),
      });
    });
  }
}
