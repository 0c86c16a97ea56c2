/**
 * An account's own key for a provider (bring your own key): requests of the account that reach
 * that provider are sent with it and paid to the provider by the account, not from its credits.
 * Only its ciphertext is stored (accounts/byok-cipher.ts); `label` is a masked hint.
 */
export interface ByokKey {
  id: string;
  accountId: string;
  /** The provider's id in this gateway's configuration (`providers[].id`). */
  provider: string;
  name: string | null;
  /** The key masked: its first characters and last four (`sk-…a1b2`). */
  label: string;
  /** `v1.<nonce>.<ciphertext>`: AES-256-GCM under the gateway's BYOK encryption key. */
  encryptedKey: string;
  disabled: boolean;
  /** Only this key for the provider: never the gateway's own key as a fallback. */
  isByokOnly: boolean;
  /** The gateway's own key first, this one when that fails. */
  isFallback: boolean;
  /** Requests to the provider must use a BYOK key (as isByokOnly). */
  isRequired: boolean;
  /** Models it may serve (null: all). */
  allowedModels: string[] | null;
  /** API keys (hashes) whose requests may use it (null: all of the account's). */
  allowedApiKeyHashes: string[] | null;
  /** End users (the request's `user`) it may serve (null: all). */
  allowedUserIds: string[] | null;
  declaredZdr: boolean | null;
  /** Among several keys for one provider, lower first. */
  sortOrder: number;
  createdAt: string;
  updatedAt: string;
}

export type ByokKeyPatch = Partial<
  Pick<ByokKey, 'name' | 'disabled' | 'isByokOnly' | 'isFallback' | 'isRequired' | 'allowedModels' | 'allowedApiKeyHashes' | 'allowedUserIds' | 'declaredZdr' | 'sortOrder'>
> & {
  /** A new key: its ciphertext and label. */
  encryptedKey?: string;
  label?: string;
};

/** A new BYOK key's settings before the caller's: enabled, tried first, for every model, key and user. */
export const byokKeyDefaults = {
  name: null,
  disabled: false,
  isByokOnly: false,
  isFallback: false,
  isRequired: false,
  allowedModels: null,
  allowedApiKeyHashes: null,
  allowedUserIds: null,
  declaredZdr: null,
  sortOrder: 0,
} as const satisfies Partial<ByokKey>;
