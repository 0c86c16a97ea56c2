import cluster from 'node:cluster';
import { startPrimary } from '../../cluster/start-primary.js';
import { startWorker } from '../../cluster/start-worker.js';
import type { SwitchboardConfig } from '../../config/config-schema.js';
import { startSwitchboard } from '../../server/start-switchboard.js';
import type { Command } from '../command.js';
import { configFromArguments, configOptions } from '../cli-context.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Start the gateway (OpenRouter-compatible API under /api/v1)',
  details: 'With no configuration it serves every catalog model through the built-in simulator provider,\n' + 'keeps its data in ./.switchboard and listens on http://127.0.0.1:8080.',
  options: {
    ...configOptions,
    host: { type: 'string', description: 'address to listen on (default 127.0.0.1)', value: 'address' },
    port: { type: 'string', short: 'p', description: 'port to listen on (default 8080)', value: 'number' },
    anonymous: { type: 'boolean', description: 'local development: key-less requests from this machine run as the local account (auth.anonymous; see docs/security.md)' },
    workers: { type: 'string', short: 'w', description: 'worker processes sharing the port (default 1; the limits, the log and the stats stay one)', value: 'number' },
  },
  run: async (parsed) => {
    const overrides: Record<string, unknown> = {};
    if (typeof parsed.values.host === 'string') overrides.server = { host: parsed.values.host };
    if (typeof parsed.values.port === 'string') overrides.server = { ...(overrides.server as object), port: Number(parsed.values.port) };
    if (parsed.values.anonymous === true) overrides.auth = { anonymous: true };
    const config = configFromArguments(parsed, overrides);
    const workers = typeof parsed.values.workers === 'string' ? Number(parsed.values.workers) : 1;
    if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new Error('--workers: expected a whole number from 1 to 256');
    if (workers > 1 && cluster.isWorker) return serveAsWorker(config, Number(process.env.SWITCHBOARD_WORKER_INDEX));
    const instance = workers > 1 ? await startPrimary(config, workers) : await startSwitchboard(config);
    const keyHeader = config.auth.anonymous ? '' : ` -H "authorization: Bearer $SWITCHBOARD_API_KEY"`;
    process.stderr.write(
      `Switchboard is listening on ${instance.url}/api/v1${workers > 1 ? ` (${workers} worker processes)` : ''}\n` +
        (config.auth.anonymous
          ? '  local development: requests without a key from this machine run as the local account (never behind a proxy)\n'
          : '  every request needs a key: npx switchboard keys create --name my-app (local development without keys: serve --anonymous)\n') +
        `  try: curl ${instance.url}/api/v1/chat/completions${keyHeader} -H 'content-type: application/json' -d '{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}'\n`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        process.stderr.write('shutting down…\n');
        void instance.close().then(resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  },
};

/** A cluster worker: serves until the primary tells it to stop (SIGTERM); Ctrl-C is the primary's to handle. */
async function serveAsWorker(config: SwitchboardConfig, index: number): Promise<number> {
  const worker = await startWorker(config, index);
  process.send!({ switchboard: 'listening', url: worker.url });
  process.on('SIGINT', () => undefined);
  await new Promise<void>((resolve) => process.once('SIGTERM', () => void worker.close().then(resolve)));
  // The IPC channel would keep this process alive.
  process.disconnect?.();
  return 0;
}
