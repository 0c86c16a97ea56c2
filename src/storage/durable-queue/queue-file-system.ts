import { open, readdir, rm, stat } from 'node:fs/promises';

/** The file operations a queue segment needs. */
export interface QueueFile {
  write(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  truncate(length: number): Promise<void>;
  datasync(): Promise<void>;
  size(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The file system under a file-backed queue: node:fs by default; tests put one in front of it that
 * fails as a full disk does (ENOSPC after a partial write).
 */
export interface QueueFileSystem {
  /** Opens a segment to read and write at explicit offsets (never O_APPEND), creating it when missing. */
  openForWriting(path: string): Promise<QueueFile>;
  openForReading(path: string): Promise<QueueFile>;
  /** The file's size, or null when it does not exist. */
  size(path: string): Promise<number | null>;
  list(directory: string): Promise<string[]>;
  remove(path: string): Promise<void>;
}

async function wrap(path: string, flags: string): Promise<QueueFile> {
  const handle = await open(path, flags);
  return {
    write: (buffer, offset, length, position) => handle.write(buffer, offset, length, position),
    read: (buffer, offset, length, position) => handle.read(buffer, offset, length, position),
    truncate: (length) => handle.truncate(length),
    datasync: () => handle.datasync(),
    size: async () => (await handle.stat()).size,
    close: () => handle.close(),
  };
}

export const nodeQueueFileSystem: QueueFileSystem = {
  openForWriting: async (path) => {
    try {
      return await wrap(path, 'r+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // 'wx' creates it, and fails rather than truncate one that appeared in between.
      return wrap(path, 'wx+').catch((again: NodeJS.ErrnoException) => (again.code === 'EEXIST' ? wrap(path, 'r+') : Promise.reject(again)));
    }
  },
  openForReading: (path) => wrap(path, 'r'),
  size: async (path) => {
    try {
      return (await stat(path)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  },
  list: (directory) => readdir(directory),
  remove: (path) => rm(path, { force: true }),
};
