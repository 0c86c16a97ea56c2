import { startSwitchboard } from '../../server/start-switchboard.js';
import type { Command } from '../command.js';
import { configFromArguments, configOptions } from '../cli-context.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Start the gateway (OpenRouter-compatible API under /api/v1)',
  details:
    'With no configuration it serves every catalog model through the built-in simulator provider,\n' +
    'keeps its data in ./.switchboard and listens on http://127.0.0.1:8080.',
  options: {
    ...configOptions,
    host: { type: 'string', description: 'address to listen on (default 127.0.0.1)', value: 'address' },
    port: { type: 'string', short: 'p', description: 'port to listen on (default 8080)', value: 'number' },
  },
  run: async (parsed) => {
    const overrides: Record<string, unknown> = {};
    if (typeof parsed.values.host === 'string') overrides.server = { host: parsed.values.host };
    if (typeof parsed.values.port === 'string') overrides.server = { ...(overrides.server as object), port: Number(parsed.values.port) };
    const config = configFromArguments(parsed, overrides);
    const instance = await startSwitchboard(config);
    process.stderr.write(
      `Switchboard is listening on ${instance.url}/api/v1\n` +
        `  try: curl ${instance.url}/api/v1/chat/completions -H 'content-type: application/json' -d '{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}'\n`,
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
