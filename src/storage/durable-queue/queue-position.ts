/** A place in a durable queue: a segment and a byte offset in it. */
export interface QueuePosition {
  segment: number;
  offset: number;
}

export function comparePositions(a: QueuePosition, b: QueuePosition): number {
  return a.segment - b.segment || a.offset - b.offset;
}

export function formatPosition(position: QueuePosition): string {
  return `${position.segment}:${position.offset}`;
}

/** Checks a position read from outside (a cursor file, a database row, a message). */
export function isQueuePosition(value: unknown): value is QueuePosition {
  if (typeof value !== 'object' || value === null) return false;
  const { segment, offset } = value as Record<string, unknown>;
  return Number.isSafeInteger(segment) && Number.isSafeInteger(offset) && (segment as number) >= 0 && (offset as number) >= 0;
}
