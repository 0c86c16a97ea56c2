import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reservation, ReserveRefusal } from '../../accounting/credit-ledger.js';
import { ModelCatalog } from '../../catalog/model-catalog.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { SqliteControlPlaneStore } from '../../storage/control-plane/sqlite-control-plane-store.js';
import { type RedisServer, startRedisServer } from '../../../test/helpers/redis-server.js';
import { openRedis } from '../../storage/redis/redis-connection.js';
import { defaultRequestLimitSettings, runSharedLimitsContract } from '../shared-limits.contract.js';
import { RedisLimits } from './redis-limits.js';

/** The shared-limits contract against a real Redis (redis-server from Debian, on a free port). */
let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
}, 30_000);
afterAll(async () => {
  await server?.stop();
});

runSharedLimitsContract({
  create: async (controlPlane) => {
    const { client, ready } = openRedis(server.url, { commandTimeoutMs: 2_000 });
    await ready();
    await client.flushall();
    const limits = new RedisLimits(client, controlPlane, { settings: defaultRequestLimitSettings, reservationTtlMs: 60_000 });
    return {
      limits,
      close: async () => {
        await limits.flush();
        client.disconnect();
      },
    };
  },
});

describe('limits in Redis shared by several nodes', () => {
  const model = ModelCatalog.load().get('openai/gpt-4o-mini')!;

  async function nodes(count: number, options: { now?: () => number; reservationTtlMs?: number } = {}) {
    const controlPlane = new SqliteControlPlaneStore(':memory:');
    let account = await controlPlane.createAccount({ id: 'acme', name: 'Acme' });
    account = await controlPlane.addCredits('acme', 1_000_000, 'purchase');
    const key = await controlPlane.createKey({ accountId: 'acme', name: 'k', hash: 'key-1', label: 'sk-sb-v1-a…b', limitNano: 100_000, limitReset: 'daily', requestsPerMinute: 60 });
    const clients: ReturnType<typeof openRedis>[] = [];
    const limits: RedisLimits[] = [];
    for (let index = 0; index < count; index++) {
      const connection = openRedis(server.url, { commandTimeoutMs: 300 });
      await connection.ready();
      if (index === 0) await connection.client.flushall();
      clients.push(connection);
      const node = new RedisLimits(connection.client, controlPlane, {
        settings: defaultRequestLimitSettings,
        reservationTtlMs: options.reservationTtlMs ?? 60_000,
        ...(options.now ? { now: options.now } : {}),
      });
      await node.load(account, key);
      limits.push(node);
    }
    return {
      account,
      key,
      controlPlane,
      limits,
      redis: clients[0]!.client,
      close: async () => {
        for (const node of limits) await node.flush();
        for (const connection of clients) connection.close();
        await controlPlane.close();
      },
    };
  }

  it('lets concurrent reservations on three nodes spend no more than the key limit, and exactly 60 requests a minute pass', async () => {
    const cluster = await nodes(3);
    try {
      const { account, key } = cluster;
      const results = await Promise.all(
        Array.from({ length: 300 }, (_, index) =>
          cluster.limits[index % 3]!.admitAndReserve({ account, key }, model, 10, 1_000).then(
            (result) => result,
            (error: unknown) => error,
          ),
        ),
      );
      const admitted = results.filter((result) => !GatewayError.isInstance(result)) as { reservation: Reservation | ReserveRefusal }[];
      expect(admitted).toHaveLength(60);
      expect(results.filter((result) => GatewayError.isInstance(result) && result.code === 'rate_limited')).toHaveLength(240);
      const held = admitted.filter((result) => !('refused' in result.reservation));
      // 60 admitted, 1,000 each against a 100,000 limit: all fit. Settle them for 1,500 each: the limit is then spent.
      expect(held).toHaveLength(60);
      for (const [index, result] of held.entries()) cluster.limits[index % 3]!.settle(result.reservation as Reservation, 1_500, false);
      for (const node of cluster.limits) await node.flush();
      expect(await cluster.limits[1]!.keyBalance('key-1')).toMatchObject({ dailyNano: 90_000, remainingNano: 10_000 });
      expect(await cluster.limits[2]!.accountBalance('acme')).toEqual({ creditsNano: 1_000_000, usageNano: 90_000, reservedNano: 0 });
      const reservations = await Promise.all(Array.from({ length: 30 }, (_, index) => cluster.limits[index % 3]!.reserve('acme', 'key-1', 1_000)));
      expect(reservations.filter((reservation) => !('refused' in reservation))).toHaveLength(10);
    } finally {
      await cluster.close();
    }
  });

  it('holds the :free allowances (per minute, per day; more per day once credits were bought) across nodes', async () => {
    let now = Date.UTC(2026, 5, 1, 12, 0, 0);
    const cluster = await nodes(2, { now: () => now });
    try {
      const free = ModelCatalog.load().get('google/gemma-4-31b-it:free')!;
      const poor = { ...cluster.account, purchasedNano: 0 };
      const admitted = async (count: number) => {
        const results = await Promise.all(
          Array.from({ length: count }, (_, index) =>
            cluster.limits[index % 2]!.admit({ account: poor, key: null }, free, 10).then(
              () => true,
              () => false,
            ),
          ),
        );
        return results.filter(Boolean).length;
      };
      // 20 a minute, whichever node: 30 at once, 20 pass.
      expect(await admitted(30)).toBe(20);
      // Minute by minute, the day's 50 run out: 20 + 20 + 10, then none until the next UTC day.
      now += 61_000;
      expect(await admitted(30)).toBe(20);
      now += 61_000;
      expect(await admitted(30)).toBe(10);
      now += 61_000;
      expect(await admitted(5)).toBe(0);
      const refusal = await cluster.limits[0]!.admit({ account: poor, key: null }, free, 10).catch((error: unknown) => error);
      expect(GatewayError.isInstance(refusal) && refusal.message).toContain('free-model requests per day');
      // An account that bought $10 of credits has 1,000 a day: it goes on (a fresh minute).
      now += 61_000;
      expect(await cluster.limits[1]!.admit({ account: { ...cluster.account, purchasedNano: 10e9 }, key: null }, free, 10)).toHaveProperty('headers');
      now = Date.UTC(2026, 5, 2, 0, 0, 5);
      expect(await admitted(5)).toBe(5);
    } finally {
      await cluster.close();
    }
  });

  it('gives back the reservations of a node that died, once their deadline passes', async () => {
    const cluster = await nodes(2, { reservationTtlMs: 200 });
    try {
      const held = await cluster.limits[0]!.reserve('acme', 'key-1', 100_000);
      expect(held).not.toHaveProperty('refused');
      expect(await cluster.limits[1]!.reserve('acme', 'key-1', 1)).toHaveProperty('refused', 'key_limit_exceeded');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await cluster.limits[1]!.reserve('acme', 'key-1', 100_000)).not.toHaveProperty('refused');
      // The dead node's late settlement still charges what was spent, without giving back twice.
      cluster.limits[0]!.settle(held as Reservation, 10, false);
      await cluster.limits[0]!.flush();
      expect(await cluster.limits[1]!.accountBalance('acme')).toEqual({ creditsNano: 1_000_000, usageNano: 10, reservedNano: 100_000 });
    } finally {
      await cluster.close();
    }
  });

  it('reloads an account Redis lost (a restart, a flush) from the control plane, keeping the larger usage', async () => {
    const cluster = await nodes(1);
    try {
      await cluster.redis.flushall();
      const reservation = await cluster.limits[0]!.reserve('acme', 'key-1', 500);
      expect(reservation).not.toHaveProperty('refused');
      expect(await cluster.limits[0]!.accountBalance('acme')).toEqual({ creditsNano: 1_000_000, usageNano: 0, reservedNano: 500 });
    } finally {
      await cluster.close();
    }
  });

  it("starts a key's daily counter over at midnight UTC and its monthly one on the 1st (Redis's own calendar)", async () => {
    let now = Date.UTC(2026, 0, 31, 23, 59, 0);
    const cluster = await nodes(1, { now: () => now });
    try {
      const node = cluster.limits[0]!;
      const reservation = await node.reserve('acme', 'key-1', 50_000);
      node.settle(reservation as Reservation, 40_000, false);
      expect(await node.keyBalance('key-1')).toMatchObject({ dailyNano: 40_000, weeklyNano: 40_000, monthlyNano: 40_000, totalNano: 40_000 });
      now = Date.UTC(2026, 1, 1, 0, 0, 30); // a Sunday: the week goes on, the month does not.
      expect(await node.keyBalance('key-1')).toMatchObject({ dailyNano: 0, weeklyNano: 40_000, monthlyNano: 0, totalNano: 40_000, remainingNano: 100_000 });
      now = Date.UTC(2026, 1, 2, 0, 0, 30); // Monday.
      expect(await node.keyBalance('key-1')).toMatchObject({ weeklyNano: 0, totalNano: 40_000 });
    } finally {
      await cluster.close();
    }
  });

  it('keeps amounts of billions of dollars exact (nano-USD near 2^52)', async () => {
    const controlPlane = new SqliteControlPlaneStore(':memory:');
    const connection = openRedis(server.url, { commandTimeoutMs: 1_000 });
    await connection.ready();
    await connection.client.flushall();
    try {
      await controlPlane.createAccount({ id: 'big', name: 'Big' });
      const account = await controlPlane.addCredits('big', 4_503_599_627_370_495, 'purchase');
      const limits = new RedisLimits(connection.client, controlPlane, { settings: defaultRequestLimitSettings, reservationTtlMs: 60_000 });
      await limits.load(account, null);
      const reservation = await limits.reserve('big', null, 1_234_567_890_123_457);
      limits.settle(reservation as Reservation, 1_234_567_890_123_451, false);
      expect(await limits.accountBalance('big')).toEqual({ creditsNano: 4_503_599_627_370_495, usageNano: 1_234_567_890_123_451, reservedNano: 0 });
    } finally {
      connection.close();
      await controlPlane.close();
    }
  });

  it('fails closed with a 503 when Redis does not answer, and serves again when it does', async () => {
    const cluster = await nodes(1);
    try {
      const { account, key } = cluster;
      server.pause();
      const started = Date.now();
      const refusal = await cluster.limits[0]!.admitAndReserve({ account, key }, model, 10, 100).then(
        () => null,
        (error: unknown) => error,
      );
      expect(GatewayError.isInstance(refusal) && refusal.code).toBe('limits_unavailable');
      expect((refusal as GatewayError).status).toBe(503);
      expect(Date.now() - started).toBeLessThan(2_000);
      server.resume();
      for (let attempt = 0; ; attempt++) {
        const result = await cluster.limits[0]!.admitAndReserve({ account, key }, model, 10, 100).catch(() => null);
        if (result) break;
        if (attempt > 50) throw new Error('Redis did not come back');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      server.resume();
      await cluster.close();
    }
  });
});
