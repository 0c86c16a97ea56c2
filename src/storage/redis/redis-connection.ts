import { Redis } from 'ioredis';

export interface RedisConnectionOptions {
  /** A command not answered within this time fails (and the caller fails closed). */
  commandTimeoutMs: number;
  /** Called when the connection is lost or comes back, with what happened. */
  onStateChange?: (state: 'ready' | 'lost', detail: string) => void;
}

/**
 * A Redis connection made to fail fast rather than wait: no offline queue (a command sent while
 * the connection is down fails at once), no retries of a command, a deadline on every command,
 * reconnection in the background every ≤ 1 s. Commands issued in the same tick go in one round
 * trip (auto-pipelining). `ready` resolves on the first connection, or rejects after `connectTimeoutMs`.
 */
export function openRedis(url: string, options: RedisConnectionOptions): { client: Redis; ready: (connectTimeoutMs?: number) => Promise<void>; isReady: () => boolean; close: () => void } {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: Math.max(options.commandTimeoutMs, 1_000),
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(100 * attempt, 1_000),
  });
  let ready = false;
  let answering = true;
  const lost = (detail: string) => {
    if (ready && answering) options.onStateChange?.('lost', detail);
  };
  client.on('ready', () => {
    ready = true;
    answering = true;
    options.onStateChange?.('ready', 'connected');
  });
  client.on('error', (error: Error) => {
    lost(error.message);
    ready = false;
  });
  client.on('close', () => {
    lost('connection closed');
    ready = false;
  });
  // A server that stops answering keeps its connection open: a ping every second tells.
  const heartbeat = setInterval(() => {
    if (client.status !== 'ready') return;
    client.ping().then(
      () => {
        if (!answering) options.onStateChange?.('ready', 'answering again');
        answering = true;
      },
      (error: unknown) => {
        lost(`no answer to a ping: ${String((error as Error)?.message ?? error)}`);
        answering = false;
      },
    );
  }, 1_000);
  heartbeat.unref();
  return {
    client,
    isReady: () => ready && answering && client.status === 'ready',
    close: () => {
      clearInterval(heartbeat);
      client.disconnect();
    },
    ready: async (connectTimeoutMs = 10_000) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis at ${redactRedisUrl(url)} did not answer within ${connectTimeoutMs} ms`)), connectTimeoutMs);
      });
      try {
        await Promise.race([client.connect(), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** A Redis URL without its password, for messages. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis://…';
  }
}
