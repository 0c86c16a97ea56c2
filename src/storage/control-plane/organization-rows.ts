import type { BudgetInterval, Member, MemberRole, Workspace, WorkspaceBudget, WorkspaceMembership } from '../../spec/workspace.js';

/**
 * The tables of members, workspaces, their memberships and budgets, and guardrails' member
 * assignments: one text for SQLite and PostgreSQL (flags as INTEGER 0/1 in both). A workspace's id
 * is unique within its account (every account has a `default` one), so the tables that name one
 * carry the account too.
 */
export const organizationTablesSql = `CREATE TABLE members (
     id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES accounts(id),
     email TEXT NOT NULL,
     first_name TEXT,
     last_name TEXT,
     role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
     created_at TEXT NOT NULL,
     UNIQUE (account_id, email)
   );
   CREATE TABLE workspaces (
     account_id TEXT NOT NULL REFERENCES accounts(id),
     id TEXT NOT NULL,
     name TEXT NOT NULL,
     slug TEXT NOT NULL,
     description TEXT,
     default_text_model TEXT,
     default_image_model TEXT,
     default_provider_sort TEXT,
     include_byok_in_budgets INTEGER NOT NULL DEFAULT 0,
     broadcast INTEGER NOT NULL DEFAULT 1,
     created_by TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT,
     PRIMARY KEY (account_id, id),
     UNIQUE (account_id, slug)
   );
   CREATE TABLE workspace_members (
     id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL,
     workspace_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
     created_at TEXT NOT NULL,
     UNIQUE (account_id, workspace_id, user_id)
   );
   CREATE TABLE workspace_budgets (
     id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL,
     workspace_id TEXT NOT NULL,
     budget_interval TEXT NOT NULL CHECK (budget_interval IN ('daily', 'weekly', 'monthly', 'lifetime')),
     limit_nano BIGINT NOT NULL CHECK (limit_nano > 0),
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     UNIQUE (account_id, workspace_id, budget_interval)
   );
   CREATE TABLE guardrail_members (
     id TEXT PRIMARY KEY,
     guardrail_id TEXT NOT NULL REFERENCES guardrails(id) ON DELETE CASCADE,
     user_id TEXT NOT NULL,
     assigned_by TEXT,
     assigned_at TEXT NOT NULL,
     UNIQUE (guardrail_id, user_id)
   );
   CREATE INDEX guardrail_members_user ON guardrail_members(user_id);`;

/** A workspace's prompt logging (OpenRouter's I/O logging) and the share of its generations it keeps. */
export const workspaceContentColumnsSql = `ALTER TABLE workspaces ADD COLUMN io_logging INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE workspaces ADD COLUMN io_sampling_rate DOUBLE PRECISION NOT NULL DEFAULT 1;`;

const flag = (value: boolean | number) => value === true || value === 1;

export interface MemberRow {
  id: string;
  account_id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  role: MemberRole;
  created_at: string;
}

export function toMember(row: MemberRow): Member {
  return { id: row.id, accountId: row.account_id, email: row.email, firstName: row.first_name, lastName: row.last_name, role: row.role, createdAt: row.created_at };
}

export interface WorkspaceRow {
  account_id: string;
  id: string;
  name: string;
  slug: string;
  description: string | null;
  default_text_model: string | null;
  default_image_model: string | null;
  default_provider_sort: string | null;
  include_byok_in_budgets: number | boolean;
  broadcast: number | boolean;
  io_logging: number | boolean;
  io_sampling_rate: number | string;
  created_by: string | null;
  created_at: string;
  updated_at: string | null;
}

export function toWorkspace(row: WorkspaceRow): Workspace {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    defaultTextModel: row.default_text_model,
    defaultImageModel: row.default_image_model,
    defaultProviderSort: row.default_provider_sort,
    includeByokInBudgets: flag(row.include_byok_in_budgets),
    isObservabilityBroadcastEnabled: flag(row.broadcast),
    ioLoggingEnabled: flag(row.io_logging),
    ioLoggingSamplingRate: Number(row.io_sampling_rate),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The columns a workspace's fields set (only those given). */
export function workspaceColumns(workspace: Partial<Workspace>): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  if (workspace.name !== undefined) columns.name = workspace.name;
  if (workspace.slug !== undefined) columns.slug = workspace.slug;
  if (workspace.description !== undefined) columns.description = workspace.description;
  if (workspace.defaultTextModel !== undefined) columns.default_text_model = workspace.defaultTextModel;
  if (workspace.defaultImageModel !== undefined) columns.default_image_model = workspace.defaultImageModel;
  if (workspace.defaultProviderSort !== undefined) columns.default_provider_sort = workspace.defaultProviderSort;
  if (workspace.includeByokInBudgets !== undefined) columns.include_byok_in_budgets = workspace.includeByokInBudgets ? 1 : 0;
  if (workspace.isObservabilityBroadcastEnabled !== undefined) columns.broadcast = workspace.isObservabilityBroadcastEnabled ? 1 : 0;
  if (workspace.ioLoggingEnabled !== undefined) columns.io_logging = workspace.ioLoggingEnabled ? 1 : 0;
  if (workspace.ioLoggingSamplingRate !== undefined) columns.io_sampling_rate = workspace.ioLoggingSamplingRate;
  return columns;
}

export interface WorkspaceMembershipRow {
  id: string;
  workspace_id: string;
  user_id: string;
  role: MemberRole;
  created_at: string;
}

export function toWorkspaceMembership(row: WorkspaceMembershipRow): WorkspaceMembership {
  return { id: row.id, workspaceId: row.workspace_id, userId: row.user_id, role: row.role, createdAt: row.created_at };
}

export interface WorkspaceBudgetRow {
  id: string;
  workspace_id: string;
  budget_interval: BudgetInterval;
  limit_nano: number | string;
  created_at: string;
  updated_at: string;
}

export function toWorkspaceBudget(row: WorkspaceBudgetRow): WorkspaceBudget {
  return { id: row.id, workspaceId: row.workspace_id, interval: row.budget_interval, limitNano: Number(row.limit_nano), createdAt: row.created_at, updatedAt: row.updated_at };
}
