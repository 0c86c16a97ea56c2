import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The benchmark's provider: an OpenAI-compatible /v1/chat/completions that answers at once — a
 * whole JSON completion, or (with "stream": true) an SSE stream of five text chunks, a finish
 * chunk and a usage chunk. Bare node:http, so what is measured is the gateways, not this.
 * Prints "listening <port>" on stdout.
 */

const created = 1_745_770_955;
const usage = { prompt_tokens: 24, completion_tokens: 12, total_tokens: 36, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } };
const whole = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello! This is a benchmark answer of a dozen tokens.', refusal: null }, logprobs: null, finish_reason: 'stop' }],
  usage,
  system_fingerprint: 'fp_bench',
});
const chunk = (delta: Record<string, unknown>, finish: string | null = null, withUsage = false) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created, model: 'gpt-4o-mini-2024-07-18', choices: withUsage ? [] : [{ index: 0, delta, logprobs: null, finish_reason: finish }], usage: withUsage ? usage : null })}\n\n`;
const stream =
  chunk({ role: 'assistant', content: '' }) +
  ['Hello!', ' This is', ' a benchmark', ' answer of', ' a dozen tokens.'].map((text) => chunk({ content: text })).join('') +
  chunk({}, 'stop') +
  chunk({}, null, true) +
  'data: [DONE]\n\n';
const wholeBuffer = Buffer.from(whole);
const streamBuffer = Buffer.from(stream);

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (data: Buffer) => chunks.push(data));
  request.on('end', () => {
    if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    const body = Buffer.concat(chunks).toString('utf8');
    if (/"stream"\s*:\s*true/.test(body)) {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      response.end(streamBuffer);
    } else {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': wholeBuffer.length });
      response.end(wholeBuffer);
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
