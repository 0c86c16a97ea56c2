import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCommand, type Command } from '../../src/cli/command.js';
import { rootCommand } from '../../src/cli/root-command.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Runs the CLI in this process and returns what it printed on stdout. */
async function run(...argv: string[]): Promise<{ code: number; output: string }> {
  let output = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += chunk.toString();
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await runCommand(rootCommand, argv, 'switchboard');
    return { code, output };
  } finally {
    write.mockRestore();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

function allCommands(command: Command, path: string[] = []): string[][] {
  return [path, ...(command.subcommands ?? []).flatMap((sub) => allCommands(sub, [...path, sub.name]))];
}

describe('the switchboard CLI', () => {
  it('has --help on every command', async () => {
    const paths = allCommands(rootCommand);
    expect(paths.length).toBeGreaterThan(10);
    for (const path of paths) {
      const { code, output } = await run(...path, '--help');
      expect(code, path.join(' ')).toBe(0);
      expect(output).toContain(`Usage: switchboard${path.length ? ` ${path.join(' ')}` : ''}`);
      expect(output).toContain('--help');
    }
  });

  it('creates accounts and keys, and lists them', async () => {
    const dataDirectory = mkdtempSync(join(tmpdir(), 'switchboard-cli-'));
    const account = (await run('accounts', 'create', '--name', 'Acme GmbH', '--country', 'DE', '--credits', '25', '--data-dir', dataDirectory)).output.trim();
    expect(account).toMatch(/^acct_/);
    const created = await run('keys', 'create', '--name', 'ci', '--account', account, '--limit', '5', '--limit-reset', 'monthly', '--json', '--data-dir', dataDirectory);
    const key = JSON.parse(created.output) as { key: string; hash: string };
    expect(key.key).toMatch(/^sk-sb-v1-[0-9a-f]{64}$/);
    const listed = JSON.parse((await run('keys', 'list', '--account', account, '--json', '--data-dir', dataDirectory)).output) as { hash: string; limit: number; limit_reset: string }[];
    expect(listed).toEqual([expect.objectContaining({ hash: key.hash, limit: 5, limit_reset: 'monthly' })]);
    expect((await run('keys', 'disable', key.hash, '--data-dir', dataDirectory)).output).toMatch(/disabled/);
    const accounts = JSON.parse((await run('accounts', 'list', '--json', '--data-dir', dataDirectory)).output) as { id: string; balance: number; country: string }[];
    expect(accounts).toEqual(expect.arrayContaining([expect.objectContaining({ id: account, balance: 25, country: 'DE' }), expect.objectContaining({ id: 'local' })]));
    expect((await run('credits', 'add', '--account', account, '--amount', '10', '--data-dir', dataDirectory)).output).toMatch(/balance 35 USD/);
  });

  it('lists and filters the model catalog', async () => {
    const table = (await run('models', '--open', '--origin', 'china', '--author', 'deepseek')).output;
    expect(table.split('\n')[0]).toMatch(/^id\s+author\s+open\s+origin\s+params/);
    expect(table).toMatch(/deepseek\/deepseek-r1\s+deepseek\s+true\s+china\s+671B\s+large\s+true\s+2025-01-20/);
    const models = JSON.parse((await run('models', '--closed', '--search', 'claude', '--json')).output) as { id: string; switchboard: { open_weights: boolean } }[];
    expect(models.length).toBeGreaterThan(5);
    expect(models.every((model) => model.switchboard.open_weights === false)).toBe(true);
  });

  it('explains bad usage and bad configuration, and exits non-zero', () => {
    const cli = (...argv: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...argv], { cwd: root, encoding: 'utf8', env: { ...process.env, SWITCHBOARD_CONFIG: '' } });
    const unknown = cli('keys', 'create', '--colour', 'red');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--colour'/);
    expect(unknown.stderr).toContain('Usage: switchboard keys create');
    const badConfig = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'config'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, SWITCHBOARD_PORT: 'eighty', SWITCHBOARD_CONFIG: '' },
    });
    expect(badConfig.status).toBe(2);
    expect(badConfig.stderr).toMatch(/server\.port: .*\[from SWITCHBOARD_PORT\]/);
  });

  it('prints the configuration without the ClickHouse URL or provider header values', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'switchboard-config-'));
    const file = join(directory, 'switchboard.yaml');
    writeFileSync(
      file,
      [
        'generation_log:',
        '  store: clickhouse',
        '  clickhouse:',
        '    url: https://ingest:hunter2@clickhouse.internal.example:8443',
        'providers:',
        '  - kind: openai-compatible',
        '    id: internal',
        '    base_url: https://llm.internal.example/v1',
        '    headers: { Authorization: Bearer internal-secret-token }',
        '  - kind: gemini',
        '    id: keyed-url',
        '    base_url: https://proxy-user:proxy-password@gemini.internal.example/v1beta?key=AIzaSyTHEGOOGLEKEY0123456789abcdef',
      ].join('\n'),
    );
    // A secret from an environment override is not printed either.
    process.env.SWITCHBOARD_METRICS_TOKEN = 'metrics-token-from-the-environment';
    let printed: string;
    try {
      printed = (await run('config', '--config', file)).output;
    } finally {
      delete process.env.SWITCHBOARD_METRICS_TOKEN;
    }
    expect(printed).not.toMatch(/hunter2|clickhouse\.internal|internal-secret-token|proxy-password|THEGOOGLEKEY|metrics-token-from-the-environment/);
    expect(printed).toContain('gemini.internal.example');
    expect((JSON.parse(printed) as { metrics: { token: string } }).metrics.token).toBe('(set; not printed)');
    const config = JSON.parse(printed) as { generation_log: { clickhouse: { url: string } }; providers: { headers: Record<string, string> }[] };
    expect(config.generation_log.clickhouse.url).toBe('(set; not printed)');
    expect(config.providers[0]!.headers).toEqual({ Authorization: '(set; not printed)' });
  });
});
