import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerationRecord } from '../../src/spec/generation-record.js';
import { sampleGenerationRecord } from '../helpers/sample-generation-record.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * The datasets are the platform's by default (OpenRouter's public rankings: every account's apps and
 * models, never an account); with observatory.datasets_scope: account each caller sees its own
 * account's traffic only — for a deployment whose tenants must not learn what the others run.
 */
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const at = () => `${yesterday()}T12:00:00.000Z`;

function traffic(account: string, app: string, model: string, tokens: number): GenerationRecord[] {
  return ['s1', 's1', 's2'].map((session) =>
    sampleGenerationRecord({
      account_id: account,
      created_at: at(),
      model,
      model_permaslug: model,
      app_id: app.length,
      app_name: app,
      session_id: `${account}-${session}`,
      tokens_prompt: tokens,
      tokens_completion: 0,
      total_cost_nano: 1_000,
      total_cost: 1e-6,
      is_byok: false,
    }),
  );
}

async function datasets(gateway: TestGateway, key: string) {
  const read = async (path: string) => {
    const response = await gateway.call(path, { key });
    expect(response.status, path).toBe(200);
    return ((await response.json()) as { data: Record<string, unknown>[] }).data;
  };
  const day = yesterday();
  return {
    models: (await read(`/api/v1/datasets/rankings-daily?start_date=${day}&end_date=${day}`)).map((row) => row.model_permaslug).sort(),
    apps: (await read(`/api/v1/datasets/app-rankings?start_date=${day}&end_date=${day}`)).map((row) => row.app_name).sort(),
    sessions: [...new Set((await read('/api/v1/datasets/session-cost')).map((row) => row.app_name))].sort(),
  };
}

describe.each([
  ['platform', { acme: ['Acme Agent', 'Rival Tool'], rival: ['Acme Agent', 'Rival Tool'] }],
  ['account', { acme: ['Acme Agent'], rival: ['Rival Tool'] }],
] as const)('observatory.datasets_scope: %s', (scope, seen) => {
  let gateway: TestGateway;
  const keys: Record<string, string> = {};
  beforeAll(async () => {
    gateway = await startTestGateway({ auth: { anonymous: false }, observatory: { datasets_scope: scope } });
    for (const account of ['acme', 'rival']) {
      await gateway.createAccount(account, 1);
      keys[account] = (await gateway.createKey(account)).key;
    }
    await gateway.generationStore.insert([...traffic('acme', 'Acme Agent', 'acme/secret-model', 500), ...traffic('rival', 'Rival Tool', 'rival/other-model', 900)]);
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('rankings, app rankings and session costs show the apps and models it says', async () => {
    const models = { 'Acme Agent': 'acme/secret-model', 'Rival Tool': 'rival/other-model' } as const;
    for (const account of ['acme', 'rival'] as const) {
      const found = await datasets(gateway, keys[account]!);
      expect(found.apps).toEqual(seen[account]);
      expect(found.sessions).toEqual(seen[account]);
      expect(found.models).toEqual(seen[account].map((app) => models[app]).sort());
    }
  });
});
