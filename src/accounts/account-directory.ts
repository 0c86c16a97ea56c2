import type { Account, ApiKey } from '../spec/account.js';
import type { ControlPlaneStore, CreateKeyInput } from '../storage/control-plane/control-plane-store.js';
import { generateApiKey, hashApiKey, labelApiKey } from './api-key-secret.js';

export const localAccountId = 'local';

export interface NewKey {
  /** The plaintext key: returned once, never stored. */
  key: string;
  record: ApiKey;
}

/** Account and key operations shared by the HTTP management API and the CLI. */
export class AccountDirectory {
  constructor(readonly store: ControlPlaneStore) {}

  /** Creates the built-in local account (used for anonymous loopback requests) with its starting credits. */
  async ensureLocalAccount(creditsNano: number, billingCountry: string | null): Promise<Account> {
    const existing = await this.store.getAccount(localAccountId);
    if (existing) return existing;
    await this.store.createAccount({ id: localAccountId, name: 'Local', billingCountry });
    return creditsNano > 0 ? this.store.addCredits(localAccountId, creditsNano, 'grant', 'starting credits of the local account') : (await this.store.getAccount(localAccountId))!;
  }

  async createKey(input: CreateKeyInput): Promise<NewKey> {
    if (!(await this.store.getAccount(input.accountId))) throw new Error(`no account ${input.accountId}`);
    const key = generateApiKey();
    const record = await this.store.createKey({ ...input, hash: hashApiKey(key), label: labelApiKey(key) });
    return { key, record };
  }
}
