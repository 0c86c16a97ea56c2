import type { LimitReset } from './limit-period.js';

/**
 * Workspaces, as OpenRouter's: an account's keys are grouped into workspaces (every account has its
 * `default` one, where a key made without a workspace goes), each with members and budgets. A
 * budget holds for the workspace's keys together — one counter over all of them, per interval —
 * beside each key's own limit and its guardrails' budgets; whichever is tightest refuses.
 */
export interface Workspace {
  id: string;
  accountId: string;
  name: string;
  /** Unique within the account: lower-case letters, digits and dashes. */
  slug: string;
  description: string | null;
  /** The model a request of this workspace's keys gets when it names none. */
  defaultTextModel: string | null;
  defaultImageModel: string | null;
  /** The provider sort a request gets when its `provider.sort` is not set (price, throughput, latency). */
  defaultProviderSort: string | null;
  /** BYOK spending counts toward the workspace's budgets (one setting for all its intervals). */
  includeByokInBudgets: boolean;
  /** Finished generations of this workspace's keys go to the account's observability destinations. */
  isObservabilityBroadcastEnabled: boolean;
  /** Keep the text of this workspace's generations (sealed, for the configured retention): OpenRouter's I/O logging. */
  ioLoggingEnabled: boolean;
  /** The share of its generations whose text is kept, 0.0001 to 1 (chosen by generation id). */
  ioLoggingSamplingRate: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string | null;
}

/** A new workspace's settings where its creator gives none. */
export const workspaceDefaults = {
  description: null,
  defaultTextModel: null,
  defaultImageModel: null,
  defaultProviderSort: null,
  includeByokInBudgets: false,
  isObservabilityBroadcastEnabled: true,
  ioLoggingEnabled: false,
  ioLoggingSamplingRate: 1,
  createdBy: null,
} as const satisfies Partial<Workspace>;

/** The `default` workspace's id, in every account. */
export const defaultWorkspaceId = 'default';

/** A workspace budget's interval: a period that starts over, or `lifetime`. */
export type BudgetInterval = LimitReset | 'lifetime';

export const budgetIntervals: readonly BudgetInterval[] = ['daily', 'weekly', 'monthly', 'lifetime'];

export interface WorkspaceBudget {
  id: string;
  workspaceId: string;
  interval: BudgetInterval;
  /** nano-USD, more than 0. */
  limitNano: number;
  createdAt: string;
  updatedAt: string;
}

export type MemberRole = 'admin' | 'member';

/** A person of the account (OpenRouter's organization member): keys name who made them, guardrails apply to them. */
export interface Member {
  /** `user_…`. */
  id: string;
  accountId: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  role: MemberRole;
  createdAt: string;
}

export interface WorkspaceMembership {
  id: string;
  workspaceId: string;
  userId: string;
  role: MemberRole;
  createdAt: string;
}

/**
 * A group of keys whose spending is counted together: a workspace's keys (`workspace:<id>`) or the
 * keys a member made (`member:<user id>`). Spending limits name the scope they count.
 */
export type SpendScope = `workspace:${string}` | `member:${string}`;

export function workspaceScope(workspaceId: string): SpendScope {
  return `workspace:${workspaceId}`;
}

export function memberScope(userId: string): SpendScope {
  return `member:${userId}`;
}
