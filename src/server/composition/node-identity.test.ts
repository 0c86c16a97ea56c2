import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config.js';
import { nodeIdentity } from './node-identity.js';

describe("a node's identity", () => {
  it('is made once per data directory and kept; a configured one wins', async () => {
    const dataDirectory = mkdtempSync(join(tmpdir(), 'switchboard-node-'));
    const config = loadConfig({ environment: {}, overrides: { data_dir: dataDirectory } });
    const first = await nodeIdentity(config);
    expect(first).toMatch(/^node-[0-9a-f]{16}$/);
    expect(await nodeIdentity(config)).toBe(first);
    expect(readFileSync(join(dataDirectory, 'node-id'), 'utf8').trim()).toBe(first);
    expect(await nodeIdentity(loadConfig({ environment: {}, overrides: { data_dir: mkdtempSync(join(tmpdir(), 'switchboard-node-')) } }))).not.toBe(first);
    expect(await nodeIdentity(loadConfig({ environment: {}, overrides: { data_dir: dataDirectory, node_id: 'eu-west-1a' } }))).toBe('eu-west-1a');
  });
});
