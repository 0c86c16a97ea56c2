import { GetCurrentKeyResponse$inboundSchema } from '@openrouter/sdk/models/operations';
import { describe, expect, it } from 'vitest';
import { startTestGateway } from '../helpers/test-gateway.js';

/**
 * GET /key without a key (key-less local development on the built-in local account), checked with
 * OpenRouter's SDK's own schema of the answer: every field it requires, the periods' usage read from
 * the generation log (no key's counters hold key-less spending). Its own file: one chDB per process.
 */
describe('@openrouter/sdk: the current key of key-less local development', () => {
  it("answers key-less local development's GET /key in the shape the SDK takes, its periods' usage read from the log", async () => {
    const local = await startTestGateway();
    try {
      const spent: number[] = [];
      for (let index = 0; index < 2; index++) {
        const answer = await local.call('/api/v1/chat/completions', { json: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 5 } });
        spent.push(((await answer.json()) as { usage: { cost: number } }).usage.cost);
      }
      await local.writer.drain();
      const body = await (await local.call('/api/v1/key')).json();
      // The SDK's own schema of the answer (what getCurrentKeyMetadata validates with).
      const { data } = GetCurrentKeyResponse$inboundSchema.parse(body);
      expect(data.label).toContain('anonymous');
      expect(data.usageDaily).toBeCloseTo(spent[0]! + spent[1]!, 9);
      expect(data.usageMonthly).toBeGreaterThanOrEqual(data.usageDaily);
      expect(data.byokUsageDaily).toBe(0);
    } finally {
      await local.close();
    }
  });
});
