import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleGenerationRecord } from '../helpers/sample-generation-record.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * auth.platform_accounts: only the named accounts' management keys see the whole platform (every
 * account's logs and activity, the accounts list, The Study). Another account's management key
 * manages its own keys and sees its own traffic only — a tenant given a management key, as
 * OpenRouter gives provisioning keys, learns nothing of the others.
 */
let gateway: TestGateway;
const keys: Record<string, string> = {};
const recent = () => new Date(Date.now() - 3_600_000).toISOString();

beforeAll(async () => {
  gateway = await startTestGateway({ auth: { anonymous: false, platform_accounts: ['ops'] } });
  for (const account of ['ops', 'acme', 'rival']) await gateway.createAccount(account, 1);
  keys.ops = (await gateway.createKey('ops', { management: true })).key;
  keys.acme = (await gateway.createKey('acme', { management: true })).key;
  keys.acmeApi = (await gateway.createKey('acme')).key;
  await gateway.generationStore.insert([
    sampleGenerationRecord({ id: 'gen-acme-1', account_id: 'acme', created_at: recent(), model: 'openai/gpt-4o-mini' }),
    sampleGenerationRecord({ id: 'gen-rival-1', account_id: 'rival', created_at: recent(), model: 'rival/secret-model' }),
  ]);
});
afterAll(async () => {
  await gateway?.close();
});

async function read(path: string, key: string): Promise<{ status: number; body: any }> {
  const response = await gateway.call(path, { key });
  return { status: response.status, body: await response.json() };
}

const accountsOf = (rows: { account_id?: string; id?: string }[]) => [...new Set(rows.map((row) => row.account_id ?? row.id))].sort();

describe('auth.platform_accounts', () => {
  it("lets a platform account's management key see every account", async () => {
    expect((await read('/api/v1/study/analyses', keys.ops!)).status).toBe(200);
    expect(accountsOf((await read('/api/v1/dashboard/generations', keys.ops!)).body.data)).toEqual(['acme', 'rival']);
    expect(accountsOf((await read('/api/v1/dashboard/accounts', keys.ops!)).body.data)).toEqual(expect.arrayContaining(['acme', 'ops', 'rival']));
    expect((await read('/api/v1/dashboard/generations/gen-rival-1', keys.ops!)).status).toBe(200);
  });

  it("keeps another account's management key to its own account, whatever it asks for", async () => {
    const study = await read('/api/v1/study/analyses/A1', keys.acme!);
    expect(study.status).toBe(403);
    expect(study.body.error.message).toContain('auth.platform_accounts');
    expect(accountsOf((await read('/api/v1/dashboard/generations', keys.acme!)).body.data)).toEqual(['acme']);
    // Asking for another account is answered with its own.
    expect(accountsOf((await read('/api/v1/dashboard/generations?account=rival', keys.acme!)).body.data)).toEqual(['acme']);
    expect((await read('/api/v1/dashboard/generations/gen-rival-1', keys.acme!)).status).toBe(404);
    expect(accountsOf((await read('/api/v1/dashboard/accounts', keys.acme!)).body.data)).toEqual(['acme']);
    const activity = await read('/api/v1/dashboard/activity?group_by=account', keys.acme!);
    expect(JSON.stringify(activity.body)).not.toContain('rival');
    // It still manages its own account's keys.
    const made = await gateway.call('/api/v1/keys', { key: keys.acme!, json: { name: 'ci' } });
    expect(made.status).toBe(201);
    expect((await read('/api/v1/keys', keys.acme!)).body.data.length).toBeGreaterThanOrEqual(2);
  });

  it('tells the dashboard which keys see every account', async () => {
    const signIn = async (key: string) => ((await (await gateway.call('/api/v1/dashboard/session', { json: { key } })).json()) as { data: { sees_platform: boolean } }).data.sees_platform;
    expect(await signIn(keys.ops!)).toBe(true);
    expect(await signIn(keys.acme!)).toBe(false);
    expect(await signIn(keys.acmeApi!)).toBe(false);
  });

  it('refuses a list that names no account at start', async () => {
    await expect(startTestGateway({ auth: { platform_accounts: [] } })).rejects.toThrow(/platform_accounts/);
  });
});
