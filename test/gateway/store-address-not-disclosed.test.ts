import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * The generation store's address (and any credentials in it) never leaves the gateway: not in the
 * analytics answer that names the store, not in an error when the store is down. The store here is
 * a ClickHouse server that does not answer — the gateway starts and serves all the same.
 */
let gateway: TestGateway;
let management: string;
const address = 'http://ingest:hunter2@127.0.0.1:9';

beforeAll(async () => {
  gateway = await startTestGateway({ generation_log: { store: 'clickhouse', clickhouse: { url: address } } });
  management = (await gateway.createKey('local', { management: true })).key;
});
afterAll(async () => {
  await gateway?.close();
});

describe('a gateway whose generation store is a ClickHouse server', () => {
  it('starts and answers while the store is down', async () => {
    const response = await gateway.call('/api/v1/chat/completions', { json: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] } });
    expect(response.status).toBe(200);
  });

  it('never puts the store address in an answer', async () => {
    for (const path of ['/api/v1/study/analyses', '/api/v1/study/analyses/A1', '/api/v1/datasets/rankings-daily', '/health', '/metrics']) {
      const response = await gateway.call(path, { key: management });
      const text = await response.text();
      expect(text, path).not.toMatch(/hunter2|127\.0\.0\.1:9\b|ingest:/);
    }
  });
});
