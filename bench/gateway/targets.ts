import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess, type BenchProcess } from './bench-process.js';

export const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Something the load is sent to: its URL, the headers and body a client sends it, its process. */
export interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  /** The model as this target wants it named. */
  model: string;
  process: BenchProcess;
}

export const benchModel = 'openai/gpt-4o-mini';

export async function startUpstream(): Promise<BenchProcess> {
  return startProcess(process.execPath, ['--import', 'tsx', join(root, 'bench/gateway/fast-upstream.ts')], { cwd: root, ready: /listening (\d+)/ });
}

export function directTarget(upstream: BenchProcess): Target {
  return { name: 'direct', url: `http://127.0.0.1:${upstream.port}/v1/chat/completions`, headers: { authorization: 'Bearer sk-bench' }, model: 'gpt-4o-mini', process: upstream };
}

export async function startBareProxy(upstream: BenchProcess): Promise<Target> {
  const proxy = await startProcess(process.execPath, ['--import', 'tsx', join(root, 'bench/gateway/bare-proxy.ts'), `http://127.0.0.1:${upstream.port}`], { cwd: root, ready: /listening (\d+)/ });
  return { name: 'bare Node proxy', url: `http://127.0.0.1:${proxy.port}/v1/chat/completions`, headers: {}, model: 'gpt-4o-mini', process: proxy };
}

/**
 * Switchboard from the built CLI (dist/), with its real work on: a key checked on every request,
 * routing, credit reservation and settlement, the generation record on the durable queue and in
 * chDB, metrics. Request log lines are off (they go to stderr, which the bench discards).
 */
/** The environment of a benchmarked gateway: the instant upstream as its one provider, keys required, quiet logs. */
export function benchEnvironment(upstream: BenchProcess, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SWITCHBOARD_CONFIG: '',
    SWITCHBOARD__PROVIDERS: JSON.stringify([
      { kind: 'openai-compatible', id: 'bench', name: 'Bench Upstream', base_url: `http://127.0.0.1:${upstream.port}/v1`, models: [{ id: benchModel, upstream_model: 'gpt-4o-mini' }] },
    ]),
    SWITCHBOARD__LOGGING__REQUESTS: 'false',
    SWITCHBOARD__LOGGING__LEVEL: 'warn',
    SWITCHBOARD__AUTH__ANONYMOUS: 'false',
    SWITCHBOARD__AUTH__LOCAL_ACCOUNT_CREDITS: '1000000',
    ...extra,
  };
}

export async function startSwitchboard(upstream: BenchProcess, workers: number, variant: { name?: string; env?: Record<string, string> } = {}): Promise<Target> {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const env = benchEnvironment(upstream, variant.env);
  const cli = join(root, 'dist/cli/main.js');
  const key = execFileSync(process.execPath, [cli, 'keys', 'create', '--data-dir', dataDirectory, '--name', 'bench', '--account', 'local'], { env: { ...process.env, ...env }, encoding: 'utf8' })
    .trim()
    .split('\n')
    .at(-1)!;
  const args = [cli, 'serve', '--data-dir', dataDirectory, '--port', '0'];
  if (workers > 1) args.push('--workers', String(workers));
  const gateway = await startProcess(process.execPath, args, { cwd: root, env, ready: /listening on http:\/\/127\.0\.0\.1:(\d+)\/api\/v1/ });
  return {
    name: variant.name ?? (workers > 1 ? `Switchboard (${workers} workers)` : 'Switchboard'),
    url: `http://127.0.0.1:${gateway.port}/api/v1/chat/completions`,
    headers: { authorization: `Bearer ${key}` },
    model: benchModel,
    process: gateway,
  };
}

/** Installs Portkey's open-source gateway into a scratch folder (once), with @hono/node-server pinned to 1.13.5 for its streaming. */
export function installPortkey(): string {
  const folder = join(root, '.bench', 'portkey');
  const entry = join(folder, 'node_modules', '@portkey-ai', 'gateway', 'build', 'start-server.js');
  if (existsSync(entry)) return entry;
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, 'package.json'),
    JSON.stringify(
      { name: 'portkey-bench-scratch', private: true, dependencies: { '@portkey-ai/gateway': '1.15.2', '@hono/node-server': '1.13.5' }, overrides: { '@hono/node-server': '1.13.5' } },
      null,
      2,
    ),
  );
  process.stderr.write('installing @portkey-ai/gateway into .bench/portkey …\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: folder, stdio: ['ignore', 'ignore', 'inherit'] });
  return entry;
}

export async function startPortkey(upstream: BenchProcess, port: number): Promise<Target> {
  const entry = installPortkey();
  const gateway = await startProcess(process.execPath, [entry, `--port=${port}`, '--headless'], {
    env: { NODE_ENV: 'production' },
    ready: /Ready for connections|running at/i,
    port,
    timeoutMs: 60_000,
  });
  return {
    name: 'Portkey',
    url: `http://127.0.0.1:${port}/v1/chat/completions`,
    headers: { authorization: 'Bearer sk-bench', 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `http://127.0.0.1:${upstream.port}/v1` },
    model: 'gpt-4o-mini',
    process: gateway,
  };
}
