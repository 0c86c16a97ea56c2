import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayServices } from '../../src/gateway/gateway-services.js';
import { chatCompletionFormatter } from '../../src/wire/openai-chat/render-chat-response.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * Defect 4 of issue 10: an exception after the credit reservation left the reservation held until a
 * restart. Here an exception is injected at every stage after it — journaling a stream, settling the
 * rate ticket, learning the sticky route, rendering the answer, writing the record, observing the
 * metrics — and after each the account's and the key's balances must be exactly what the recorded
 * generations cost, with nothing left reserved.
 */

let gateway: TestGateway;
let key: string;
let hash: string;
const restores: (() => void)[] = [];

/** Replaces `object[name]` for one test. */
function inject<T extends object, K extends keyof T>(object: T, name: K, replacement: T[K]): void {
  const original = object[name];
  object[name] = replacement;
  restores.push(() => {
    object[name] = original;
  });
}

beforeAll(async () => {
  gateway = await startTestGateway({ auth: { anonymous: false } });
  await gateway.createAccount('owner', 20);
  ({ key, hash } = await gateway.createKey('owner', { limitUsd: 10 }));
});
afterEach(() => {
  for (const restore of restores.splice(0).reverse()) restore();
});
afterAll(async () => {
  await gateway?.close();
});

async function ask(stream: boolean, body: Record<string, unknown> = {}): Promise<{ status: number; text: string; id: string | null }> {
  const response = await gateway.call('/api/v1/chat/completions', { key, json: { model: 'openai/gpt-4o-mini', stream, messages: [{ role: 'user', content: 'Hello' }], ...body } });
  return { status: response.status, text: await response.text(), id: response.headers.get('x-generation-id') };
}

/** The balances match the recorded generations to the nano-dollar, and nothing stays reserved. */
async function expectExactBalances(): Promise<void> {
  await gateway.storedRecords();
  const [row] = (await (
    await gateway.storeClient().query({ query: "SELECT sum(total_cost_nano) AS total, count() AS records FROM generations WHERE account_id = 'owner'", format: 'JSONEachRow' })
  ).json()) as { total: string; records: string }[];
  const recorded = Number(row!.total);
  const account = (await gateway.services.limits.accountBalance('owner'))!;
  expect(account.reservedNano).toBe(0);
  expect(account.usageNano).toBe(recorded);
  expect((await gateway.services.limits.keyBalance(hash))!.totalNano).toBe(recorded);
  expect((await gateway.services.controlPlane.getAccount('owner'))!.usageNano).toBe(recorded);
}

const services = (): GatewayServices => gateway.services;
const failing = (stage: string) => () => {
  throw new Error(`injected failure: ${stage}`);
};

interface Stage {
  name: string;
  streams: boolean[];
  inject(): void;
  /** Whether the generation is still recorded and charged (the failure came after it was). */
  recorded: boolean;
}

const stages: Stage[] = [
  { name: 'journaling the stream', streams: [true], recorded: false, inject: () => inject(services().journal, 'begin', failing('journal')) },
  {
    name: 'settling the rate ticket',
    streams: [false, true],
    recorded: false,
    inject: () => {
      const limits = services().limits;
      const admit = limits.admit.bind(limits);
      inject(limits, 'admit', async (...args: Parameters<typeof admit>) => ({ ...(await admit(...args)), settle: failing('rate ticket') }));
    },
  },
  { name: 'learning the sticky route', streams: [false, true], recorded: false, inject: () => inject(services().stickyRoutes, 'observe', failing('sticky route')) },
  { name: 'rendering the answer', streams: [false], recorded: false, inject: () => inject(chatCompletionFormatter, 'whole', failing('render')) },
  { name: 'writing the record', streams: [false, true], recorded: false, inject: () => inject(services().generationLog, 'append', async () => failing('append')()) },
  { name: 'observing the metrics', streams: [false, true], recorded: true, inject: () => inject(services().stats, 'recordSuccess', failing('stats')) },
];

describe('the credit reservation, whatever fails after it', () => {
  for (const stage of stages) {
    for (const stream of stage.streams) {
      it(`${stage.name} (${stream ? 'streamed' : 'whole'}): released or settled exactly`, async () => {
        stage.inject();
        const answer = await ask(stream);
        if (stage.recorded) {
          expect(answer.status).toBe(200);
          expect(answer.text).toMatch(stream ? /\[DONE\]/ : /"usage"/);
        } else if (answer.status === 200) {
          // A stream that had started ends with an error chunk.
          expect(answer.text).toMatch(/"finish_reason":"error"/);
        } else {
          expect(answer.status).toBeGreaterThanOrEqual(500);
        }
        if (answer.id && !stage.recorded) expect(await gateway.services.generationLog.get(answer.id)).toBeUndefined();
        for (const restore of restores.splice(0).reverse()) restore();
        await expectExactBalances();
        // The key can still spend what it has: ten successful requests go through.
        for (let index = 0; index < 3; index++) expect((await ask(index % 2 === 0)).status).toBe(200);
        await expectExactBalances();
      });
    }
  }

  it('refuses tool parameters nested 20,000 deep with a 400, and reserves nothing for them', async () => {
    // Written out by hand: JSON.stringify itself would overflow the stack on it.
    const depth = 20_000;
    const parameters = `${'{"type":"object","properties":{"inner":'.repeat(depth)}{"type":"string"}${'}}'.repeat(depth)}`;
    const body = `{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hello"}],"tools":[{"type":"function","function":{"name":"deep","parameters":${parameters}}}]}`;
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await gateway.call('/api/v1/chat/completions', { key, method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/nests objects and arrays more than 100 levels deep/);
    }
    await expectExactBalances();
    expect((await ask(false)).status).toBe(200);
  });
});
