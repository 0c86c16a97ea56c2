import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.js';
import { Secrets } from './secrets.js';

function writeConfig(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'switchboard-config-')), 'switchboard.yaml');
  writeFileSync(path, text);
  return path;
}

function configError(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs on defaults: the simulator on 127.0.0.1:8080 with the embedded stores', () => {
    const config = loadConfig({ environment: {} });
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 8080 });
    expect(config.providers).toEqual([expect.objectContaining({ kind: 'simulator', id: 'simulator', models: '*' })]);
    expect(config.generation_log.store).toBe('chdb');
    expect(Object.isFrozen(config.server)).toBe(true);
  });

  it('merges file < environment < overrides', () => {
    const path = writeConfig('server:\n  port: 9000\n  host: 0.0.0.0\nlogging:\n  level: warn\n');
    const config = loadConfig({ path, environment: { SWITCHBOARD_PORT: '9100', SWITCHBOARD__LOGGING__LEVEL: 'error' }, overrides: { server: { host: '127.0.0.2' } } });
    expect(config.server.port).toBe(9100);
    expect(config.server.host).toBe('127.0.0.2');
    expect(config.logging.level).toBe('error');
  });

  it('names the bad key and where it came from', () => {
    expect(configError(() => loadConfig({ environment: { SWITCHBOARD_PORT: 'eighty' } }))).toMatch(/server\.port: .*\[from SWITCHBOARD_PORT\]/);
    const path = writeConfig('server:\n  prot: 9000\n');
    expect(configError(() => loadConfig({ path, environment: {} }))).toMatch(/server: .*server\.prot/);
    const badProvider = writeConfig('providers:\n  - kind: openai-compatible\n    id: Bad Id\n');
    expect(configError(() => loadConfig({ path: badProvider, environment: {} }))).toMatch(/providers\.0\.id/);
  });

  it('refuses secrets written into the file', () => {
    const path = writeConfig('providers:\n  - kind: openai-compatible\n    id: deepseek\n    api_key: sk-live-123\n');
    const message = configError(() => loadConfig({ path, environment: {} }));
    expect(message).toMatch(/providers\.0\.api_key holds a secret/);
    expect(message).not.toContain('sk-live-123');
  });

  it('reads provider keys from the environment or a secrets file', () => {
    const secretsPath = writeConfig('deepseek: from-file\n');
    const secrets = new Secrets({ DEEPSEEK_API_KEY: 'from-env' }, secretsPath);
    expect(secrets.resolve({ env: 'DEEPSEEK_API_KEY', secret: 'deepseek' })).toBe('from-env');
    expect(secrets.resolve({ env: 'MISSING', secret: 'deepseek' })).toBe('from-file');
    expect(secrets.resolve({ env: 'MISSING' })).toBeUndefined();
  });

  it('reports a missing config file', () => {
    expect(configError(() => loadConfig({ path: '/nonexistent/switchboard.yaml', environment: {} }))).toMatch(/not found/);
  });
});
