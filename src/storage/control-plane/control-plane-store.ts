import type { Account, ApiKey, KeyUsage } from '../../spec/account.js';
import type { Preset, PresetVersion } from '../../spec/preset.js';
import type { ByokKey, ByokKeyPatch } from '../../spec/byok-key.js';
import type { Guardrail } from '../../spec/guardrail.js';
import type { AuthCode } from '../../spec/auth-code.js';
import type { LimitReset } from '../../spec/limit-period.js';
import type { SpendScope } from '../../spec/workspace.js';
import type { OrganizationStore } from './organization-store.js';
import type { DestinationStore } from './destination-store.js';
import type { GenerationContentStore } from './generation-content-store.js';
import type { GenerationFeedbackStore } from './generation-feedback-store.js';
import type { FileStore } from './file-store.js';

import type { QueuePosition } from '../durable-queue/queue-position.js';

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
  /** The key's workspace (default: `default`); the caller checked it is the account's. */
  workspaceId?: string;
  /** The member who made the key; the caller checked they are the account's. */
  creatorUserId?: string | null;
}

export interface ListKeysOptions {
  includeDisabled?: boolean;
  /** Deleted keys too (their usage stays in the log: activity by member or key still counts it). */
  includeDeleted?: boolean;
  /** Only the keys of this workspace. */
  workspaceId?: string;
  offset?: number;
  limit?: number;
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

/** A new version of a preset (the preset is made with it when the slug is new). */
export interface SavePresetVersionInput {
  accountId: string;
  slug: string;
  name?: string;
  description?: string | null;
  config: Record<string, unknown>;
  systemPrompt: string | null;
  creatorId: string;
}

export type GuardrailPatch = Partial<Omit<Guardrail, 'id' | 'accountId' | 'createdAt' | 'updatedAt'>>;

/** A key a guardrail is assigned to. */
export interface GuardrailKeyAssignment {
  guardrailId: string;
  keyHash: string;
  keyName: string;
  keyLabel: string;
  assignedAt: string;
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
  /** Members, workspaces, their budgets, and guardrails' member assignments. */
  readonly organization: OrganizationStore;
  /** Observability destinations (where finished generations are broadcast). */
  readonly destinations: DestinationStore;
  /** The sealed texts of generations whose workspace logs prompts. */
  readonly generationContent: GenerationContentStore;
  /** Accounts' ratings of their generations. */
  readonly generationFeedback: GenerationFeedbackStore;
  /** Files uploaded through the Files API, by account and workspace. */
  readonly files: FileStore;
  createAccount(input: CreateAccountInput): Promise<Account>;
  getAccount(id: string): Promise<Account | undefined>;
  listAccounts(): Promise<Account[]>;
  updateAccount(id: string, patch: { name?: string; billingCountry?: string | null }): Promise<Account>;
  /** Adds (or, with a negative amount, removes) credits; `purchase` marks paid credits. */
  addCredits(accountId: string, amountNano: number, kind: 'purchase' | 'grant' | 'adjustment', note?: string): Promise<Account>;

  /** Stores a new key; the caller generated it and passes only its hash and label. */
  createKey(input: CreateKeyInput & { hash: string; label: string }): Promise<ApiKey>;
  getKey(hash: string): Promise<ApiKey | undefined>;
  listKeys(accountId: string, options?: ListKeysOptions): Promise<ApiKey[]>;
  updateKey(hash: string, patch: UpdateKeyInput): Promise<ApiKey>;
  /** Removes a key from use; its usage history stays. */
  deleteKey(hash: string): Promise<boolean>;
  keyUsage(hash: string, today: number): Promise<KeyUsage>;
  /** What a group of the account's keys spent together (a workspace's keys, a member's), deleted keys included. */
  scopeUsage(accountId: string, scope: SpendScope, today: number): Promise<KeyUsage>;

  /**
   * Applies a batch of settled charges and moves the named queue cursor to `position` in one
   * transaction: a batch is applied exactly once, whatever crashes in between.
   */
  applyUsage(entries: UsageEntry[], cursorName: string, position: QueuePosition): Promise<void>;
  getCursor(name: string): Promise<QueuePosition | null>;
  /**
   * Renames a cursor, in one transaction, unless `to` already exists: a queue's cursor taken over
   * under a new name exactly once (a node adopting the name its single-node release kept). True when moved.
   */
  moveCursor(from: string, to: string): Promise<boolean>;

  /** Adds a version to the account's preset `slug` (making the preset if new) and designates it, in one transaction. */
  savePresetVersion(input: SavePresetVersionInput): Promise<{ preset: Preset; version: PresetVersion }>;
  listPresets(accountId: string): Promise<Preset[]>;
  getPreset(accountId: string, slug: string): Promise<{ preset: Preset; designated: PresetVersion | null } | undefined>;
  /** Newest first. */
  listPresetVersions(accountId: string, slug: string): Promise<PresetVersion[] | undefined>;
  getPresetVersion(accountId: string, slug: string, version: number): Promise<PresetVersion | undefined>;

  /** Stores an account's provider key, already sealed by the caller (the store never sees plaintext). */
  createByokKey(key: Omit<ByokKey, 'createdAt' | 'updatedAt'>): Promise<ByokKey>;
  /** The account's BYOK keys by provider and sort order (optionally one provider's). */
  listByokKeys(accountId: string, provider?: string): Promise<ByokKey[]>;
  getByokKey(accountId: string, id: string): Promise<ByokKey | undefined>;
  updateByokKey(accountId: string, id: string, patch: ByokKeyPatch): Promise<ByokKey | undefined>;
  deleteByokKey(accountId: string, id: string): Promise<boolean>;

  createGuardrail(guardrail: Omit<Guardrail, 'createdAt' | 'updatedAt'>): Promise<Guardrail>;
  listGuardrails(accountId: string): Promise<Guardrail[]>;
  getGuardrail(accountId: string, id: string): Promise<Guardrail | undefined>;
  updateGuardrail(accountId: string, id: string, patch: GuardrailPatch): Promise<Guardrail | undefined>;
  /** Removes a guardrail and its assignments. */
  deleteGuardrail(accountId: string, id: string): Promise<boolean>;
  /** Assigns keys (the caller checked they are the account's); how many were not assigned before. */
  assignGuardrailKeys(accountId: string, guardrailId: string, keyHashes: readonly string[]): Promise<number>;
  unassignGuardrailKeys(accountId: string, guardrailId: string, keyHashes: readonly string[]): Promise<number>;
  /** The account's key assignments (of one guardrail, or all), oldest first. */
  listGuardrailKeyAssignments(accountId: string, guardrailId?: string): Promise<GuardrailKeyAssignment[]>;
  /** The guardrails assigned to a key. */
  guardrailsForKey(keyHash: string): Promise<Guardrail[]>;

  /** Keeps an OAuth authorization code (by its hash). */
  createAuthCode(code: AuthCode): Promise<void>;
  /** Marks a code used and returns it, in one step, unless it was used already (or never issued): a code works once. */
  consumeAuthCode(codeHash: string, usedAt: string): Promise<AuthCode | undefined>;

  close(): Promise<void>;
}
