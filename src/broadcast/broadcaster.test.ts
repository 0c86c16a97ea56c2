import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { sampleGenerationRecord } from '../../test/helpers/sample-generation-record.js';
import type { ObservabilityDestination } from '../spec/observability-destination.js';
import type { ControlPlaneStore } from '../storage/control-plane/control-plane-store.js';
import { Broadcaster } from './broadcaster.js';
import { publicAddressFetch } from './public-address-fetch.js';

describe('the broadcaster', () => {
  it('gives up at once, without retries, on a destination whose name resolves to a private address, and says why', async () => {
    const received: string[] = [];
    const server = createServer((request, response) => {
      received.push(request.url ?? '');
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const destination: ObservabilityDestination = {
      id: 'dest-1',
      accountId: 'acme',
      workspaceId: 'default',
      type: 'otel-collector',
      name: null,
      enabled: true,
      url: `http://localhost:${port}/v1/traces`,
      method: 'POST',
      headerNames: [],
      sealedHeaders: null,
      apiKeyHashes: null,
      samplingRate: 1,
      privacyMode: false,
      includeCost: false,
      includeIdentity: false,
      includeRequestContext: false,
      filterRules: null,
      regions: ['global'],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const controlPlane = {
      destinations: { listEnabled: async () => [destination] },
      getKey: async () => undefined,
      organization: { getWorkspace: async () => undefined },
    } as unknown as ControlPlaneStore;
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
      await broadcaster.deliver([{ ...sampleGenerationRecord(), account_id: 'acme', key_hash: '' }]);
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
