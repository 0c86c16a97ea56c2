import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, type FakeResponse } from '../helpers/fake-upstream.js';
import { replay } from '../helpers/format-gateway.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * A provider that answers with too much, or leaks: bodies are read up to a cap (the answer is then
 * abandoned, the connection dropped), an error's raw text is truncated, and anything in it that
 * looks like a credential is hidden before it reaches the client or the log.
 */
const secret = 'sk-proj-THISISTHEPROVIDERKEY0123456789';
let scenario: () => FakeResponse = () => replay.json('openai-compatible', 'openai-chat.json');
const upstream = new FakeUpstream(() => scenario());
let gateway: TestGateway;
const logged: string[] = [];

/** Writes `total` bytes in 64 KiB pieces, noting whether the reader went away first. */
function flood(status: number, total: number, seen: { cut: boolean; written: number }, contentType = 'application/json'): FakeResponse {
  return {
    kind: 'handler',
    handle: async (_request, response) => {
      response.writeHead(status, { 'content-type': contentType });
      const piece = Buffer.alloc(64 * 1024, 'x');
      response.write(contentType === 'text/event-stream' ? 'data: {"choices":[{"delta":{"content":"' : '{"error":{"message":"');
      while (seen.written < total) {
        if (response.destroyed) {
          seen.cut = true;
          return;
        }
        const drained = response.write(piece);
        seen.written += piece.length;
        if (!drained) {
          await new Promise<void>((resolve) => {
            const done = () => {
              response.off('drain', done).off('close', done);
              resolve();
            };
            response.once('drain', done).once('close', done);
          });
        }
      }
      response.end('"}}');
    },
  };
}

beforeAll(async () => {
  await upstream.start();
  gateway = await startTestGateway(
    {
      providers: [
        {
          kind: 'openai-compatible',
          id: 'leaky',
          name: 'Leaky',
          base_url: upstream.url,
          headers: { authorization: `Bearer ${secret}` },
          max_response_bytes: 1024 * 1024,
          models: [{ id: 'openai/gpt-4o-mini', upstream_model: 'gpt-4o-mini' }],
        },
      ],
    },
    {
      logger: {
        debug: () => undefined,
        info: () => undefined,
        warn: (message, fields) => logged.push(JSON.stringify({ message, fields })),
        error: (message, fields) => logged.push(JSON.stringify({ message, fields })),
        flush: async () => undefined,
      },
    },
  );
});
afterAll(async () => {
  await gateway?.close();
  await upstream.stop();
});

const ask = (stream = false) => gateway.call('/api/v1/chat/completions', { json: { model: 'openai/gpt-4o-mini', stream, messages: [{ role: 'user', content: 'hi' }] } });

describe('an upstream that answers with too much', () => {
  it('a 50 MB answer is abandoned past max_response_bytes: 502, the connection dropped, nothing charged', async () => {
    const seen = { cut: false, written: 0 };
    scenario = () => flood(200, 50 * 1024 * 1024, seen);
    const usage = gateway.accountUsageNano('local');
    const response = await ask();
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/larger than 1048576 bytes/);
    for (let waited = 0; !seen.cut && waited < 2_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen.cut).toBe(true);
    expect(seen.written).toBeLessThan(20 * 1024 * 1024);
    expect(gateway.accountUsageNano('local')).toBe(usage);
  });

  it('a 50 MB error body is read up to 64 KiB and relayed truncated', async () => {
    const seen = { cut: false, written: 0 };
    scenario = () => flood(500, 50 * 1024 * 1024, seen);
    const response = await ask();
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(text.length).toBeLessThan(8 * 1024);
    expect(seen.written).toBeLessThan(20 * 1024 * 1024);
  });

  it('a stream event that never ends is cut at 4 MiB: the stream fails cleanly', async () => {
    const seen = { cut: false, written: 0 };
    scenario = () => flood(200, 50 * 1024 * 1024, seen, 'text/event-stream');
    const response = await ask(true);
    const text = await response.text();
    expect(response.status === 502 || /error/.test(text)).toBe(true);
    expect(text.length).toBeLessThan(8 * 1024);
    expect(seen.written).toBeLessThan(20 * 1024 * 1024);
    expect((await ask()).status).toBe(502); // still the flood: and the gateway still answers
    scenario = () => replay.json('openai-compatible', 'openai-chat.json');
    expect((await ask()).status).toBe(200);
  });
});

describe('an upstream that leaks a credential in its error', () => {
  it('hides it from the client and from the log', async () => {
    scenario = () => ({
      kind: 'handler',
      handle: (request, response) => {
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${String(request.headers.authorization).slice(7)}`, sent: request.headers } }));
      },
    });
    logged.length = 0;
    const response = await ask();
    const text = await response.text();
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(text).toMatch(/Incorrect API key provided: \[redacted\]/);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('THISISTHEPROVIDERKEY');
    expect(logged.join('\n')).not.toContain('THISISTHEPROVIDERKEY');
  });
});
