import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../helpers/raw-http.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * Access control as an attacker would try it: local development (key-less requests as the local
 * account) must hold only for requests from this machine that name it — never through a reverse
 * proxy, for a DNS-rebound Host, or from another site's page — and every other door needs its key.
 */
const chat = JSON.stringify({ model: 'openai/gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
const json = { 'content-type': 'application/json' };

let gateway: TestGateway;
let proxy: Server;
let proxyUrl: string;
let apiKey: string;
let managementKey: string;

/** A reverse proxy on loopback, configured as nginx usually is: Host passed on, X-Real-IP and X-Forwarded-For added. */
function startProxy(target: string): Promise<Server> {
  const upstream = new URL(target);
  const server = createServer((incoming, outgoing) => {
    const headers = { ...incoming.headers, 'x-real-ip': '203.0.113.7', 'x-forwarded-for': '203.0.113.7' };
    const relay = forward({ host: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    relay.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(relay);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  gateway = await startTestGateway({ auth: { anonymous: true } });
  apiKey = (await gateway.createKey('local')).key;
  managementKey = (await gateway.createKey('local', { management: true })).key;
  proxy = await startProxy(gateway.url);
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  proxy?.close();
  await gateway?.close();
});

describe('local development (auth.anonymous) on loopback', () => {
  it('serves a key-less request from this machine that names it', async () => {
    const answer = await rawRequest(`${gateway.url}/api/v1/chat/completions`, { headers: json, body: chat });
    expect(answer.status).toBe(200);
  });

  it('refuses key-less requests through a reverse proxy: 401 for inference, credits and metrics; keys still work', async () => {
    const inference = await rawRequest(`${proxyUrl}/api/v1/chat/completions`, { headers: json, body: chat });
    expect(inference.status).toBe(401);
    expect(inference.body).toMatch(/through a proxy \(x-forwarded-for header\)/);
    expect((await rawRequest(`${proxyUrl}/api/v1/credits`)).status).toBe(401);
    expect((await rawRequest(`${proxyUrl}/api/v1/key`)).status).toBe(401);
    expect((await rawRequest(`${proxyUrl}/metrics`)).status).toBe(401);
    expect((await rawRequest(`${proxyUrl}/api/v1/study/analyses`)).status).toBe(401);
    const keyed = await rawRequest(`${proxyUrl}/api/v1/chat/completions`, { headers: { ...json, authorization: `Bearer ${apiKey}` }, body: chat });
    expect(keyed.status).toBe(200);
    // Public routes stay public.
    expect((await rawRequest(`${proxyUrl}/api/v1/models/count`)).status).toBe(200);
  });

  it('refuses each proxy header on its own (Forwarded, X-Forwarded-For, X-Real-IP)', async () => {
    for (const header of [{ forwarded: 'for=203.0.113.7' }, { 'x-forwarded-for': '203.0.113.7' }, { 'x-real-ip': '203.0.113.7' }] as Record<string, string>[]) {
      expect((await rawRequest(`${gateway.url}/api/v1/credits`, { headers: header })).status, JSON.stringify(header)).toBe(401);
    }
  });

  it('refuses a non-loopback Host (DNS rebinding)', async () => {
    const rebound = await rawRequest(`${gateway.url}/api/v1/chat/completions`, { headers: { ...json, host: 'evil.example' }, body: chat });
    expect(rebound.status).toBe(401);
    expect(rebound.body).toMatch(/Host \(evil\.example\) is not a loopback name/);
    expect((await rawRequest(`${gateway.url}/api/v1/credits`, { headers: { host: 'localhost:8080' } })).status).toBe(200);
  });

  it("refuses another site's page (a text/plain POST with a foreign Origin: blind CSRF)", async () => {
    const csrf = await rawRequest(`${gateway.url}/api/v1/chat/completions`, { headers: { 'content-type': 'text/plain', origin: 'https://evil.example' }, body: chat });
    expect(csrf.status).toBe(401);
    expect((await rawRequest(`${gateway.url}/api/v1/credits`, { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(401);
    expect((await rawRequest(`${gateway.url}/api/v1/credits`, { headers: { origin: 'null' } })).status).toBe(401);
    const local = await rawRequest(`${gateway.url}/api/v1/chat/completions`, { headers: { 'content-type': 'text/plain', origin: 'http://localhost:5173' }, body: chat });
    expect(local.status).toBe(200);
  });
});

describe('keys', () => {
  it('a key of the wrong format is 401, never anonymous', async () => {
    for (const headers of [
      { authorization: 'Bearer sk-or-v1-0123456789abcdef0123456789abcdef' },
      { authorization: 'Bearer ' },
      { authorization: 'Basic dXNlcjpwYXNz' },
      { 'x-api-key': 'sk-ant-api03-0123456789' },
      { authorization: 'Bearer local' },
    ] as Record<string, string>[]) {
      const answer = await rawRequest(`${gateway.url}/api/v1/chat/completions`, { headers: { ...json, ...headers }, body: chat });
      expect(answer.status, JSON.stringify(headers)).toBe(401);
    }
    expect((await rawRequest(`${gateway.url}/api/v1/credits`, { headers: { authorization: 'Bearer sk-or-v1-abc' } })).status).toBe(401);
  });

  it('x-api-key works wherever Authorization does (embeddings included)', async () => {
    const answer = await rawRequest(`${gateway.url}/api/v1/embeddings`, { headers: { ...json, 'x-api-key': apiKey }, body: JSON.stringify({ model: 'openai/text-embedding-3-small', input: 'hi' }) });
    expect(answer.status).toBe(200);
  });

  it('/analytics needs a management key: key-less 401, API key 403, management key 200', async () => {
    expect((await rawRequest(`${gateway.url}/api/v1/study/analyses`)).status).toBe(401);
    expect((await rawRequest(`${gateway.url}/api/v1/study/analyses`, { headers: { authorization: `Bearer ${apiKey}` } })).status).toBe(403);
    expect((await rawRequest(`${gateway.url}/api/v1/study/analyses`, { headers: { authorization: `Bearer ${managementKey}` } })).status).toBe(200);
  });
});
