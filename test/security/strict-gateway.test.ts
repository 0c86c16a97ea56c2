import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../helpers/raw-http.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * A gateway as deployed: local development off (the default), /metrics behind its token, the hosts
 * it serves named, and the connection limits of server.* — a slow-loris client, a flood of
 * connections, a keep-alive connection used forever.
 */
const chat = JSON.stringify({ model: 'openai/gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
const json = { 'content-type': 'application/json' };
const metricsToken = 'metrics-token-0123456789abcdef';
let strict: TestGateway;

beforeAll(async () => {
  strict = await startTestGateway({
    auth: { anonymous: false },
    metrics: { token: metricsToken, port: 0 },
    server: { allowed_hosts: ['127.0.0.1', '.switchboard.test'], headers_timeout_ms: 500, max_connections: 6, max_requests_per_socket: 2 },
  });
});
afterAll(async () => {
  await strict?.close();
});

function openSocket(url: string): Promise<Socket> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(target.port), target.hostname, () => resolve(socket));
    socket.on('error', reject);
  });
}

/** Resolves with what the server sent once it closes the socket (or after `limitMs`, with null). */
function closedWithin(socket: Socket, limitMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString();
    });
    const timer = setTimeout(() => resolve(null), limitMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
  });
}

describe('access', () => {
  it('needs a key even from this machine', async () => {
    const answer = await rawRequest(`${strict.url}/api/v1/chat/completions`, { headers: json, body: chat });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatch(/No auth credentials found/);
  });

  it('serves /metrics only with its bearer token', async () => {
    expect((await rawRequest(`${strict.url}/metrics`)).status).toBe(401);
    expect((await rawRequest(`${strict.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789abcd' } })).status).toBe(401);
    const scraped = await rawRequest(`${strict.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(scraped.status).toBe(200);
    expect(scraped.body).toMatch(/switchboard_requests_total/);
  });

  it('also serves /metrics with no token on a loopback listener of its own (metrics.port), and nothing else there', async () => {
    expect(strict.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const scraped = await rawRequest(strict.metricsUrl!);
    expect(scraped.status).toBe(200);
    expect(scraped.body).toMatch(/switchboard_requests_total/);
    expect((await rawRequest(strict.metricsUrl!.replace(/\/metrics$/, '/api/v1/credits'))).status).toBe(404);
  });

  it('answers 421 for a Host outside server.allowed_hosts', async () => {
    expect((await rawRequest(`${strict.url}/api/v1/models/count`, { headers: { host: 'evil.example' } })).status).toBe(421);
    expect((await rawRequest(`${strict.url}/api/v1/models/count`, { headers: { host: 'api.switchboard.test' } })).status).toBe(200);
  });
});

describe('connections', () => {
  it('closes a connection that sends half a request head (headers_timeout_ms)', async () => {
    const socket = await openSocket(strict.url);
    socket.write('POST /api/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: app');
    const received = await closedWithin(socket, 5_000);
    expect(received).not.toBeNull();
    expect(received).toMatch(/^HTTP\/1\.1 408|^$/);
    expect((await rawRequest(`${strict.url}/health`)).status).toBe(200);
  });

  it('refuses connections past max_connections, and serves again once they close', async () => {
    const sockets: Socket[] = [];
    try {
      for (let index = 0; index < 6; index++) sockets.push(await openSocket(strict.url));
      const extra = await openSocket(strict.url);
      sockets.push(extra);
      extra.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      const received = await closedWithin(extra, 3_000);
      expect(received).toBe('');
    } finally {
      for (const socket of sockets) socket.destroy();
    }
    await sleep(100);
    expect((await rawRequest(`${strict.url}/health`)).status).toBe(200);
  });

  it('ends a keep-alive connection after max_requests_per_socket requests (Connection: close, then 503)', async () => {
    const socket = await openSocket(strict.url);
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
    });
    for (let index = 0; index < 3; index++) socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    for (let waited = 0; (text.match(/HTTP\/1\.1 /g)?.length ?? 0) < 3 && waited < 3_000; waited += 20) await sleep(20);
    socket.destroy();
    const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((match) => match[1]);
    expect(statuses).toEqual(['200', '200', '503']);
    expect(text.split('HTTP/1.1 ')[2]).toMatch(/Connection: close/i);
  });
});
