import type { Guardrail } from '../../spec/guardrail.js';
import type { BudgetInterval, Member, Workspace, WorkspaceBudget, WorkspaceMembership } from '../../spec/workspace.js';

export interface Page {
  offset?: number;
  limit?: number;
}

export type WorkspacePatch = Partial<Omit<Workspace, 'id' | 'accountId' | 'createdAt' | 'updatedAt' | 'createdBy'>>;

/** A member a guardrail is assigned to. */
export interface GuardrailMemberAssignment {
  id: string;
  guardrailId: string;
  userId: string;
  assignedBy: string | null;
  assignedAt: string;
}

/**
 * The people and groups of an account: its members, its workspaces (each account has a `default`
 * one, made when first read), their members and budgets, and guardrails' member assignments.
 * One implementation for both databases (sql-organization-store.ts); the control-plane contract
 * runs it on each.
 */
export interface OrganizationStore {
  /** Adds a member; undefined when the account already has one with that email. */
  addMember(member: Omit<Member, 'createdAt'>): Promise<Member | undefined>;
  listMembers(accountId: string, page?: Page): Promise<{ members: Member[]; total: number }>;
  /** The account's members among `userIds` (unknown ids and other accounts' left out). */
  findMembers(accountId: string, userIds: readonly string[]): Promise<Member[]>;
  /** Removes a member from the account, its workspaces and guardrails; their keys stay. */
  removeMember(accountId: string, userId: string): Promise<boolean>;

  /** Makes a workspace; undefined when the account already has one with that slug. */
  createWorkspace(workspace: Omit<Workspace, 'createdAt' | 'updatedAt'>): Promise<Workspace | undefined>;
  listWorkspaces(accountId: string, page?: Page): Promise<{ workspaces: Workspace[]; total: number }>;
  /** By id or slug. */
  getWorkspace(accountId: string, reference: string): Promise<Workspace | undefined>;
  /** Undefined when there is no such workspace; 'slug_taken' when the new slug is another's. */
  updateWorkspace(accountId: string, id: string, patch: WorkspacePatch): Promise<Workspace | 'slug_taken' | undefined>;
  /** Deletes a workspace with its budgets and memberships (the caller checked it has no keys, and is not `default`). */
  deleteWorkspace(accountId: string, id: string): Promise<boolean>;
  /** Keys in use (not deleted) in a workspace. */
  countWorkspaceKeys(accountId: string, id: string): Promise<number>;

  /** Adds members (the caller checked they are the account's) with their account role; the memberships added or already there. */
  addWorkspaceMembers(accountId: string, workspaceId: string, members: readonly Member[]): Promise<WorkspaceMembership[]>;
  removeWorkspaceMembers(accountId: string, workspaceId: string, userIds: readonly string[]): Promise<number>;
  listWorkspaceMembers(accountId: string, workspaceId: string, page?: Page): Promise<{ memberships: WorkspaceMembership[]; total: number }>;

  /** Sets a workspace's budget for an interval (and, when given, whether BYOK spending counts toward its budgets). */
  upsertWorkspaceBudget(accountId: string, workspaceId: string, interval: BudgetInterval, limitNano: number, includeByok?: boolean): Promise<WorkspaceBudget>;
  listWorkspaceBudgets(accountId: string, workspaceId: string): Promise<WorkspaceBudget[]>;
  deleteWorkspaceBudget(accountId: string, workspaceId: string, interval: BudgetInterval): Promise<boolean>;

  /** Assigns members (the caller checked they and the guardrail are the account's); how many were not assigned before. */
  assignGuardrailMembers(guardrailId: string, userIds: readonly string[], assignedBy: string | null): Promise<number>;
  unassignGuardrailMembers(guardrailId: string, userIds: readonly string[]): Promise<number>;
  /** The account's member assignments (of one guardrail, or all), oldest first. */
  listGuardrailMemberAssignments(accountId: string, guardrailId?: string): Promise<GuardrailMemberAssignment[]>;
  /** The guardrails assigned to a member. */
  guardrailsForMember(userId: string): Promise<Guardrail[]>;
}
