import { utcDay } from '../../spec/limit-period.js';
import type { UsageEntry } from '../control-plane/control-plane-store.js';
import type { QueueBlock } from '../durable-queue/durable-queue.js';
import { frameHeaderBytes } from '../durable-queue/record-frame.js';
import { type EventUsageScan, scanEventUsage } from './usage-events/usage-event.js';

/**
 * The usage a block of events adds, summed per account, key, UTC day and BYOK (unreadable events
 * skipped). Events are grouped by the raw bytes of their account and key; strings are decoded once
 * per group, not per event.
 */
export function sumBlockUsage(block: QueueBlock): UsageEntry[] {
  const groups = new Map<string, UsageEntry>();
  const entries: UsageEntry[] = [];
  const scan: EventUsageScan = { createdMs: 0, accountStart: 0, accountEnd: 0, keyStart: 0, keyEnd: 0, costNano: 0, isByok: false };
  const { data } = block;
  for (let at = 0; at < data.length; ) {
    const start = at + frameHeaderBytes;
    const end = start + data.readUInt32LE(at + 1);
    at = end;
    try {
      scanEventUsage(data, start, end, scan);
    } catch {
      continue; // quarantined by the store's consumer, and never charged
    }
    const day = utcDay(scan.createdMs);
    // The account's and the key's bytes with their length prefixes (from the account's, right after
    // the version and the time), as one latin1 string, with the day and BYOK: a unique key.
    const group = `${data.toString('latin1', start + 9, scan.keyEnd)}\u0000${day * 2 + (scan.isByok ? 1 : 0)}`;
    const entry = groups.get(group);
    if (entry) entry.costNano += scan.costNano;
    else {
      const created: UsageEntry = {
        accountId: data.toString('utf8', scan.accountStart, scan.accountEnd),
        keyHash: data.toString('utf8', scan.keyStart, scan.keyEnd),
        costNano: scan.costNano,
        day,
        isByok: scan.isByok,
      };
      groups.set(group, created);
      entries.push(created);
    }
  }
  return entries;
}
