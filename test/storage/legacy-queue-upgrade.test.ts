import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCommand } from '../../src/cli/command.js';
import { rootCommand } from '../../src/cli/root-command.js';
import { SqliteControlPlaneStore } from '../../src/storage/control-plane/sqlite-control-plane-store.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * Upgrading onto a data directory whose queue the previous release wrote (recorded files, see
 * test/fixtures/legacy-queue/README.md): TabSeparated rows — one of them the poison row an upstream's
 * "abc" token count made — and JSON lines of the releases before, ending in a torn line. The gateway
 * must start, store every sound record once, charge each once, and quarantine the poison row.
 */

const fixtures = fileURLToPath(new URL('../fixtures/legacy-queue/', import.meta.url));
const dataDirectory = mkdtempSync(join(tmpdir(), 'switchboard-upgrade-'));
const queueDirectory = join(dataDirectory, 'generation-queue');
mkdirSync(queueDirectory, { recursive: true });
for (const name of readdirSync(fixtures).filter((file) => file.endsWith('.ndjson'))) copyFileSync(join(fixtures, name), join(queueDirectory, name));

const poisonId = 'gen-1796005139-Ol4taSe3dcD9HSQZJBS7';
/** Five sound rows at $0.001439 and two JSON lines at $0.001. */
const expectedUsageNano = 5 * 1_439_000 + 2 * 1_000_000;

let gateway: TestGateway | null = null;
afterAll(async () => {
  await gateway?.close();
});

async function cli(...argv: string[]): Promise<{ code: number; output: string }> {
  let output = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += chunk.toString();
    return true;
  });
  const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await runCommand(rootCommand, argv, 'switchboard'), output };
  } finally {
    write.mockRestore();
    quiet.mockRestore();
  }
}

describe('a queue written by the previous release', () => {
  it('is migrated at start: every sound record stored and charged once, the poison row quarantined', async () => {
    const controlPlane = new SqliteControlPlaneStore(join(dataDirectory, 'control-plane.sqlite'));
    await controlPlane.createAccount({ id: 'legacy', name: 'Legacy' });
    await controlPlane.close();
    gateway = await startTestGateway({}, { dataDirectory });
    expect(await gateway.storedRecords()).toBe(7);
    expect(await gateway.services.generationLog.get(poisonId)).toBeUndefined();
    expect(await gateway.services.generationLog.get('gen-1741176000-json1AAAAAAAAAAAAAAA')).toMatchObject({ account_id: 'legacy', total_cost_nano: 1_000_000 });
    const held = await gateway.writer.quarantine.list();
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ generationId: poisonId, usageApplied: false, payload: { kind: 'legacy-line' } });
    expect(held[0]!.reason).toMatch(/not a sound generation record: .*\(got NaN\)/);
    expect((await gateway.services.controlPlane.getAccount('legacy'))!.usageNano).toBe(expectedUsageNano);
    const files = readdirSync(queueDirectory);
    expect(files.filter((name) => name.endsWith('.ndjson') && name !== 'quarantine.ndjson')).toEqual([]);
    // The gateway goes on logging.
    const answer = await gateway.call('/api/v1/chat/completions', { json: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'after the upgrade' }] } });
    expect(answer.status).toBe(200);
    expect(await gateway.storedRecords()).toBe(8);
  });

  it('is not migrated twice: a restart stores and charges nothing again', async () => {
    await gateway!.close();
    gateway = await startTestGateway({}, { dataDirectory });
    expect(await gateway.storedRecords()).toBe(8);
    expect((await gateway.services.controlPlane.getAccount('legacy'))!.usageNano).toBe(expectedUsageNano);
    await gateway.close();
    gateway = null;
  });

  it('lists the quarantined row with switchboard log quarantine, and keeps it when a retry cannot make a record of it', async () => {
    const listed = await cli('log', 'quarantine', '--data-dir', dataDirectory);
    expect(listed.code).toBe(0);
    expect(listed.output).toContain(poisonId);
    expect(listed.output).toMatch(/legacy-line/);
    const retried = await cli('log', 'quarantine', '--retry', '--data-dir', dataDirectory);
    expect(retried.code).toBe(1);
    expect(retried.output).toMatch(/gateway: 0 delivered, 1 still quarantined/);
    expect(existsSync(join(queueDirectory, 'quarantine.ndjson'))).toBe(true);
  });
});
