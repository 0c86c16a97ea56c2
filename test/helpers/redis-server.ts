import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';

/**
 * A throwaway Redis for tests: `redis-server` on a free loopback port, no persistence, its own
 * temporary directory, stopped by `stop()`. Debian's redis-server package provides the binary
 * (.ci/run installs it); without it this fails, naming the package. `pause()` / `resume()` stop
 * and continue the process (SIGSTOP / SIGCONT), for tests of an unreachable Redis.
 */
export interface RedisServer {
  url: string;
  port: number;
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

function binary(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error("redis-server is missing: install Debian's redis-server package (apt-get install redis-server), as .ci/run does");
  }
}

export async function startRedisServer(): Promise<RedisServer> {
  const path = binary();
  const directory = mkdtempSync(join(tmpdir(), 'switchboard-redis-'));
  const port = await freePort();
  const child: ChildProcess = spawn(path, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', directory, '--daemonize', 'no', '--loglevel', 'warning'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk) => (log += chunk));
  child.stderr?.on('data', (chunk) => (log += chunk));
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      break;
    } catch (error) {
      client.disconnect();
      if (attempt > 100 || child.exitCode !== null) throw new Error(`redis-server did not start: ${String(error)}\n${log.slice(-2_000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url,
    port,
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGCONT');
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
