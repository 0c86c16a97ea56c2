import type { Guardrail } from './guardrail.js';
import type { LimitReset } from './limit-period.js';
import type { Workspace, WorkspaceBudget } from './workspace.js';

/** Accounts, their API keys and the keys' usage: the control plane's records, shared by every layer. */

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
  /** The workspace the key belongs to (`default` unless made in another). */
  workspaceId: string;
  /** The member who made the key (their guardrails apply to it), if one did. */
  creatorUserId: string | null;
  /** The guardrails assigned to the key, loaded with it by the gateway (not a column of the key). */
  guardrails?: readonly Guardrail[];
  /** The guardrails assigned to the key's creator, loaded with it (their budgets count the member's keys together). */
  memberGuardrails?: readonly Guardrail[];
  /** The key's workspace (its defaults, whether its budgets count BYOK spending), loaded with it. */
  workspace?: Workspace;
  /** The budgets of the key's workspace, loaded with it. */
  workspaceBudgets?: readonly WorkspaceBudget[];
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
