import { existsSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../../observability/logger.js';
import type { ControlPlaneStore } from '../../control-plane/control-plane-store.js';
import { segmentFileName } from '../../durable-queue/file-durable-queue.js';
import { comparePositions, formatPosition, isQueuePosition, type QueuePosition } from '../../durable-queue/queue-position.js';
import { frameHeaderBytes, frameRecords } from '../../durable-queue/record-frame.js';
import type { GenerationStore } from '../generation-store.js';
import { Quarantine, type QuarantinedRecord } from '../quarantine.js';
import { writeStoreCursor } from '../store-cursor.js';
import { encodeUsageEvent } from '../usage-events/usage-event.js';
import { legacySegmentPath, listLegacySegments, parseLegacyLine, readLegacyLines } from './legacy-queue-lines.js';

export interface LegacyMigrationOptions {
  directory: string;
  /** What the new queue's segments hold (their names). */
  contents: string;
  /** The control-plane cursor the earlier release kept for this queue, and the new queue's. */
  legacyCursorName: string;
  cursorName: string;
  queueIdentity: string;
  store: GenerationStore;
  controlPlane: ControlPlaneStore;
  logger: Logger;
}

/** Where the earlier release's writer was in the store: its checkpoint file, with a batch it may have been inserting. */
async function readLegacyCheckpoint(path: string): Promise<{ position: QueuePosition; pending: { from: QueuePosition; to: QueuePosition } | null } | null> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as { position?: unknown; pending?: { from?: unknown; to?: unknown } | null };
    if (!isQueuePosition(value.position)) return null;
    const pending = value.pending && isQueuePosition(value.pending.from) && isQueuePosition(value.pending.to) ? { from: value.pending.from, to: value.pending.to } : null;
    return { position: value.position, pending };
  } catch {
    return null;
  }
}

/**
 * Moves what an earlier release left in a queue directory (newline segments of TabSeparated rows or
 * JSON lines) into the usage-event queue, once, before the queue opens:
 *  - each line is read back into its record and encoded as a usage event; a line that is not a
 *    sound record (a provider's "abc" token count, say) goes to the quarantine file instead;
 *  - the lines the store and the control plane had both taken are left out; the new cursors start
 *    at the first line each still lacked (a batch the store was inserting counts as stored when its
 *    ids are there), so nothing is stored or charged twice;
 *  - the events are written to segment 0 under a temporary name and renamed into place, then the
 *    old files are deleted: a crash at any point redoes the migration or finishes its cleanup.
 */
export async function migrateLegacyQueue(options: LegacyMigrationOptions): Promise<{ events: number; quarantined: number } | null> {
  const { directory, controlPlane, logger } = options;
  const legacySegments = await listLegacySegments(directory);
  if (legacySegments.length === 0) return null;
  const legacyCheckpointPath = join(directory, 'store-checkpoint.json');
  const target = join(directory, segmentFileName(options.contents, 0));
  const cleanUp = async () => {
    for (const segment of legacySegments) await rm(legacySegmentPath(directory, segment), { force: true });
    await rm(legacyCheckpointPath, { force: true });
  };
  if (existsSync(target)) {
    await cleanUp();
    return null;
  }

  const lines = await readLegacyLines(directory);
  const first = { segment: legacySegments[0]!, offset: 0 };
  const checkpoint = await readLegacyCheckpoint(legacyCheckpointPath);
  let stored = checkpoint?.position ?? first;
  if (checkpoint?.pending) {
    // The batch being inserted at the stop is in the store whole or not at all: ask for one of its ids.
    const { from, to } = checkpoint.pending;
    const ids = lines
      .filter((entry) => comparePositions(entry.position, from) >= 0 && comparePositions(entry.position, to) < 0)
      .map((entry) => safeId(entry.line))
      .filter((id): id is string => id !== null);
    stored = ids.length > 0 && (await options.store.existingIds(ids.slice(0, 1))).size > 0 ? to : from;
  }
  const applied = (await controlPlane.getCursor(options.legacyCursorName)) ?? first;

  const payloads: Buffer[] = [];
  const held: QuarantinedRecord[] = [];
  let storeStart: number | null = null;
  let usageStart: number | null = null;
  for (const { position, line } of lines) {
    const isStored = comparePositions(position, stored) < 0;
    const isApplied = comparePositions(position, applied) < 0;
    if (isStored && isApplied) continue;
    let payload: Buffer;
    try {
      payload = encodeUsageEvent(parseLegacyLine(line));
    } catch (error) {
      held.push({
        key: `legacy:${options.queueIdentity}@${formatPosition(position)}`,
        quarantinedAt: new Date().toISOString(),
        reason: `not a sound generation record: ${(error as Error).message}`,
        generationId: safeId(line),
        usageApplied: isApplied,
        payload: { kind: 'legacy-line', line },
      });
      continue;
    }
    if (storeStart === null && !isStored) storeStart = payloads.length;
    if (usageStart === null && !isApplied) usageStart = payloads.length;
    payloads.push(payload);
  }

  const offsetOf = (index: number | null) => {
    let offset = 0;
    for (let at = 0; at < (index ?? payloads.length); at++) offset += frameHeaderBytes + payloads[at]!.length;
    return { segment: 0, offset };
  };
  const quarantine = new Quarantine(join(directory, 'quarantine.ndjson'));
  await quarantine.add(held);
  const temporary = `${target}.tmp`;
  const file = await open(temporary, 'w');
  try {
    await file.write(frameRecords(payloads));
    await file.datasync();
  } finally {
    await file.close();
  }
  await writeStoreCursor(join(directory, 'store-cursor.json'), { position: offsetOf(storeStart), pending: null });
  await controlPlane.applyUsage([], options.cursorName, offsetOf(usageStart));
  await rename(temporary, target);
  await cleanUp();
  logger.warn('moved the generation queue of an earlier release into the usage-event queue', { directory, events: payloads.length, quarantined: held.length });
  return { events: payloads.length, quarantined: held.length };
}

/** The generation id of a legacy line (second field of a row, or `id` of a JSON line), when it can be read. */
function safeId(line: string): string | null {
  try {
    if (line.startsWith('{')) {
      const id = (JSON.parse(line) as { id?: unknown }).id;
      return typeof id === 'string' ? id : null;
    }
    return line.split('\t', 2)[1] ?? null;
  } catch {
    return null;
  }
}
