import { readFile, rename, writeFile } from 'node:fs/promises';
import { isQueuePosition, type QueuePosition } from '../durable-queue/queue-position.js';

/**
 * The generation store's place in a queue, kept in a small JSON file replaced atomically (write,
 * then rename). `pending` names a batch that was about to be inserted: after a crash it is inserted
 * again with exactly the same bounds, so its deduplication token lets the store drop the repeat.
 */
export interface StoreCursor {
  position: QueuePosition;
  pending: { from: QueuePosition; to: QueuePosition } | null;
}

/** Thrown when the cursor file exists but does not hold a cursor. */
export class UnreadableCursorError extends Error {}

export async function readStoreCursor(path: string): Promise<StoreCursor | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const value = JSON.parse(text) as { position?: unknown; pending?: { from?: unknown; to?: unknown } | null };
    if (!isQueuePosition(value.position)) throw new Error('no position');
    if (value.pending !== null && value.pending !== undefined && !(isQueuePosition(value.pending.from) && isQueuePosition(value.pending.to))) throw new Error('a malformed pending batch');
    return { position: value.position, pending: value.pending ? { from: value.pending.from as QueuePosition, to: value.pending.to as QueuePosition } : null };
  } catch (error) {
    throw new UnreadableCursorError(`${path} does not hold a store cursor (${String((error as Error).message)})`, { cause: error });
  }
}

export async function writeStoreCursor(path: string, cursor: StoreCursor): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, JSON.stringify(cursor));
  await rename(temporary, path);
}
