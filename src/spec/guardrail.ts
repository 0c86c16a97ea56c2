import type { LimitReset } from './limit-period.js';
import type { SpendScope } from './workspace.js';

/**
 * A guardrail, as OpenRouter's: a policy a management key assigns to API keys. Its spending limit
 * holds for each assigned key on its own (OpenRouter checks budgets per key), beside the key's own
 * limit — the lower wins; its model and provider lists and ZDR requirement narrow every request of
 * an assigned key before any provider is called. Several guardrails on one key: allow-lists
 * intersect, ignore-lists add up, ZDR if any asks it.
 */
export interface Guardrail {
  id: string;
  accountId: string;
  name: string;
  description: string | null;
  /** Spending limit per assigned key and period, nano-USD (null: none). */
  limitNano: number | null;
  /** When that spending starts over (null: never). */
  resetInterval: LimitReset | null;
  /** BYOK spending counts toward the limit too. */
  includeByokInBudgets: boolean;
  allowedModels: string[] | null;
  ignoredModels: string[] | null;
  allowedProviders: string[] | null;
  ignoredProviders: string[] | null;
  /** Only zero-data-retention endpoints. */
  enforceZdr: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A new guardrail's settings where its creator gives none: no budget, no lists, no ZDR. */
export const guardrailDefaults = {
  description: null,
  limitNano: null,
  resetInterval: null,
  includeByokInBudgets: false,
  allowedModels: null,
  ignoredModels: null,
  allowedProviders: null,
  ignoredProviders: null,
  enforceZdr: false,
} as const satisfies Partial<Guardrail>;

/** A limit a key's spending is held to: its own, a guardrail's, or its workspace's. */
export interface SpendLimit {
  limitNano: number;
  reset: LimitReset | null;
  includeByok: boolean;
  /** Whose limit it is, for the refusal's message: `key`, a guardrail's id, or `workspace:<id>`. */
  source: string;
  /** Whose spending it counts: the key's own (null), or a group of keys together (spec/workspace.ts). */
  scope: SpendScope | null;
}
