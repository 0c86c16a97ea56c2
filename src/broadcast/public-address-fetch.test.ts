import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PrivateAddressError, publicAddressFetch, publicOnlyLookup } from './public-address-fetch.js';

describe('sending only to public addresses', () => {
  it('refuses a name that resolves to this machine, as the connection is made, and sends nothing', async () => {
    const received: string[] = [];
    const server = createServer((request, response) => {
      received.push(request.url ?? '');
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      // A name, not a literal address: what a saved destination's check cannot see.
      const failure = await publicAddressFetch()(`http://localhost:${port}/v1/traces`, { method: 'POST', body: '{}' }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(Error);
      expect(String((failure as Error & { cause?: unknown }).cause)).toMatch(/resolves to 127\.0\.0\.1|resolves to ::1/);
      expect(received).toEqual([]);
      // The same server is reached by an ordinary fetch: it was the lookup that refused.
      expect(await (await fetch(`http://127.0.0.1:${port}/v1/traces`)).text()).toBe('ok');
    } finally {
      server.close();
    }
  });

  it('answers a lookup with the addresses when none is private, and an error naming the address when one is', async () => {
    const outcome = await new Promise<{ error: unknown }>((resolve) => publicOnlyLookup('localhost', { all: true }, (error) => resolve({ error })));
    expect(outcome.error).toBeInstanceOf(PrivateAddressError);
    // A public literal address resolves to itself, without DNS.
    const literal = await new Promise<{ error: unknown; address: unknown }>((resolve) => publicOnlyLookup('8.8.8.8', {}, (error, address) => resolve({ error, address })));
    expect(literal).toEqual({ error: null, address: '8.8.8.8' });
  });
});
