import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { redactConfig } from '../../src/config/redact-config.js';
import { type RedisServer, startRedisServer } from '../helpers/redis-server.js';
import { startTestGateway } from '../helpers/test-gateway.js';

/** A gateway whose credits and rate limits are in Redis (shared_limits.store: redis), and what it does when Redis is gone. */
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
}, 30_000);
afterAll(async () => {
  await redis?.stop();
});

describe('shared limits in Redis', () => {
  it('charges through Redis, fails closed with 503 limits_unavailable while Redis is unreachable (and /health says so), and serves again after', async () => {
    const gateway = await startTestGateway(
      { shared_limits: { store: 'redis', redis: { url_env: 'LIMITS_REDIS_URL', command_timeout_ms: 300 } }, auth: { anonymous: false } },
      { environment: { LIMITS_REDIS_URL: redis.url } },
    );
    try {
      await gateway.createAccount('acme', 5);
      const { key, hash } = await gateway.createKey('acme', { requestsPerMinute: 100 });
      const chat = () => gateway.call('/api/v1/chat/completions', { key, json: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 20 } });
      const first = await chat();
      expect(first.status).toBe(200);
      expect(first.headers.get('x-ratelimit-limit')).toBe('100');
      const { usage } = (await first.json()) as { usage: { cost: number } };
      const health = await gateway.call('/health');
      expect(await health.json()).toMatchObject({ status: 'ok', checks: { redis: 'ok' } });
      await gateway.services.limits.keyBalance(hash);
      expect((await gateway.services.limits.accountBalance('acme'))!.usageNano).toBe(Math.round(usage.cost * 1e9));

      redis.pause();
      try {
        const refused = await chat();
        expect(refused.status).toBe(503);
        const body = (await refused.json()) as { error: { metadata: { switchboard_code: string }; message: string } };
        expect(body.error.metadata.switchboard_code).toBe('limits_unavailable');
        expect(body.error.message).toContain('nothing was charged');
        // The connection notices the silence (a command timed out) and /health reports it.
        let degraded: Response | null = null;
        for (let attempt = 0; attempt < 40; attempt++) {
          degraded = await gateway.call('/health');
          if (degraded.status === 503) break;
          await chat();
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(degraded!.status).toBe(503);
        expect(await degraded!.json()).toMatchObject({ status: 'degraded', checks: { redis: 'unreachable' } });
      } finally {
        redis.resume();
      }
      let status = 0;
      for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
        status = (await chat()).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(200);
      // /health follows within the heartbeat (a ping a second).
      let healthy = 0;
      for (let attempt = 0; attempt < 30 && healthy !== 200; attempt++) {
        healthy = (await gateway.call('/health')).status;
        if (healthy !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(healthy).toBe(200);
      expect(await gateway.storedRecords()).toBeGreaterThanOrEqual(2);
    } finally {
      await gateway.close();
    }
  }, 60_000);

  it('is refused without a URL, and its URL is never printed', () => {
    const config = loadConfig({ environment: {}, overrides: { shared_limits: { store: 'redis', redis: { url: 'redis://:hunter2@cache:6379/0' } } } });
    expect(JSON.stringify(redactConfig(config))).not.toContain('hunter2');
  });
});
