import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error.js';
import { SqliteControlPlaneStore } from '../storage/control-plane/sqlite-control-plane-store.js';
import { CreditLedger } from './credit-ledger.js';
import { utcDay } from '../spec/limit-period.js';

const describeShortfall = (available: number) => `can only afford ${available} nano-USD`;

async function setup(now: () => number = Date.now) {
  const store = new SqliteControlPlaneStore(':memory:');
  const account = await store.addCredits((await store.createAccount({ id: 'acme', name: 'Acme' })).id, 1_000, 'purchase');
  const key = await store.createKey({ accountId: 'acme', name: 'k', hash: 'h1', label: 'sk-sb-v1-abc...def', limitNano: 300, limitReset: 'daily' });
  const ledger = new CreditLedger(store, now);
  await ledger.loadAccount(account);
  await ledger.loadKey(key);
  return { store, ledger };
}

function expectRefusal(action: () => unknown, code: string) {
  try {
    action();
  } catch (error) {
    expect(GatewayError.isInstance(error) && error.code).toBe(code);
    expect((error as GatewayError).status).toBe(402);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe('CreditLedger', () => {
  it('reserves against both the balance and the key limit, so concurrent reservations cannot overspend', async () => {
    const { ledger } = await setup();
    const held = [ledger.reserve('acme', 'h1', 100, describeShortfall), ledger.reserve('acme', 'h1', 100, describeShortfall), ledger.reserve('acme', 'h1', 100, describeShortfall)];
    expectRefusal(() => ledger.reserve('acme', 'h1', 1, describeShortfall), 'key_limit_exceeded');
    ledger.release(held[0]!);
    ledger.settle(held[1]!, 40);
    // 300 limit − 40 settled − 100 still reserved leaves 160.
    expect(ledger.keyBalance('h1')?.remainingNano).toBe(260);
    const next = ledger.reserve('acme', 'h1', 160, describeShortfall);
    expectRefusal(() => ledger.reserve('acme', 'h1', 1, describeShortfall), 'key_limit_exceeded');
    ledger.settle(next, 0);
    ledger.settle(held[2]!, 100);
    expect(ledger.accountBalance('acme')).toEqual({ creditsNano: 1_000, usageNano: 140, reservedNano: 0 });
  });

  it('refuses with insufficient_credits past the account balance, whatever the key allows', async () => {
    const { ledger } = await setup();
    expectRefusal(() => ledger.reserve('acme', null, 1_001, describeShortfall), 'insufficient_credits');
    const reservation = ledger.reserve('acme', null, 1_000, describeShortfall);
    ledger.settle(reservation, 1_000);
    expectRefusal(() => ledger.reserve('acme', null, 1, describeShortfall), 'insufficient_credits');
  });

  it('starts a daily limit over at midnight UTC', async () => {
    let now = Date.parse('2025-03-05T23:00:00Z');
    const { ledger } = await setup(() => now);
    ledger.settle(ledger.reserve('acme', 'h1', 300, describeShortfall), 300);
    expectRefusal(() => ledger.reserve('acme', 'h1', 1, describeShortfall), 'key_limit_exceeded');
    now = Date.parse('2025-03-06T00:00:01Z');
    expect(ledger.keyBalance('h1')).toMatchObject({ dailyNano: 0, weeklyNano: 300, monthlyNano: 300, totalNano: 300, remainingNano: 300 });
    ledger.reserve('acme', 'h1', 300, describeShortfall);
  });

  it('starts from the usage already settled in the store', async () => {
    const store = new SqliteControlPlaneStore(':memory:');
    await store.createAccount({ id: 'acme', name: 'Acme' });
    await store.addCredits('acme', 1_000, 'purchase');
    const key = await store.createKey({ accountId: 'acme', name: 'k', hash: 'h1', label: 'x', limitNano: 300, limitReset: 'monthly' });
    await store.applyUsage([{ accountId: 'acme', keyHash: 'h1', costNano: 250, day: utcDay(Date.now()), isByok: false }], 'c', { segment: 1, offset: 10 });
    const ledger = new CreditLedger(store);
    await ledger.loadAccount((await store.getAccount('acme'))!);
    await ledger.loadKey(key);
    expect(ledger.keyBalance('h1')?.remainingNano).toBe(50);
    expectRefusal(() => ledger.reserve('acme', 'h1', 51, describeShortfall), 'key_limit_exceeded');
  });
});
