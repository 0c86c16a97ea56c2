import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { filesContaining } from '../helpers/files-containing.js';

/** `switchboard byok` (the key read from standard input, sealed, listed masked), `switchboard presets` (saved from a request body, shown) and `switchboard guardrails`. */
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const marker = `sk-cli-${process.pid}-MARKER-0000`;

function cli(dataDirectory: string, args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args, '--data-dir', dataDirectory], {
    cwd: root,
    encoding: 'utf8',
    input: options.input ?? '',
    env: { ...process.env, SWITCHBOARD_CONFIG: '', SWITCHBOARD__PROVIDERS: '[{kind: simulator, time_scale: 0}]', ...options.env },
  });
}

describe('switchboard byok, presets and guardrails', () => {
  it('stores a provider key from standard input, sealed, and lists it masked; refuses without an encryption key', { timeout: 60_000 }, () => {
    const directory = mkdtempSync(join(tmpdir(), 'switchboard-byok-cli-'));
    const env = { SWITCHBOARD__BYOK__ENCRYPTION_KEY_ENV: 'BYOK_KEY', BYOK_KEY: Buffer.alloc(32, 9).toString('base64') };
    const off = cli(directory, ['byok', 'add', '--provider', 'simulator'], { input: `${marker}\n` });
    expect(off.status).not.toBe(0);
    expect(off.stderr).toContain('byok.encryption_key_env');
    const added = cli(directory, ['byok', 'add', '--provider', 'simulator', '--name', 'ours'], { input: `${marker}\n`, env });
    expect(added.status, added.stderr).toBe(0);
    const id = added.stdout.trim();
    const listed = cli(directory, ['byok', 'list', '--json'], { env });
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id, provider: 'simulator', name: 'ours', label: 'sk-…0000' })]);
    expect(listed.stdout).not.toContain(marker);
    expect(cli(directory, ['byok', 'add', '--provider', 'nowhere'], { input: `${marker}\n`, env }).stderr).toContain('simulator');
    expect(filesContaining(directory, marker)).toEqual([]);
    expect(cli(directory, ['byok', 'remove', id], { env }).stdout).toBe('deleted\n');
  });

  it('saves a request body as a preset version and shows it', { timeout: 60_000 }, () => {
    const directory = mkdtempSync(join(tmpdir(), 'switchboard-presets-cli-'));
    const body = join(directory, 'request.json');
    writeFileSync(
      body,
      JSON.stringify({
        model: 'openai/gpt-4o-mini',
        temperature: 0.4,
        messages: [
          { role: 'system', content: 'Short answers.' },
          { role: 'user', content: 'x' },
        ],
      }),
    );
    const saved = cli(directory, ['presets', 'save', 'terse', body]);
    expect(saved.status, saved.stderr).toBe(0);
    expect(saved.stdout).toBe('terse version 1\n');
    expect(cli(directory, ['presets', 'save', 'terse', body]).stdout).toBe('terse version 2\n');
    const shown = JSON.parse(cli(directory, ['presets', 'show', 'terse']).stdout) as Record<string, unknown>;
    expect(shown).toEqual({ slug: 'terse', version: 2, system_prompt: 'Short answers.', config: { model: 'openai/gpt-4o-mini', temperature: 0.4 } });
    writeFileSync(body, JSON.stringify({ model: 'openai/gpt-4o-mini', temperature: 'warm' }));
    const refused = cli(directory, ['presets', 'save', 'warm', body]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('temperature');
    expect(JSON.parse(cli(directory, ['presets', 'list', '--json']).stdout)).toEqual([expect.objectContaining({ slug: 'terse' })]);
  });

  it('makes a guardrail, assigns a key to it and lists it', { timeout: 60_000 }, () => {
    const directory = mkdtempSync(join(tmpdir(), 'switchboard-guardrails-cli-'));
    const made = cli(directory, ['guardrails', 'create', '--name', 'interns', '--limit', '5', '--reset', 'daily', '--models', 'openai/gpt-4o-mini, meta-llama/llama-3.3-70b-instruct', '--zdr']);
    expect(made.status, made.stderr).toBe(0);
    const id = made.stdout.trim();
    const key = JSON.parse(cli(directory, ['keys', 'create', '--name', 'intern', '--account', 'local', '--json']).stdout) as { hash: string };
    expect(cli(directory, ['guardrails', 'assign', id, key.hash]).stdout).toBe('1 assigned\n');
    expect(cli(directory, ['guardrails', 'assign', id, 'not-a-key']).stderr).toContain('no key not-a-key');
    expect(JSON.parse(cli(directory, ['guardrails', 'list', '--json']).stdout)).toEqual([
      { id, name: 'interns', limit: 5, reset: 'daily', models: 'openai/gpt-4o-mini,meta-llama/llama-3.3-70b-instruct', zdr: true, keys: 1 },
    ]);
    expect(cli(directory, ['guardrails', 'create', '--name', 'x', '--reset', 'hourly']).stderr).toContain('--reset');
    expect(cli(directory, ['guardrails', 'delete', id]).stdout).toBe('deleted\n');
  });

  it('adds members, makes a workspace with a budget, makes a key in it by a member, and deletes the workspace only once it has no keys', { timeout: 60_000 }, () => {
    const directory = mkdtempSync(join(tmpdir(), 'switchboard-workspaces-cli-'));
    const member = cli(directory, ['members', 'add', '--email', 'ada@example.com', '--first-name', 'Ada', '--role', 'admin']);
    expect(member.status, member.stderr).toBe(0);
    const userId = member.stdout.trim();
    expect(userId).toMatch(/^user_[0-9a-f]{24}$/);
    expect(cli(directory, ['members', 'add', '--email', 'ada@example.com']).stderr).toContain('already has a member');
    expect(JSON.parse(cli(directory, ['members', 'list', '--json']).stdout)).toEqual([expect.objectContaining({ id: userId, email: 'ada@example.com', name: 'Ada', role: 'admin' })]);
    const made = cli(directory, ['workspaces', 'create', '--name', 'Research', '--slug', 'research']);
    expect(made.status, made.stderr).toBe(0);
    expect(cli(directory, ['workspaces', 'create', '--name', 'Bad', '--slug', 'Not a slug']).stderr).toContain('--slug');
    expect(cli(directory, ['workspaces', 'budget', 'research', 'weekly', '--limit', '25']).stdout).toBe('weekly budget of research: $25\n');
    expect(cli(directory, ['workspaces', 'budget', 'research', 'hourly', '--limit', '25']).stderr).toContain('usage');
    const key = cli(directory, ['keys', 'create', '--name', 'team key', '--account', 'local', '--workspace', 'research', '--creator', userId, '--json']);
    expect(key.status, key.stderr).toBe(0);
    expect(cli(directory, ['keys', 'create', '--name', 'x', '--account', 'local', '--workspace', 'nowhere']).stderr).toContain('no workspace nowhere');
    expect(JSON.parse(cli(directory, ['workspaces', 'list', '--json']).stdout)).toEqual([
      expect.objectContaining({ slug: 'default', keys: 0, budgets: null }),
      expect.objectContaining({ slug: 'research', keys: 1, budgets: 'weekly $25' }),
    ]);
    expect(cli(directory, ['workspaces', 'delete', 'research']).stderr).toContain('still has 1 key');
    expect(cli(directory, ['workspaces', 'delete', 'default']).stderr).toContain('default workspace');
    const hash = (JSON.parse(key.stdout) as { hash: string }).hash;
    expect(cli(directory, ['keys', 'delete', hash]).status).toBe(0);
    expect(cli(directory, ['workspaces', 'delete', 'research']).stdout).toBe('deleted\n');
    expect(cli(directory, ['members', 'remove', userId]).stdout).toBe('removed\n');
  });
});
