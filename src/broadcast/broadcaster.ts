import type { Counter } from 'prom-client';
import { type ByokCipher, byokBinding } from '../accounts/byok-cipher.js';
import type { Logger } from '../observability/logger.js';
import type { GenerationRecord } from '../spec/generation-record.js';
import type { ObservabilityDestination } from '../spec/observability-destination.js';
import { defaultWorkspaceId } from '../spec/workspace.js';
import type { ControlPlaneStore } from '../storage/control-plane/control-plane-store.js';
import { destinationTakes } from './destination-filter.js';
import { exportTraceRequest, generationSpan } from './generation-spans.js';
import { PrivateAddressError } from './public-address-fetch.js';

export interface BroadcasterOptions {
  controlPlane: ControlPlaneStore;
  /** Opens the destinations' sealed headers (the BYOK cipher); null: destinations with headers are skipped and counted. */
  cipher: ByokCipher | null;
  logger: Logger;
  metrics?: { broadcastSpans: Counter<'type' | 'outcome'>; broadcastDeadLetters: Counter<'type' | 'reason'> };
  serviceVersion: string;
  /** Spans per request (OTLP receivers commonly take a few thousand). */
  batchSize?: number;
  /** Waits between the attempts of one request: its length + 1 attempts in all. */
  retryDelaysMs?: readonly number[];
  /** Each attempt's time limit. */
  timeoutMs?: number;
  /**
   * After a destination's spans are given up as undeliverable, how long it is paused: its spans are
   * dead-lettered at once (reason `paused`) instead of being tried, so a receiver that is down holds
   * the other destinations' spans for one batch's retries, not for every batch. The first batch
   * after the pause is tried in full again.
   */
  pauseMs?: number;
  /** How long the destinations and workspaces' settings are kept before being read again (a change holds within it). */
  cacheMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Where a destination's sealed headers are bound: a ciphertext moved to another row does not open. */
export function destinationHeaderBinding(destination: Pick<ObservabilityDestination, 'accountId' | 'id'>): string {
  return byokBinding(destination.accountId, 'observability-destination', destination.id);
}

/** Whether an HTTP status is worth another attempt: throttled, timed out, or the receiver's own failure. */
const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * Sends finished generations to the accounts' observability destinations, from the process that
 * drains the generation log (never on a request's path). Each destination gets one OTLP/HTTP JSON
 * request per batch of spans; a failed request is tried again after each of `retryDelaysMs`
 * (network errors, timeouts, 408, 429, 5xx), then given up: its spans are counted in
 * `switchboard_broadcast_dead_letters_total` and logged, the destination is paused for `pauseMs`
 * (its spans dead-lettered at once meanwhile), and the log goes on. The caller's cursor
 * moves only after `deliver` returns, so a crash sends a batch again (receivers can tell a repeat
 * by its span id, derived from the generation id).
 */
export class Broadcaster {
  private destinations: { list: ObservabilityDestination[]; readAt: number } | null = null;
  private readonly keyWorkspaces = new Map<string, string>();
  private readonly workspaceBroadcast = new Map<string, { enabled: boolean; readAt: number }>();
  /** Destination id → until when it is paused (ms). */
  private readonly pausedUntil = new Map<string, number>();
  private readonly fetch: typeof fetch;

  constructor(private readonly options: BroadcasterOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private async enabledDestinations(): Promise<ObservabilityDestination[]> {
    const cacheMs = this.options.cacheMs ?? 1_000;
    if (!this.destinations || this.now() - this.destinations.readAt >= cacheMs) {
      this.destinations = { list: await this.options.controlPlane.destinations.listEnabled(), readAt: this.now() };
    }
    return this.destinations.list;
  }

  /** The workspace of a generation's key (a key never changes workspace). */
  private async workspaceOf(record: GenerationRecord): Promise<string> {
    if (!record.key_hash) return defaultWorkspaceId;
    const known = this.keyWorkspaces.get(record.key_hash);
    if (known) return known;
    const key = await this.options.controlPlane.getKey(record.key_hash);
    const workspaceId = key?.workspaceId ?? defaultWorkspaceId;
    if (this.keyWorkspaces.size > 100_000) this.keyWorkspaces.clear();
    this.keyWorkspaces.set(record.key_hash, workspaceId);
    return workspaceId;
  }

  /** Whether the workspace broadcasts at all (is_observability_broadcast_enabled). */
  private async workspaceBroadcasts(accountId: string, workspaceId: string): Promise<boolean> {
    const name = `${accountId}/${workspaceId}`;
    const cached = this.workspaceBroadcast.get(name);
    if (cached && this.now() - cached.readAt < (this.options.cacheMs ?? 1_000)) return cached.enabled;
    const workspace = await this.options.controlPlane.organization.getWorkspace(accountId, workspaceId);
    const enabled = workspace?.isObservabilityBroadcastEnabled ?? true;
    this.workspaceBroadcast.set(name, { enabled, readAt: this.now() });
    return enabled;
  }

  /** Whether any destination is enabled (else the log's consumer need not read its records). */
  async active(): Promise<boolean> {
    return (await this.enabledDestinations()).length > 0;
  }

  /** Sends a batch of finished generations to every destination that takes them; resolves when each was delivered or given up. */
  async deliver(records: readonly GenerationRecord[]): Promise<void> {
    const destinations = await this.enabledDestinations();
    if (destinations.length === 0 || records.length === 0) return;
    const accounts = new Set(destinations.map((destination) => destination.accountId));
    const spans = new Map<ObservabilityDestination, ReturnType<typeof generationSpan>[]>();
    for (const record of records) {
      if (!accounts.has(record.account_id)) continue;
      const workspaceId = await this.workspaceOf(record);
      if (!(await this.workspaceBroadcasts(record.account_id, workspaceId))) continue;
      for (const destination of destinations) {
        if (!destinationTakes(destination, record, workspaceId)) continue;
        const list = spans.get(destination) ?? [];
        list.push(generationSpan(record, destination, workspaceId));
        spans.set(destination, list);
      }
    }
    const batchSize = this.options.batchSize ?? 500;
    await Promise.all(
      [...spans].map(async ([destination, list]) => {
        for (let start = 0; start < list.length; start += batchSize) await this.send(destination, list.slice(start, start + batchSize));
      }),
    );
  }

  private headersOf(destination: ObservabilityDestination): Record<string, string> | null {
    if (destination.sealedHeaders === null) return {};
    if (!this.options.cipher) return null;
    try {
      return JSON.parse(this.options.cipher.open(destination.sealedHeaders, destinationHeaderBinding(destination))) as Record<string, string>;
    } catch {
      return null;
    }
  }

  /** One request's spans to one destination, with retries; never throws. */
  private async send(destination: ObservabilityDestination, spans: ReturnType<typeof generationSpan>[]): Promise<void> {
    const type = destination.type;
    const paused = this.pausedUntil.get(destination.id);
    if (paused !== undefined && this.now() < paused) {
      this.giveUp(destination, spans.length, 'paused', '');
      return;
    }
    const headers = this.headersOf(destination);
    if (headers === null) {
      this.giveUp(destination, spans.length, 'headers_unreadable', 'its headers cannot be opened: byok.encryption_key_env is not set or is another key than the one that sealed them');
      return;
    }
    const body = JSON.stringify(exportTraceRequest(spans, this.options.serviceVersion));
    const delays = this.options.retryDelaysMs ?? [500, 2_000, 8_000];
    let problem = '';
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, delays[attempt - 1]));
      try {
        const response = await this.fetch(destination.url, {
          method: destination.method,
          headers: { ...headers, 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
          redirect: 'error',
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) {
          this.options.metrics?.broadcastSpans.inc({ type, outcome: 'delivered' }, spans.length);
          this.pausedUntil.delete(destination.id);
          return;
        }
        problem = `HTTP ${response.status}`;
        if (!retryable(response.status)) break;
      } catch (error) {
        // fetch says "fetch failed"; what failed is in its cause (a refused private address, a reset …).
        const cause = (error as { cause?: unknown })?.cause;
        problem = String((error as Error)?.message ?? error) + (cause instanceof Error ? `: ${cause.message}` : '');
        // An address this gateway may not send to stays one: no retry.
        if (cause instanceof PrivateAddressError) break;
      }
    }
    const pauseMs = this.options.pauseMs ?? 60_000;
    this.pausedUntil.set(destination.id, this.now() + pauseMs);
    this.giveUp(destination, spans.length, 'undeliverable', `${problem}; paused for ${Math.round(pauseMs / 1000)} s`);
  }

  private giveUp(destination: ObservabilityDestination, count: number, reason: 'undeliverable' | 'headers_unreadable' | 'paused', problem: string): void {
    this.options.metrics?.broadcastSpans.inc({ type: destination.type, outcome: 'dead_lettered' }, count);
    this.options.metrics?.broadcastDeadLetters.inc({ type: destination.type, reason }, count);
    // A paused destination's spans are counted, not logged batch by batch: the pause was logged.
    if (reason === 'paused') return;
    this.options.logger.error('observability destination: spans given up after retries', {
      destination_id: destination.id,
      account_id: destination.accountId,
      type: destination.type,
      spans: count,
      problem: problem.slice(0, 300),
    });
  }
}
