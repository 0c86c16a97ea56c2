import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { toNanoDollars } from '../../src/accounting/pricing.js';
import { ClickHouseGenerationStore } from '../../src/storage/generation-log/clickhouse-generation-store.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { LimitReset } from '../../src/spec/limit-period.js';
import { silentLogger, type Logger } from '../../src/observability/logger.js';
import { createGateway } from '../../src/gateway/create-gateway.js';
import { startSwitchboard, type StartOptions, type SwitchboardInstance } from '../../src/server/start-switchboard.js';

export interface TestGateway extends SwitchboardInstance {
  dataDirectory: string;
  /** An API key of the built-in local account, for clients that always send one (the official SDKs). */
  localKey: string;
  /**
   * A request to the gateway, path relative to its base URL: in-process through its lifecycle
   * (createGateway(…).fetch, no socket) unless `overSocket` is set (or `GATEWAY_TESTS_OVER_SOCKET`).
   */
  call(path: string, init?: RequestInit & { json?: unknown; key?: string; overSocket?: boolean }): Promise<Response>;
  createAccount(id: string, creditsUsd: number, country?: string): Promise<void>;
  createKey(
    accountId: string,
    options?: { management?: boolean; limitUsd?: number; limitNano?: number; limitReset?: LimitReset; name?: string; requestsPerMinute?: number; tokensPerMinute?: number },
  ): Promise<{ key: string; hash: string }>;
  /** The store's ClickHouse client (the engine runs in the test's process: generation_log.engine_process gateway). */
  storeClient(): ClickHouseClient;
  /** Delivers everything queued to the store and the control plane, then counts stored records. */
  storedRecords(): Promise<number>;
  accountUsageNano(accountId: string): number;
}

export interface TestGatewayOptions {
  /** Start on this data directory (a restart, or one prepared by the test) instead of a fresh one. */
  dataDirectory?: string;
  logger?: Logger;
  queueFileSystem?: StartOptions['queueFileSystem'];
  /** The environment the gateway reads secrets from (empty by default). */
  environment?: NodeJS.ProcessEnv;
}

/**
 * A real gateway on a loopback port (port 0) with a fresh data directory, the simulator answering
 * at once (time_scale 0) and logs silenced. `config` is merged over those defaults.
 */
export async function startTestGateway(config: Record<string, unknown> = {}, options: TestGatewayOptions = {}): Promise<TestGateway> {
  const dataDirectory = options.dataDirectory ?? mkdtempSync(join(tmpdir(), 'switchboard-test-'));
  const defaults = {
    data_dir: dataDirectory,
    server: { port: 0 },
    logging: { level: 'silent', requests: false },
    providers: [{ kind: 'simulator', time_scale: 0, extra_endpoints: [] }],
    // The engine in the test's own process: tests read the store directly (its client).
    generation_log: { flush_interval_ms: 50, engine_process: 'gateway' },
    // Local development: most tests call without a key, from this machine (test/security covers the rest).
    auth: { anonymous: true },
  };
  const merged = {
    ...defaults,
    ...config,
    server: { ...defaults.server, ...(config.server as object) },
    generation_log: { ...defaults.generation_log, ...(config.generation_log as object) },
    auth: { ...defaults.auth, ...(config.auth as object) },
  };
  const instance = await startSwitchboard(loadConfig({ environment: {}, overrides: merged }), {
    logger: options.logger ?? silentLogger,
    environment: options.environment ?? {},
    processMetrics: false,
    ...(options.queueFileSystem ? { queueFileSystem: options.queueFileSystem } : {}),
  });
  const { services } = instance;
  const inProcess = createGateway(services);
  const localKey = (await services.accounts.createKey({ accountId: 'local', name: 'local test key', isManagement: false, limitNano: null, limitReset: null })).key;
  return {
    ...instance,
    dataDirectory,
    localKey,
    call: (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (init.key) headers.set('authorization', `Bearer ${init.key}`);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      const { overSocket, json: _json, key: _key, ...rest } = init;
      const request = new Request(`${instance.url}${path}`, { ...rest, headers, body: body ?? null, method: init.method ?? (init.json !== undefined ? 'POST' : 'GET') });
      return overSocket || process.env.GATEWAY_TESTS_OVER_SOCKET ? fetch(request) : inProcess.fetch(request);
    },
    createAccount: async (id, creditsUsd, country) => {
      await services.controlPlane.createAccount({ id, name: id, billingCountry: country ?? null });
      if (creditsUsd > 0) await services.controlPlane.addCredits(id, toNanoDollars(creditsUsd), 'purchase');
    },
    createKey: async (accountId, options = {}) => {
      const created = await services.accounts.createKey({
        accountId,
        name: options.name ?? 'test key',
        isManagement: options.management ?? false,
        limitNano: options.limitNano ?? (options.limitUsd === undefined ? null : toNanoDollars(options.limitUsd)),
        limitReset: options.limitReset ?? null,
        requestsPerMinute: options.requestsPerMinute ?? null,
        tokensPerMinute: options.tokensPerMinute ?? null,
      });
      return { key: created.key, hash: created.record.hash };
    },
    storeClient: () => {
      if (!(instance.generationStore instanceof ClickHouseGenerationStore)) throw new Error('the store runs in a process of its own: no client here');
      return instance.generationStore.client;
    },
    storedRecords: async () => {
      await instance.writer.drain();
      return (await instance.generationStore.count()).rows;
    },
    accountUsageNano: (accountId) => instance.ledger!.accountBalance(accountId)?.usageNano ?? 0,
  };
}
