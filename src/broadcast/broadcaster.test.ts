import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { sampleGenerationRecord } from '../../test/helpers/sample-generation-record.js';
import { destinationDefaults, type ObservabilityDestination } from '../spec/observability-destination.js';
import type { ControlPlaneStore } from '../storage/control-plane/control-plane-store.js';
import { Broadcaster } from './broadcaster.js';
import { publicAddressFetch } from './public-address-fetch.js';

function destinationAt(url: string, id = 'dest-1'): ObservabilityDestination {
  return {
    ...destinationDefaults,
    regions: [...destinationDefaults.regions],
    id,
    accountId: 'acme',
    workspaceId: 'default',
    type: 'otel-collector',
    name: null,
    url,
    method: 'POST',
    headerNames: [],
    sealedHeaders: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

function controlPlaneWith(destinations: ObservabilityDestination[]): ControlPlaneStore {
  return {
    destinations: { listEnabled: async () => destinations },
    getKey: async () => undefined,
    organization: { getWorkspace: async () => undefined },
  } as unknown as ControlPlaneStore;
}

const record = () => ({ ...sampleGenerationRecord(), account_id: 'acme', key_hash: '' });

describe('the broadcaster', () => {
  it('pauses a destination whose spans it gave up: the next batches skip it (dead-lettered as paused) while the others are delivered, until the pause ends', async () => {
    const calls: string[] = [];
    let now = 1_000_000;
    const metrics = {
      broadcastSpans: new Counter({ name: 'spans', help: 'h', labelNames: ['type', 'outcome'], registers: [] }),
      broadcastDeadLetters: new Counter({ name: 'dead', help: 'h', labelNames: ['type', 'reason'], registers: [] }),
    };
    const broadcaster = new Broadcaster({
      controlPlane: controlPlaneWith([destinationAt('https://down.example/v1/traces', 'down'), destinationAt('https://up.example/v1/traces', 'up')]),
      cipher: null,
      logger: { debug() {}, info() {}, warn() {}, error() {}, flush: async () => {} },
      metrics,
      serviceVersion: 'test',
      retryDelaysMs: [1, 1],
      pauseMs: 60_000,
      now: () => now,
      fetch: (async (input: string) => {
        calls.push(new URL(String(input)).host);
        return new Response('{}', { status: String(input).includes('down') ? 503 : 200 });
      }) as typeof fetch,
    });
    const dead = async (reason: string) => (await metrics.broadcastDeadLetters.get()).values.find((value) => value.labels.reason === reason)?.value ?? 0;
    await broadcaster.deliver([record()]);
    // Three tries to the receiver that is down, one delivery to the other.
    expect(calls.filter((host) => host === 'down.example')).toHaveLength(3);
    expect(await dead('undeliverable')).toBe(1);
    calls.length = 0;
    now += 30_000;
    const started = performance.now();
    await broadcaster.deliver([record(), record()]);
    expect(calls).toEqual(['up.example']);
    expect(await dead('paused')).toBe(2);
    expect(performance.now() - started).toBeLessThan(50);
    // The pause over, it is tried again in full.
    calls.length = 0;
    now += 31_000;
    await broadcaster.deliver([record()]);
    expect(calls.filter((host) => host === 'down.example')).toHaveLength(3);
    expect(await dead('undeliverable')).toBe(2);
  });

  it('gives up at once, without retries, on a destination whose name resolves to a private address, and says why', async () => {
    const received: string[] = [];
    const server = createServer((request, response) => {
      received.push(request.url ?? '');
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const destination = destinationAt(`http://localhost:${port}/v1/traces`);
    const controlPlane = controlPlaneWith([destination]);
    const errors: Record<string, unknown>[] = [];
    const logger = { debug() {}, info() {}, warn() {}, error: (_message: string, fields?: Record<string, unknown>) => void errors.push(fields ?? {}), flush: async () => {} };
    const fetched: string[] = [];
    const guarded = publicAddressFetch();
    const broadcaster = new Broadcaster({
      controlPlane,
      cipher: null,
      logger,
      serviceVersion: 'test',
      retryDelaysMs: [200, 200, 200],
      fetch: ((input: string, init?: RequestInit) => {
        fetched.push(String(input));
        return guarded(input, init);
      }) as typeof fetch,
    });
    try {
      const started = performance.now();
      await broadcaster.deliver([record()]);
      expect(fetched).toHaveLength(1);
      expect(performance.now() - started).toBeLessThan(200);
      expect(received).toEqual([]);
      expect(errors).toHaveLength(1);
      expect(String(errors[0]!.problem)).toMatch(/resolves to (127\.0\.0\.1|::1)/);
    } finally {
      server.close();
    }
  });
});
