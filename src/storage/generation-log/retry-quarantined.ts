import { utcDay } from '../../spec/limit-period.js';
import type { ControlPlaneStore } from '../control-plane/control-plane-store.js';
import { checkFrame, frameHeaderBytes, frameRecords } from '../durable-queue/record-frame.js';
import { type GenerationStore, StoreRefusedError } from './generation-store.js';
import { parseLegacyLine } from './legacy/legacy-queue-lines.js';
import type { Quarantine, QuarantinedRecord } from './quarantine.js';
import { decodeUsageEvent, encodeUsageEvent, readEventUsage } from './usage-events/usage-event.js';

/** The usage event a quarantined record holds, if this release can make one of it. */
function eventOf(record: QuarantinedRecord): Buffer {
  switch (record.payload.kind) {
    case 'usage-event':
      return Buffer.from(record.payload.base64, 'base64');
    case 'legacy-line':
      return encodeUsageEvent(parseLegacyLine(record.payload.line));
    case 'damaged-bytes': {
      const bytes = Buffer.from(record.payload.base64, 'base64');
      if (checkFrame(bytes, 0).kind !== 'record') throw new Error('the bytes are not a whole queue record');
      return bytes.subarray(frameHeaderBytes, frameHeaderBytes + bytes.readUInt32LE(1));
    }
  }
}

export interface RetryOutcome {
  /** Records now in the store (their charge in the control plane). */
  delivered: number;
  /** Records still held, with why. */
  held: QuarantinedRecord[];
}

/**
 * Tries every quarantined record again — after a fix (a release that reads it, a store that takes
 * it): a record that now makes a usage event goes to the store under a token of its own key (a
 * retry repeated stores nothing twice) and, when its charge had not reached the control plane,
 * that charge too (once: a cursor named after the record marks it). What still fails stays, with
 * the new reason.
 */
export async function retryQuarantined(input: { quarantine: Quarantine; store: GenerationStore; controlPlane: ControlPlaneStore }): Promise<RetryOutcome> {
  const { quarantine, store, controlPlane } = input;
  const held: QuarantinedRecord[] = [];
  let delivered = 0;
  const keep = (record: QuarantinedRecord, error: unknown) => held.push({ ...record, reason: `retried ${new Date().toISOString()}: ${(error as Error)?.message ?? String(error)}` });
  for (const record of await quarantine.list()) {
    let event: Buffer;
    try {
      event = eventOf(record);
      decodeUsageEvent(event);
    } catch (error) {
      keep(record, error); // still not a record this release can read
      continue;
    }
    const block = { rows: 1, data: frameRecords([event]) };
    const cursor = `quarantine/${record.key}`;
    if (!record.usageApplied && (await controlPlane.getCursor(cursor)) === null) {
      const usage = readEventUsage(event);
      await controlPlane.applyUsage([{ accountId: usage.accountId, keyHash: usage.keyHash, costNano: usage.costNano, day: utcDay(usage.createdMs), isByok: usage.isByok }], cursor, {
        segment: 0,
        offset: 0,
      });
    }
    try {
      await store.insertEvents(block, cursor);
      delivered++;
    } catch (error) {
      // A store that refuses it keeps it here; a store that cannot be reached stops the retry (nothing is lost: run it again).
      if (!(error instanceof StoreRefusedError)) throw error;
      keep(record, error);
    }
  }
  await quarantine.replace(held);
  return { delivered, held };
}
