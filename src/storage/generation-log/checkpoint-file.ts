import { readFile, rename, writeFile } from 'node:fs/promises';
import type { QueuePosition } from './durable-queue.js';

/**
 * A consumer's place in the queue, kept in a small JSON file replaced atomically (write, then rename).
 * `pending` names a batch that was about to be delivered: after a crash it is delivered again with
 * exactly the same bounds, so the store can recognise and drop the repeat.
 */
export interface Checkpoint {
  position: QueuePosition;
  pending: { from: QueuePosition; to: QueuePosition } | null;
}

export async function readCheckpoint(path: string): Promise<Checkpoint | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Checkpoint;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export async function writeCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, JSON.stringify(checkpoint));
  await rename(temporary, path);
}
