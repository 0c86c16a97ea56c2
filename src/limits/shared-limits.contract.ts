import { afterEach, describe, expect, it } from 'vitest';
import type { Reservation } from '../accounting/credit-ledger.js';
import { ModelCatalog } from '../catalog/model-catalog.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { Account, ApiKey } from '../spec/account.js';
import { guardrailDefaults } from '../spec/guardrail.js';
import { workspaceDefaults } from '../spec/workspace.js';
import type { ControlPlaneStore } from '../storage/control-plane/control-plane-store.js';
import { SqliteControlPlaneStore } from '../storage/control-plane/sqlite-control-plane-store.js';
import { RateLimiter } from './rate-limiter.js';
import { RequestLimits, type RequestLimitSettings } from './request-limits.js';
import type { SharedLimits } from './shared-limits.js';

export interface SharedLimitsContractOptions {
  /** Shared limits over `controlPlane`, with the gateway's default rate limits (none per key, :free at OpenRouter's). */
  create(controlPlane: ControlPlaneStore): Promise<{ limits: SharedLimits; close?: () => Promise<void> }>;
}

const model = ModelCatalog.load().get('openai/gpt-4o-mini')!;

/** Request limits as the gateway's defaults set them: none per key, OpenRouter's for :free models. */
export const defaultRequestLimitSettings: RequestLimitSettings = {
  requestsPerMinute: null,
  tokensPerMinute: null,
  freeRequestsPerMinute: 20,
  freeRequestsPerDay: 50,
  freeRequestsPerDayWithCredits: 1000,
  freeCreditsThresholdNano: 10e9,
};

/** The request limits the contract expects (the defaults). */
export function contractRequestLimits(): RequestLimits {
  return new RequestLimits(new RateLimiter(), defaultRequestLimitSettings);
}

/**
 * What every set of shared limits must do (in this process; in a cluster's primary over IPC; Redis
 * next): run runSharedLimitsContract({ create }) from each implementation's test.
 */
export function runSharedLimitsContract(options: SharedLimitsContractOptions): void {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  async function setup(input: {
    creditsNano: number;
    limitNano?: number | null;
    requestsPerMinute?: number | null;
    includeByokInLimit?: boolean;
  }): Promise<{ limits: SharedLimits; account: Account; key: ApiKey; controlPlane: ControlPlaneStore }> {
    const controlPlane = new SqliteControlPlaneStore(':memory:');
    let account = await controlPlane.createAccount({ id: 'acme', name: 'Acme' });
    if (input.creditsNano > 0) account = await controlPlane.addCredits('acme', input.creditsNano, 'purchase');
    const key = await controlPlane.createKey({
      accountId: 'acme',
      name: 'k',
      hash: 'key-1',
      label: 'sk-sb-v1-a…b',
      limitNano: input.limitNano ?? null,
      limitReset: input.limitNano ? 'daily' : null,
      requestsPerMinute: input.requestsPerMinute ?? null,
      includeByokInLimit: input.includeByokInLimit ?? false,
    });
    const created = await options.create(controlPlane);
    closers.push(async () => {
      await created.close?.();
      await controlPlane.close();
    });
    await created.limits.load(account, key);
    return { limits: created.limits, account, key, controlPlane };
  }

  describe('shared limits contract', () => {
    it('reserves against the balance and the key limit, and says why not as data', async () => {
      const { limits } = await setup({ creditsNano: 1_000, limitNano: 300 });
      const held = [await limits.reserve('acme', 'key-1', 100), await limits.reserve('acme', 'key-1', 100), await limits.reserve('acme', 'key-1', 100)];
      expect(held.every((reservation) => !('refused' in reservation))).toBe(true);
      // The refusal says when the (daily) limit starts over: the next midnight UTC.
      expect(await limits.reserve('acme', 'key-1', 1)).toMatchObject({ refused: 'key_limit_exceeded', availableNano: 0, resetsAt: expect.stringMatching(/T00:00:00\.000Z$/) });
      limits.release(held[0] as never);
      expect(await limits.reserve('acme', 'key-1', 100)).not.toHaveProperty('refused');
      // Without a key only the balance counts: 1,000 less 300 held.
      expect(await limits.reserve('acme', null, 701)).toMatchObject({ refused: 'insufficient_credits', availableNano: 700 });
      expect(await limits.reserve('acme', null, 700)).not.toHaveProperty('refused');
    });

    it('replaces a reservation by its charge once, and a release after that changes nothing', async () => {
      const { limits } = await setup({ creditsNano: 1_000, limitNano: 500 });
      const reservation = await limits.reserve('acme', 'key-1', 200);
      if ('refused' in reservation) throw new Error('refused');
      limits.settle(reservation, 150, false);
      limits.settle(reservation, 150, false);
      limits.release(reservation);
      expect(await limits.accountBalance('acme')).toEqual({ creditsNano: 1_000, usageNano: 150, reservedNano: 0 });
      expect(await limits.keyBalance('key-1')).toMatchObject({ totalNano: 150, dailyNano: 150, remainingNano: 350 });
    });

    it("counts a BYOK charge toward the key's BYOK usage, not the account's credits", async () => {
      const { limits } = await setup({ creditsNano: 1_000 });
      const reservation = await limits.reserve('acme', 'key-1', 100);
      if ('refused' in reservation) throw new Error('refused');
      limits.settle(reservation, 80, true);
      expect(await limits.accountBalance('acme')).toEqual({ creditsNano: 1_000, usageNano: 0, reservedNano: 0 });
      expect(await limits.keyBalance('key-1')).toMatchObject({ totalNano: 0, byokTotalNano: 80 });
    });

    it('counts BYOK usage toward a key limit only when the key includes it', async () => {
      for (const includeByokInLimit of [true, false]) {
        const { limits } = await setup({ creditsNano: 1_000, limitNano: 300, includeByokInLimit });
        const reservation = await limits.reserve('acme', 'key-1', 250);
        if ('refused' in reservation) throw new Error('refused');
        limits.settle(reservation, 200, true);
        expect((await limits.keyBalance('key-1'))!.remainingNano).toBe(includeByokInLimit ? 100 : 300);
        const next = await limits.reserve('acme', 'key-1', 150);
        if (includeByokInLimit) expect(next).toMatchObject({ refused: 'key_limit_exceeded', availableNano: 100 });
        else expect(next).not.toHaveProperty('refused');
      }
    });

    it("holds a key to each of its guardrails' budgets on its own spending, beside its own limit", async () => {
      const { limits, account, key } = await setup({ creditsNano: 10_000, limitNano: 1_000 });
      const guardrail = (id: string, limitNano: number, reset: 'daily' | 'monthly' | null, includeByokInBudgets = false) => ({
        ...guardrailDefaults,
        id,
        accountId: 'acme',
        name: id,
        limitNano,
        resetInterval: reset,
        includeByokInBudgets,
        createdAt: '',
        updatedAt: '',
      });
      await limits.load(account, { ...key, guardrails: [guardrail('wide', 5_000, 'monthly'), guardrail('tight', 400, 'daily', true)] });
      const first = await limits.reserve('acme', 'key-1', 300);
      if ('refused' in first) throw new Error('refused');
      // 300 held: the tight guardrail (400) has 100 left, though the key's own limit has 700.
      expect(await limits.reserve('acme', 'key-1', 150)).toMatchObject({ refused: 'key_limit_exceeded', availableNano: 100, metadata: { guardrail_id: 'tight' } });
      limits.settle(first, 250, true);
      // A BYOK charge counts for the guardrail that includes BYOK (250 of 400), not for the key's own limit.
      expect(await limits.reserve('acme', 'key-1', 151)).toMatchObject({ refused: 'key_limit_exceeded', availableNano: 150, metadata: { guardrail_id: 'tight' } });
      expect(await limits.reserve('acme', 'key-1', 150)).not.toHaveProperty('refused');
      // Without its guardrails the key has only its own limit.
      await limits.load(account, { ...key, guardrails: [] });
      // Its own limit (1,000) less the 150 still held: BYOK spending is not in it.
      expect(await limits.reserve('acme', 'key-1', 851)).toMatchObject({ refused: 'key_limit_exceeded', availableNano: 850 });
      expect(await limits.reserve('acme', 'key-1', 850)).not.toHaveProperty('refused');
    });

    it("holds a workspace's keys together to its budgets, counting what they spent before (settled in the control plane)", async () => {
      const { limits, account, controlPlane } = await setup({ creditsNano: 100_000 });
      const workspace = await controlPlane.organization.createWorkspace({ ...workspaceDefaults, id: 'ws-team', accountId: 'acme', name: 'Team', slug: 'team' });
      const budgets = [
        { id: 'b1', workspaceId: 'ws-team', interval: 'daily' as const, limitNano: 1_000, createdAt: '', updatedAt: '' },
        { id: 'b2', workspaceId: 'ws-team', interval: 'lifetime' as const, limitNano: 50_000, createdAt: '', updatedAt: '' },
      ];
      const teamKey = async (hash: string) => {
        const stored = await controlPlane.createKey({ accountId: 'acme', name: hash, hash, label: hash, workspaceId: 'ws-team' });
        return { ...stored, workspace: workspace!, workspaceBudgets: budgets };
      };
      const [a, b] = [await teamKey('team-a'), await teamKey('team-b')];
      // 200 spent today by a key of the workspace, already in the control plane before these limits saw it.
      await controlPlane.applyUsage([{ accountId: 'acme', keyHash: 'team-a', costNano: 200, day: Math.floor(Date.now() / 86_400_000), isByok: false }], 'contract', { segment: 0, offset: 1 });
      await limits.load(account, a);
      await limits.load(account, b);
      // 800 left today for both keys together: 200 concurrent reservations of 10 across the two, 80 pass.
      const results = await Promise.all(Array.from({ length: 200 }, (_, index) => limits.reserve('acme', index % 2 ? 'team-a' : 'team-b', 10)));
      const held = results.filter((result): result is Reservation => !('refused' in result));
      expect(held).toHaveLength(80);
      expect(results.find((result) => 'refused' in result)).toMatchObject({ refused: 'key_limit_exceeded', availableNano: 0, metadata: { workspace_id: 'ws-team' } });
      // Released, and 300 charged on key b: 500 left for key a too.
      for (const reservation of held) limits.release(reservation);
      const charged = await limits.reserve('acme', 'team-b', 300);
      if ('refused' in charged) throw new Error('refused');
      limits.settle(charged, 300, false);
      expect(await limits.reserve('acme', 'team-a', 501)).toMatchObject({ refused: 'key_limit_exceeded', availableNano: 500, metadata: { workspace_id: 'ws-team' } });
      expect(await limits.reserve('acme', 'team-a', 500)).not.toHaveProperty('refused');
      // A key of another workspace is not held to it.
      expect(await limits.reserve('acme', 'key-1', 5_000)).not.toHaveProperty('refused');
    });

    it("holds the keys a member made together to that member's guardrail budget", async () => {
      const { limits, account, controlPlane } = await setup({ creditsNano: 100_000 });
      const guardrail = { ...guardrailDefaults, id: 'g-member', accountId: 'acme', name: 'member budget', limitNano: 600, resetInterval: 'monthly' as const, createdAt: '', updatedAt: '' };
      const memberKey = async (hash: string) => {
        const stored = await controlPlane.createKey({ accountId: 'acme', name: hash, hash, label: hash, creatorUserId: 'user_ada' });
        return { ...stored, memberGuardrails: [guardrail] };
      };
      const [a, b] = [await memberKey('ada-1'), await memberKey('ada-2')];
      await limits.load(account, a);
      await limits.load(account, b);
      const first = await limits.reserve('acme', 'ada-1', 400);
      if ('refused' in first) throw new Error('refused');
      expect(await limits.reserve('acme', 'ada-2', 201)).toMatchObject({ refused: 'key_limit_exceeded', availableNano: 200, metadata: { guardrail_id: 'g-member' } });
      limits.settle(first, 100, false);
      expect(await limits.reserve('acme', 'ada-2', 500)).not.toHaveProperty('refused');
    });

    it('never lets concurrent reservations past the balance together', async () => {
      const { limits } = await setup({ creditsNano: 500 });
      const results = await Promise.all(Array.from({ length: 200 }, () => limits.reserve('acme', 'key-1', 10)));
      expect(results.filter((result) => !('refused' in result))).toHaveLength(50);
      expect((await limits.accountBalance('acme'))!.reservedNano).toBe(500);
    });

    it('refuses money that is not a non-negative integer of nano-USD', async () => {
      const { limits } = await setup({ creditsNano: 1_000 });
      for (const amount of [Number.NaN, -1, 1.5, Number.POSITIVE_INFINITY]) await expect(Promise.resolve().then(() => limits.reserve('acme', 'key-1', amount))).rejects.toThrow(RangeError);
      const reservation = await limits.reserve('acme', 'key-1', 100);
      if ('refused' in reservation) throw new Error('refused');
      for (const cost of [Number.NaN, -5_000_000]) expect(() => limits.settle(reservation, cost, false)).toThrow(RangeError);
      limits.settle(reservation, 60, false);
      expect(await limits.accountBalance('acme')).toEqual({ creditsNano: 1_000, usageNano: 60, reservedNano: 0 });
    });

    it("admits requests within the key's requests per minute, then answers 429 with Retry-After", async () => {
      const { limits, account, key } = await setup({ creditsNano: 1_000, requestsPerMinute: 5 });
      for (let index = 0; index < 5; index++) (await limits.admit({ account, key }, model, 10)).settle(10);
      const refusal = await limits.admit({ account, key }, model, 10).then(
        () => null,
        (error: unknown) => error,
      );
      expect(GatewayError.isInstance(refusal) && refusal.code).toBe('rate_limited');
      expect(Number((refusal as GatewayError).headers['Retry-After'])).toBeGreaterThan(0);
    });

    it('admits and reserves in one step: a 429 takes nothing, a refused reservation still gives the ticket', async () => {
      const { limits, account, key } = await setup({ creditsNano: 1_000, requestsPerMinute: 2 });
      const first = await limits.admitAndReserve({ account, key }, model, 10, 600);
      expect(first.ticket.headers).toBeTypeOf('object');
      expect(first.reservation).not.toHaveProperty('refused');
      const second = await limits.admitAndReserve({ account, key }, model, 10, 600);
      expect(second.reservation).toMatchObject({ refused: 'insufficient_credits', availableNano: 400 });
      const third = await limits.admitAndReserve({ account, key }, model, 10, 100).then(
        () => null,
        (error: unknown) => error,
      );
      expect(GatewayError.isInstance(third) && third.code).toBe('rate_limited');
      expect((await limits.accountBalance('acme'))!.reservedNano).toBe(600);
      limits.release(first.reservation as Reservation);
      expect((await limits.accountBalance('acme'))!.reservedNano).toBe(0);
    });

    it("counts the account's :free requests of the day", async () => {
      const { limits, account, key } = await setup({ creditsNano: 0 });
      const free = ModelCatalog.load().get('google/gemma-4-31b-it:free')!;
      expect(await limits.freeRequestsToday('acme')).toBe(0);
      for (let index = 0; index < 3; index++) await limits.admit({ account, key }, free, 10);
      await limits.admit({ account, key }, model, 10);
      expect(await limits.freeRequestsToday('acme')).toBe(3);
    });

    it('takes credits added after it first loaded the account', async () => {
      const { limits, controlPlane, key } = await setup({ creditsNano: 100 });
      expect(await limits.reserve('acme', 'key-1', 150)).toHaveProperty('refused', 'insufficient_credits');
      const topped = await controlPlane.addCredits('acme', 100, 'purchase');
      await limits.load(topped, key);
      expect(await limits.reserve('acme', 'key-1', 150)).not.toHaveProperty('refused');
    });
  });
}
