import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/**
 * A throwaway PostgreSQL cluster for tests: `initdb` in a temporary directory, `postgres` on a free
 * loopback port, trust authentication, stopped and deleted by `stop()`. Debian's postgresql
 * package provides the binaries (.ci/run installs it); without them this fails, naming the package.
 * As root, the server runs as the `postgres` user the package creates (PostgreSQL refuses root).
 */
export interface PostgresServer {
  url: string;
  /** A new, empty database on the server; its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

function binaries(): string {
  const candidates = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .sort()
        .reverse()
        .map((version) => join('/usr/lib/postgresql', version, 'bin'))
    : [];
  const found = candidates.find((directory) => existsSync(join(directory, 'initdb')) && existsSync(join(directory, 'postgres')));
  if (!found) throw new Error("PostgreSQL's initdb and postgres are missing: install Debian's postgresql package (apt-get install postgresql), as .ci/run does");
  return found;
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = binaries();
  const root = process.getuid?.() === 0;
  const directory = mkdtempSync(join(tmpdir(), 'switchboard-postgres-'));
  const data = join(directory, 'data');
  const run = (command: string, args: string[]) => (root ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]) as [string, string[]];
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(directory, uid, gid);
    chmodSync(directory, 0o700);
  }
  const [initdb, initArgs] = run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  execFileSync(initdb, initArgs, { stdio: 'ignore' });
  const port = await freePort();
  const [postgres, serverArgs] = run(join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', directory, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off']);
  const child: ChildProcess = spawn(postgres, serverArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk) => (log += chunk));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const { default: postgresClient } = await import('postgres');
  for (let attempt = 0; ; attempt++) {
    const sql = postgresClient(url, { max: 1, onnotice: () => undefined, connect_timeout: 2 });
    try {
      await sql`SELECT 1`;
      await sql.end();
      break;
    } catch (error) {
      await sql.end({ timeout: 1 }).catch(() => undefined);
      if (attempt > 100 || child.exitCode !== null) throw new Error(`PostgreSQL did not start: ${String(error)}\n${log.slice(-2_000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    createDatabase: async (name) => {
      const sql = postgresClient(url, { max: 1, onnotice: () => undefined });
      await sql.unsafe(`CREATE DATABASE "${name.replace(/[^a-z0-9_]/g, '_')}"`);
      await sql.end();
      return `postgres://postgres@127.0.0.1:${port}/${name.replace(/[^a-z0-9_]/g, '_')}`;
    },
    stop: async () => {
      if (child.exitCode === null) {
        // pg_ctl as the server's own user (runuser does not pass signals on): stop at once, the cluster is thrown away.
        const exited = new Promise((resolve) => child.once('exit', resolve));
        const [pgctl, stopArgs] = run(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w']);
        try {
          execFileSync(pgctl, stopArgs, { stdio: 'ignore', timeout: 20_000 });
        } catch {
          child.kill('SIGKILL');
        }
        await exited;
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
