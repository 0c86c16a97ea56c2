import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { redactConfig } from '../../src/config/redact-config.js';
import { type PostgresServer, startPostgresServer } from '../helpers/postgres-server.js';
import { startTestGateway } from '../helpers/test-gateway.js';

/** A gateway whose control plane is PostgreSQL (control_plane.store: postgres): keys, credits and charges there. */
let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgresServer();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe('the control plane on PostgreSQL', () => {
  it('serves a request with a key kept in PostgreSQL and charges its account there', async () => {
    const url = await server.createDatabase('gateway');
    const gateway = await startTestGateway(
      { control_plane: { store: 'postgres', postgres: { url_env: 'CONTROL_PLANE_URL' } }, auth: { anonymous: false } },
      { environment: { CONTROL_PLANE_URL: url } },
    );
    try {
      await gateway.createAccount('acme', 5);
      const { key } = await gateway.createKey('acme');
      const response = await gateway.call('/api/v1/chat/completions', { key, json: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 20 } });
      expect(response.status).toBe(200);
      const { usage } = (await response.json()) as { usage: { cost: number } };
      expect(await gateway.storedRecords()).toBe(1);
      const account = await gateway.services.controlPlane.getAccount('acme');
      expect(account!.usageNano).toBe(Math.round(usage.cost * 1e9));
      expect(gateway.services.controlPlane.constructor.name).toBe('PostgresControlPlaneStore');
    } finally {
      await gateway.close();
    }
  }, 60_000);

  it('is refused without a URL, and its URL is never printed', () => {
    const config = loadConfig({ environment: {}, overrides: { control_plane: { store: 'postgres', postgres: { url: 'postgres://user:hunter2@db:5432/switchboard' } } } });
    expect(JSON.stringify(redactConfig(config))).not.toContain('hunter2');
  });
});
