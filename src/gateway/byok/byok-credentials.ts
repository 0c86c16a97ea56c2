import { type ByokCipher, byokBinding } from '../../accounts/byok-cipher.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { Logger } from '../../observability/logger.js';
import type { ProviderEndpoint } from '../../providers/provider.js';
import type { ByokKey } from '../../spec/byok-key.js';
import type { Principal } from '../../spec/principal.js';
import type { ControlPlaneStore } from '../../storage/control-plane/control-plane-store.js';

/** A usable BYOK key: its settings and the provider key itself, opened. */
export interface ByokCredential {
  key: ByokKey;
  apiKey: string;
}

interface AccountCredentials {
  usable: ByokCredential[];
  /** Stored keys the current encryption key cannot open (it was changed): never used, and said so. */
  unreadable: ByokKey[];
  loadedAt: number;
}

export interface ByokCredentialsOptions {
  /** How long an account's keys are trusted before they are read again (a change on another node reaches this one within it, or at once over the node bus). */
  ttlMs?: number;
  now?: () => number;
  /** Tells the other nodes an account's BYOK keys changed here. */
  announce?: (accountId: string) => void;
  logger?: Logger;
}

/**
 * The accounts' own provider keys as routing uses them: sealed and opened with the operator's
 * encryption key (none configured: BYOK is off and its API answers 503 byok_unavailable), read per
 * account and kept a few seconds, forgotten at once when changed here or on another node.
 */
export class ByokCredentials {
  private readonly cache = new Map<string, AccountCredentials>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: ControlPlaneStore,
    private readonly cipher: ByokCipher | null,
    private readonly options: ByokCredentialsOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.cipher !== null;
  }

  private required(): ByokCipher {
    if (!this.cipher) throw new GatewayError('byok_unavailable', 'Bring-your-own-key is not set up on this gateway: its operator sets byok.encryption_key_env (a 32-byte key)');
    return this.cipher;
  }

  /** A provider key sealed for its row. */
  seal(accountId: string, provider: string, id: string, plaintext: string): string {
    return this.required().seal(plaintext, byokBinding(accountId, provider, id));
  }

  /** Forgets an account's keys here and tells the other nodes (after a change through this node). */
  changed(accountId: string): void {
    this.forget(accountId);
    this.options.announce?.(accountId);
  }

  forget(accountId?: string): void {
    if (accountId === undefined) this.cache.clear();
    else this.cache.delete(accountId);
  }

  private async load(accountId: string): Promise<AccountCredentials> {
    const cached = this.cache.get(accountId);
    if (cached && this.now() - cached.loadedAt < this.ttlMs) return cached;
    const keys = this.cipher ? await this.store.listByokKeys(accountId) : [];
    const usable: ByokCredential[] = [];
    const unreadable: ByokKey[] = [];
    for (const key of keys) {
      if (key.disabled) continue;
      try {
        usable.push({ key, apiKey: this.cipher!.open(key.encryptedKey, byokBinding(key.accountId, key.provider, key.id)) });
      } catch {
        unreadable.push(key);
        this.options.logger?.error('a BYOK key cannot be opened with the current encryption key; it is not used until stored again', {
          account_id: accountId,
          byok_key_id: key.id,
          provider: key.provider,
        });
      }
    }
    const loaded = { usable, unreadable, loadedAt: this.now() };
    this.cache.set(accountId, loaded);
    if (this.cache.size > 100_000) this.cache.delete(this.cache.keys().next().value!);
    return loaded;
  }

  /**
   * The route's endpoints with the account's own keys in place, as OpenRouter orders them: each
   * endpoint whose provider the account has a usable key for is tried with that key first (several
   * keys by sort order), then with the gateway's key — or the gateway's first when every key there
   * is a fallback, or the account's keys alone when one of them is BYOK-only or required. A key
   * limited to models, API keys or end users serves only those.
   */
  async route(endpoints: readonly ProviderEndpoint[], auth: Principal, endUser: string | undefined): Promise<ProviderEndpoint[]> {
    if (!this.cipher) return [...endpoints];
    const { usable, unreadable } = await this.load(auth.account.id);
    if (usable.length === 0 && unreadable.length === 0) return [...endpoints];
    const applies = (key: ByokKey, endpoint: ProviderEndpoint) =>
      key.provider === endpoint.providerId &&
      (key.allowedModels === null || key.allowedModels.includes(endpoint.model.id)) &&
      (key.allowedApiKeyHashes === null || (auth.key !== null && key.allowedApiKeyHashes.includes(auth.key.hash))) &&
      (key.allowedUserIds === null || (endUser !== undefined && key.allowedUserIds.includes(endUser)));
    const routed: ProviderEndpoint[] = [];
    for (const endpoint of endpoints) {
      const own = usable.filter((credential) => applies(credential.key, endpoint));
      const exclusive = [...own.map((credential) => credential.key), ...unreadable.filter((key) => applies(key, endpoint))].some((key) => key.isByokOnly || key.isRequired);
      const withKeys = own.map((credential) => ({
        ...endpoint,
        id: `${endpoint.id}#byok-${credential.key.id}`,
        credential: { apiKey: credential.apiKey, byokKeyId: credential.key.id },
      }));
      if (exclusive) routed.push(...withKeys);
      else if (own.length > 0 && own.every((credential) => credential.key.isFallback)) routed.push(endpoint, ...withKeys);
      else routed.push(...withKeys, endpoint);
    }
    if (routed.length === 0) {
      throw new GatewayError(
        unreadable.length > 0 ? 'byok_unavailable' : 'no_provider_available',
        unreadable.length > 0
          ? "This account's provider key for this model must be used (BYOK only) but cannot be read with the gateway's current encryption key: store it again"
          : "This account's BYOK settings leave no provider for this request (a key is BYOK-only but limited to other models, API keys or users)",
      );
    }
    return routed;
  }
}
