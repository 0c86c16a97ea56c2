import { describe, expect, it } from 'vitest';
import { HttpExchange } from '../http/http-exchange.js';
import { InProcessResponse, inboundFromRequest } from '../http/in-process-transport.js';
import { hostNameOf, isLoopbackAddress, isLoopbackHostName, notLocalBecause } from './local-development.js';
import { readCredentials } from './read-credentials.js';

function exchange(headers: Record<string, string>, remoteAddress = '127.0.0.1'): HttpExchange {
  const request = new Request('http://127.0.0.1:8080/api/v1/credits', { headers });
  return new HttpExchange(inboundFromRequest(request, remoteAddress), new InProcessResponse(), { maxBodyBytes: 1024, bodyTimeoutMs: 1000 });
}

describe('local development: what counts as this machine', () => {
  it('knows loopback addresses and names, with ports and brackets', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of ['10.0.0.1', '::ffff:10.0.0.1', '', undefined]) expect(isLoopbackAddress(address), String(address)).toBe(false);
    expect(hostNameOf('LocalHost:8080')).toBe('localhost');
    expect(hostNameOf('[::1]:8080')).toBe('::1');
    for (const name of ['localhost', 'app.localhost', '127.0.0.1', '::1']) expect(isLoopbackHostName(name), name).toBe(true);
    for (const name of ['evil.example', 'localhost.evil.example', '127.0.0.1.nip.io', '1270.0.0.1']) expect(isLoopbackHostName(name), name).toBe(false);
  });

  it('admits a plain local request and names the reason for every other', () => {
    expect(notLocalBecause(exchange({}))).toBeNull();
    expect(notLocalBecause(exchange({ origin: 'http://localhost:5173' }))).toBeNull();
    expect(notLocalBecause(exchange({}, '192.0.2.1'))).toMatch(/came from 192\.0\.2\.1/);
    expect(notLocalBecause(exchange({ via: '1.1 proxy' }))).toMatch(/proxy \(via header\)/);
    expect(notLocalBecause(exchange({ 'x-forwarded-host': 'api.example.com' }))).toMatch(/proxy/);
    expect(notLocalBecause(exchange({ host: 'rebound.example:8080' }))).toMatch(/not a loopback name/);
    expect(notLocalBecause(exchange({ origin: 'https://evil.example' }))).toMatch(/another site's page/);
    expect(notLocalBecause(exchange({ origin: 'not a url' }))).toMatch(/another site's page/);
    expect(notLocalBecause(exchange({ 'sec-fetch-site': 'cross-site' }))).toMatch(/Sec-Fetch-Site/);
  });
});

describe('readCredentials', () => {
  it('reads a Switchboard key from Authorization or x-api-key, and nothing when neither is sent', () => {
    expect(readCredentials(exchange({}))).toBeNull();
    expect(readCredentials(exchange({ authorization: 'Bearer sk-sb-v1-abc' }))).toBe('sk-sb-v1-abc');
    expect(readCredentials(exchange({ authorization: 'bearer   sk-sb-v1-abc  ' }))).toBe('sk-sb-v1-abc');
    expect(readCredentials(exchange({ 'x-api-key': 'sk-sb-v1-xyz' }))).toBe('sk-sb-v1-xyz');
  });

  it('refuses any other credential, and never shows more than a key’s prefix', () => {
    for (const headers of [
      { authorization: 'Bearer sk-or-v1-0123456789abcdef' },
      { authorization: 'Bearer' },
      { authorization: 'Token sk-sb-v1-abc' },
      { 'x-api-key': 'sk-ant-api03-secretsecret' },
    ] as Record<string, string>[]) {
      let message = '';
      try {
        readCredentials(exchange(headers));
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, JSON.stringify(headers)).toMatch(/Invalid API key|Malformed Authorization/);
      expect(message).not.toMatch(/0123456789abcdef|secretsecret/);
    }
  });
});
