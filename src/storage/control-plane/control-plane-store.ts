import type { LimitReset } from '../../accounting/limit-period.js';
import type { QueuePosition } from '../generation-log/durable-queue.js';

export interface Account {
  id: string;
  name: string;
  /** ISO-3166 alpha-2 billing country; the study's geography comes from it. */
  billingCountry: string | null;
  /** All credits ever added, nano-USD. */
  creditsNano: number;
  /** All usage ever settled, nano-USD. */
  usageNano: number;
  /** Credits added by purchase (as opposed to grants); an account that never purchased is free tier. */
  purchasedNano: number;
  createdAt: string;
}

export interface ApiKey {
  /** SHA-256 of the key, hex: the key's id. */
  hash: string;
  accountId: string;
  name: string;
  /** A recognisable, non-secret form such as sk-sb-v1-3f2…9ab. */
  label: string;
  isManagement: boolean;
  disabled: boolean;
  limitNano: number | null;
  limitReset: LimitReset | null;
  includeByokInLimit: boolean;
  /** Rate limits of this key (null: the gateway's defaults). */
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string | null;
}

export interface KeyUsage {
  totalNano: number;
  dailyNano: number;
  weeklyNano: number;
  monthlyNano: number;
  byokTotalNano: number;
  byokDailyNano: number;
  byokWeeklyNano: number;
  byokMonthlyNano: number;
}

export interface CreateAccountInput {
  id?: string;
  name: string;
  billingCountry?: string | null;
}

export interface CreateKeyInput {
  accountId: string;
  name: string;
  isManagement?: boolean;
  limitNano?: number | null;
  limitReset?: LimitReset | null;
  includeByokInLimit?: boolean;
  expiresAt?: string | null;
  requestsPerMinute?: number | null;
  tokensPerMinute?: number | null;
}

export interface UpdateKeyInput {
  name?: string;
  disabled?: boolean;
  limitNano?: number | null;
  limitReset?: LimitReset | null;
  includeByokInLimit?: boolean;
  requestsPerMinute?: number | null;
  tokensPerMinute?: number | null;
}

/** One settled generation's charge, applied to its account and key. */
export interface UsageEntry {
  accountId: string;
  keyHash: string;
  costNano: number;
  /** UTC day number of the generation. */
  day: number;
  isByok: boolean;
}

/**
 * The control plane: accounts, credits, API keys and their usage. SQLite embedded; PostgreSQL when
 * several gateway nodes share it. Every implementation runs control-plane-store.contract.ts.
 */
export interface ControlPlaneStore {
  createAccount(input: CreateAccountInput): Promise<Account>;
  getAccount(id: string): Promise<Account | undefined>;
  listAccounts(): Promise<Account[]>;
  updateAccount(id: string, patch: { name?: string; billingCountry?: string | null }): Promise<Account>;
  /** Adds (or, with a negative amount, removes) credits; `purchase` marks paid credits. */
  addCredits(accountId: string, amountNano: number, kind: 'purchase' | 'grant' | 'adjustment', note?: string): Promise<Account>;

  /** Stores a new key; the caller generated it and passes only its hash and label. */
  createKey(input: CreateKeyInput & { hash: string; label: string }): Promise<ApiKey>;
  getKey(hash: string): Promise<ApiKey | undefined>;
  listKeys(accountId: string, options?: { includeDisabled?: boolean; offset?: number; limit?: number }): Promise<ApiKey[]>;
  updateKey(hash: string, patch: UpdateKeyInput): Promise<ApiKey>;
  /** Removes a key from use; its usage history stays. */
  deleteKey(hash: string): Promise<boolean>;
  keyUsage(hash: string, today: number): Promise<KeyUsage>;

  /**
   * Applies a batch of settled charges and moves the named queue cursor to `position` in one
   * transaction: a batch is applied exactly once, whatever crashes in between.
   */
  applyUsage(entries: UsageEntry[], cursorName: string, position: QueuePosition): Promise<void>;
  getCursor(name: string): Promise<QueuePosition | null>;

  close(): Promise<void>;
}
