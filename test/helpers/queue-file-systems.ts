import { nodeQueueFileSystem, type QueueFile, type QueueFileSystem } from '../../src/storage/durable-queue/queue-file-system.js';

/** The node file system, with the files opened for writing whose path `match`es changed by `change`. */
export function changeQueueFiles(match: (path: string) => boolean, change: (file: QueueFile) => Partial<QueueFile>): QueueFileSystem {
  return {
    ...nodeQueueFileSystem,
    openForWriting: async (path) => {
      const file = await nodeQueueFileSystem.openForWriting(path);
      return match(path) ? { ...file, ...change(file) } : file;
    },
  };
}

export interface DiskSpace {
  /** Bytes the disk still takes. */
  free: number;
  /** Cutting a file back fails too (EIO). */
  truncateFails?: boolean;
}

/**
 * A disk that fills up as a real one does: a write gets what still fits, the next one ENOSPC; a
 * file cut back gives its bytes back.
 */
export function limitedDisk(space: DiskSpace, match: (path: string) => boolean = () => true): QueueFileSystem {
  return changeQueueFiles(match, (file) => ({
    write: async (buffer, offset, length, position) => {
      if (space.free <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      const fits = Math.min(length, space.free);
      space.free -= fits;
      return file.write(buffer, offset, fits, position);
    },
    truncate: async (length) => {
      if (space.truncateFails) throw Object.assign(new Error('EIO: i/o error, ftruncate'), { code: 'EIO' });
      const before = await file.size();
      await file.truncate(length);
      space.free += Math.max(0, before - length);
    },
  }));
}
