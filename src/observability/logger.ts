import { write } from 'node:fs';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** Writes whatever is buffered. */
  flush(): Promise<void>;
}

export interface JsonLoggerOptions {
  level?: LogLevel;
  /** File descriptor to write to (1 = stdout). */
  fd?: number;
  /** Collects lines instead of writing them (tests). */
  sink?: (line: string) => void;
}

/**
 * Structured JSON logs, one line per event. Lines are buffered and written asynchronously in
 * batches, so logging never blocks a request on the terminal or a slow pipe.
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const threshold = levelRank[options.level ?? 'info'];
  const fd = options.fd ?? 1;
  let buffer: string[] = [];
  let writing: Promise<void> | null = null;
  let scheduled = false;

  const flush = async (): Promise<void> => {
    while (writing) await writing;
    if (buffer.length === 0) return;
    const data = buffer.join('');
    buffer = [];
    writing = new Promise<void>((resolve) => {
      write(fd, data, () => resolve());
    }).finally(() => {
      writing = null;
    });
    await writing;
  };

  const log = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>) => {
    if (levelRank[level] < threshold) return;
    const line = `${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`;
    if (options.sink) {
      options.sink(line);
      return;
    }
    buffer.push(line);
    if (!scheduled) {
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        void flush();
      });
    }
  };

  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
    flush,
  };
}

export const silentLogger: Logger = createJsonLogger({ level: 'silent' });
