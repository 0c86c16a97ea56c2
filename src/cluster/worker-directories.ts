import { join } from 'node:path';

/** Each worker's own durable queue: it appends, the primary reads it into the store. */
export function workerQueueDirectory(dataDirectory: string, index: number): string {
  return join(dataDirectory, 'generation-queue', `worker-${index}`);
}

/** Each worker's own in-flight journal: it writes, the primary recovers it after the worker stops. */
export function workerJournalDirectory(dataDirectory: string, index: number): string {
  return join(dataDirectory, 'generation-journal', `worker-${index}`);
}
