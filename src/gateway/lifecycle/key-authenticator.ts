import type { Principal } from '../../spec/principal.js';
import { localAccountId } from '../../accounts/account-directory.js';
import { apiKeyPrefix, hashApiKey } from '../../accounts/api-key-secret.js';
import type { SharedLimits } from '../../limits/shared-limits.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { ControlPlaneStore } from '../../storage/control-plane/control-plane-store.js';

export interface AuthenticatorOptions {
  /** Local development: key-less requests from this machine run as the local account (auth.anonymous). */
  anonymous: boolean;
  /** How long a looked-up key (and its account's credits) is trusted before it is read again. */
  cacheTtlMs?: number;
  now?: () => number;
  /** Tells the other gateway nodes that a key changed here (the node bus), so they forget it too. */
  announce?: (hash: string) => void;
}

interface CachedKey {
  context: Principal | null;
  loadedAt: number;
}

/**
 * Turns a Switchboard key into an account and key. Keys are looked up by their SHA-256 hash;
 * a found key (or a miss) is cached for a few seconds, so revocations and new credits reach a
 * running gateway within that time without a database read on every request.
 */
export class KeyAuthenticator {
  private readonly cache = new Map<string, CachedKey>();
  /** Key → its SHA-256, for keys seen lately: a hash per request is a measurable part of the request's cost. */
  private readonly hashes = new Map<string, string>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: ControlPlaneStore,
    private readonly limits: SharedLimits,
    private readonly options: AuthenticatorOptions,
  ) {
    this.ttlMs = options.cacheTtlMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  /** Whether local development is on: key-less requests from this machine run as the local account. */
  get allowsAnonymous(): boolean {
    return this.options.anonymous;
  }

  /** The principal of a key (readCredentials checked its format); 401 when it is unknown, disabled or expired. */
  async authenticate(token: string): Promise<Principal> {
    if (!token.startsWith(apiKeyPrefix)) throw new GatewayError('unauthorized', `Invalid API key: Switchboard keys start with ${apiKeyPrefix}`);
    let hash = this.hashes.get(token);
    if (hash === undefined) {
      hash = hashApiKey(token);
      if (this.hashes.size >= 10_000) this.hashes.clear();
      this.hashes.set(token, hash);
    }
    return this.authenticateHash(hash);
  }

  /** The principal of a key known by its hash (a dashboard session); 401 when it is unknown, disabled or expired. */
  async authenticateHash(hash: string): Promise<Principal> {
    const context = await this.lookup(hash);
    if (!context) throw new GatewayError('unauthorized', 'Invalid API key: no such key');
    const key = context.key!;
    if (key.disabled) throw new GatewayError('unauthorized', 'This API key is disabled');
    if (key.expiresAt && Date.parse(key.expiresAt) <= this.now()) throw new GatewayError('unauthorized', `This API key expired at ${key.expiresAt}`);
    return context;
  }

  /** The local account, for a key-less request the caller has found local (see notLocalBecause). */
  async localDevelopment(): Promise<Principal> {
    if (!this.options.anonymous) throw new GatewayError('unauthorized', 'No auth credentials found: send Authorization: Bearer sk-sb-v1-…');
    const context = await this.lookup(`anonymous:${localAccountId}`, async () => {
      const account = await this.store.getAccount(localAccountId);
      return account ? { account, key: null } : null;
    });
    if (!context) throw new GatewayError('unauthorized', 'No auth credentials found and the local account does not exist');
    return context;
  }

  /** Counts forgets: a read that began before one is not cached. */
  private epoch = 0;
  /** Lookups under way: a burst of requests with one key reads it once, not once each. */
  private readonly loading = new Map<string, Promise<Principal | null>>();

  private lookup(cacheKey: string, load?: () => Promise<Principal | null>): Promise<Principal | null> {
    const cached = this.cache.get(cacheKey);
    if (cached && this.now() - cached.loadedAt < this.ttlMs) return Promise.resolve(cached.context);
    const under = this.loading.get(cacheKey);
    if (under) return under;
    const loading = this.read(cacheKey, load).finally(() => this.loading.delete(cacheKey));
    this.loading.set(cacheKey, loading);
    return loading;
  }

  private async read(cacheKey: string, load?: () => Promise<Principal | null>): Promise<Principal | null> {
    const epoch = this.epoch;
    const context = load ? await load() : await this.loadKey(cacheKey);
    if (context) {
      await this.limits.load(context.account, context.key);
    }
    // A key forgotten while it was being read may have been read as it was before the change: not kept.
    if (epoch === this.epoch) this.cache.set(cacheKey, { context, loadedAt: this.now() });
    if (this.cache.size > 100_000) this.cache.delete(this.cache.keys().next().value!);
    return context;
  }

  private async loadKey(hash: string): Promise<Principal | null> {
    const stored = await this.store.getKey(hash);
    if (!stored) return null;
    // The key's guardrails, its creator's and its workspace's budgets come with it: the limits and
    // the route hold it to them on every request.
    const organization = this.store.organization;
    const [account, guardrails, memberGuardrails, workspace, workspaceBudgets] = await Promise.all([
      this.store.getAccount(stored.accountId),
      this.store.guardrailsForKey(hash),
      stored.creatorUserId === null ? [] : organization.guardrailsForMember(stored.creatorUserId),
      organization.getWorkspace(stored.accountId, stored.workspaceId),
      organization.listWorkspaceBudgets(stored.accountId, stored.workspaceId),
    ]);
    return account ? { account, key: { ...stored, guardrails, memberGuardrails, workspace, workspaceBudgets } } : null;
  }

  /** Forgets cached keys after a key is changed through this process, and tells the other nodes. */
  invalidate(hash?: string): void {
    this.forget(hash);
    this.options.announce?.(hash ?? '*');
  }

  /** Forgets a cached key (`*`: every key): it changed here or on another node. */
  forget(hash?: string): void {
    this.epoch++;
    if (hash && hash !== '*') {
      this.cache.delete(hash);
      this.loading.delete(hash);
    } else {
      this.cache.clear();
      this.loading.clear();
    }
  }
}
