import { randomUUID } from 'node:crypto';
import type { Guardrail } from '../../spec/guardrail.js';
import { type BudgetInterval, defaultWorkspaceId, type Member, type Workspace, type WorkspaceBudget, type WorkspaceMembership } from '../../spec/workspace.js';
import { type GuardrailRow, toGuardrail } from './control-plane-rows.js';
import type { GuardrailMemberAssignment, OrganizationStore, Page, WorkspacePatch } from './organization-store.js';
import {
  type MemberRow,
  toMember,
  toWorkspace,
  toWorkspaceBudget,
  toWorkspaceMembership,
  type WorkspaceBudgetRow,
  type WorkspaceMembershipRow,
  type WorkspaceRow,
  workspaceColumns,
} from './organization-rows.js';
import type { SqlRunner } from './sql-runner.js';

const newId = () => randomUUID();
const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');
/** LIMIT/OFFSET of a page (every listing is bounded: 1,000 rows at most). */
const pageOf = (page: Page = {}) => [Math.min(page.limit ?? 1000, 1000), page.offset ?? 0] as const;

/** The organization store on either database, through a SqlRunner: one SQL text for both. */
export class SqlOrganizationStore implements OrganizationStore {
  constructor(private readonly sql: SqlRunner) {}

  async addMember(member: Omit<Member, 'createdAt'>): Promise<Member | undefined> {
    const rows = await this.sql.all<MemberRow>(
      `INSERT INTO members (id, account_id, email, first_name, last_name, role, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, email) DO NOTHING RETURNING *`,
      [member.id, member.accountId, member.email, member.firstName, member.lastName, member.role, new Date().toISOString()],
    );
    return rows[0] ? toMember(rows[0]) : undefined;
  }

  async listMembers(accountId: string, page?: Page): Promise<{ members: Member[]; total: number }> {
    const rows = await this.sql.all<MemberRow>('SELECT * FROM members WHERE account_id = ? ORDER BY created_at, id LIMIT ? OFFSET ?', [accountId, ...pageOf(page)]);
    return { members: rows.map(toMember), total: await this.count('SELECT COUNT(*) AS n FROM members WHERE account_id = ?', [accountId]) };
  }

  async findMembers(accountId: string, userIds: readonly string[]): Promise<Member[]> {
    if (userIds.length === 0) return [];
    const rows = await this.sql.all<MemberRow>(`SELECT * FROM members WHERE account_id = ? AND id IN (${placeholders(userIds.length)}) ORDER BY created_at, id`, [accountId, ...userIds]);
    return rows.map(toMember);
  }

  /** Removes the member with their workspace memberships and guardrail assignments, all or none. */
  async removeMember(accountId: string, userId: string): Promise<boolean> {
    const [, , removed] = await this.sql.atomically([
      { text: 'DELETE FROM workspace_members WHERE account_id = ? AND user_id = ?', parameters: [accountId, userId] },
      { text: 'DELETE FROM guardrail_members WHERE user_id = ? AND guardrail_id IN (SELECT id FROM guardrails WHERE account_id = ?)', parameters: [userId, accountId] },
      { text: 'DELETE FROM members WHERE account_id = ? AND id = ?', parameters: [accountId, userId] },
    ]);
    return removed! > 0;
  }

  /** Every account has a `default` workspace: made the first time the account's workspaces are read. */
  private async ensureDefaultWorkspace(accountId: string): Promise<void> {
    await this.sql.run(
      `INSERT INTO workspaces (account_id, id, name, slug, description, created_at) SELECT ?, ?, 'Default', 'default', 'The workspace of keys made without one', created_at
       FROM accounts WHERE id = ? ON CONFLICT DO NOTHING`,
      [accountId, defaultWorkspaceId, accountId],
    );
  }

  async createWorkspace(workspace: Omit<Workspace, 'createdAt' | 'updatedAt'>): Promise<Workspace | undefined> {
    await this.ensureDefaultWorkspace(workspace.accountId);
    const columns = { account_id: workspace.accountId, id: workspace.id, created_by: workspace.createdBy, created_at: new Date().toISOString(), ...workspaceColumns(workspace) };
    const names = Object.keys(columns);
    const rows = await this.sql.all<WorkspaceRow>(`INSERT INTO workspaces (${names.join(', ')}) VALUES (${placeholders(names.length)}) ON CONFLICT DO NOTHING RETURNING *`, Object.values(columns));
    return rows[0] ? toWorkspace(rows[0]) : undefined;
  }

  async listWorkspaces(accountId: string, page?: Page): Promise<{ workspaces: Workspace[]; total: number }> {
    await this.ensureDefaultWorkspace(accountId);
    const rows = await this.sql.all<WorkspaceRow>('SELECT * FROM workspaces WHERE account_id = ? ORDER BY created_at, id LIMIT ? OFFSET ?', [accountId, ...pageOf(page)]);
    return { workspaces: rows.map(toWorkspace), total: await this.count('SELECT COUNT(*) AS n FROM workspaces WHERE account_id = ?', [accountId]) };
  }

  async getWorkspace(accountId: string, reference: string): Promise<Workspace | undefined> {
    const found = await this.findWorkspace(accountId, reference);
    if (found || reference !== defaultWorkspaceId) return found;
    await this.ensureDefaultWorkspace(accountId);
    return this.findWorkspace(accountId, reference);
  }

  private async findWorkspace(accountId: string, reference: string): Promise<Workspace | undefined> {
    const [row] = await this.sql.all<WorkspaceRow>('SELECT * FROM workspaces WHERE account_id = ? AND (id = ? OR slug = ?) ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END LIMIT 1', [
      accountId,
      reference,
      reference,
      reference,
    ]);
    return row ? toWorkspace(row) : undefined;
  }

  async updateWorkspace(accountId: string, id: string, patch: WorkspacePatch): Promise<Workspace | 'slug_taken' | undefined> {
    const columns = { ...workspaceColumns(patch), updated_at: new Date().toISOString() };
    if (patch.slug !== undefined) {
      const [taken] = await this.sql.all<{ id: string }>('SELECT id FROM workspaces WHERE account_id = ? AND slug = ? AND id <> ?', [accountId, patch.slug, id]);
      if (taken) return 'slug_taken';
    }
    const names = Object.keys(columns);
    const rows = await this.sql.all<WorkspaceRow>(`UPDATE workspaces SET ${names.map((name) => `${name} = ?`).join(', ')} WHERE account_id = ? AND id = ? RETURNING *`, [
      ...Object.values(columns),
      accountId,
      id,
    ]);
    return rows[0] ? toWorkspace(rows[0]) : undefined;
  }

  /** Deletes the workspace with its memberships and budgets, all or none. */
  async deleteWorkspace(accountId: string, id: string): Promise<boolean> {
    const [, , deleted] = await this.sql.atomically([
      { text: 'DELETE FROM workspace_members WHERE account_id = ? AND workspace_id = ?', parameters: [accountId, id] },
      { text: 'DELETE FROM workspace_budgets WHERE account_id = ? AND workspace_id = ?', parameters: [accountId, id] },
      { text: 'DELETE FROM workspaces WHERE account_id = ? AND id = ?', parameters: [accountId, id] },
    ]);
    return deleted! > 0;
  }

  async countWorkspaceKeys(accountId: string, id: string): Promise<number> {
    return this.count('SELECT COUNT(*) AS n FROM api_keys WHERE account_id = ? AND workspace_id = ? AND deleted_at IS NULL', [accountId, id]);
  }

  async addWorkspaceMembers(accountId: string, workspaceId: string, members: readonly Member[]): Promise<WorkspaceMembership[]> {
    if (members.length === 0) return [];
    const now = new Date().toISOString();
    await this.sql.atomically(
      members.map((member) => ({
        text: 'INSERT INTO workspace_members (id, account_id, workspace_id, user_id, role, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        parameters: [newId(), accountId, workspaceId, member.id, member.role, now],
      })),
    );
    const rows = await this.sql.all<WorkspaceMembershipRow>(`SELECT * FROM workspace_members WHERE account_id = ? AND workspace_id = ? AND user_id IN (${placeholders(members.length)})`, [
      accountId,
      workspaceId,
      ...members.map((member) => member.id),
    ]);
    // In the order asked for.
    const order = new Map(members.map((member, index) => [member.id, index]));
    return rows.map(toWorkspaceMembership).sort((a, b) => order.get(a.userId)! - order.get(b.userId)!);
  }

  async removeWorkspaceMembers(accountId: string, workspaceId: string, userIds: readonly string[]): Promise<number> {
    if (userIds.length === 0) return 0;
    return this.sql.run(`DELETE FROM workspace_members WHERE account_id = ? AND workspace_id = ? AND user_id IN (${placeholders(userIds.length)})`, [accountId, workspaceId, ...userIds]);
  }

  async listWorkspaceMembers(accountId: string, workspaceId: string, page?: Page): Promise<{ memberships: WorkspaceMembership[]; total: number }> {
    const rows = await this.sql.all<WorkspaceMembershipRow>('SELECT * FROM workspace_members WHERE account_id = ? AND workspace_id = ? ORDER BY created_at, user_id LIMIT ? OFFSET ?', [
      accountId,
      workspaceId,
      ...pageOf(page),
    ]);
    return {
      memberships: rows.map(toWorkspaceMembership),
      total: await this.count('SELECT COUNT(*) AS n FROM workspace_members WHERE account_id = ? AND workspace_id = ?', [accountId, workspaceId]),
    };
  }

  async upsertWorkspaceBudget(accountId: string, workspaceId: string, interval: BudgetInterval, limitNano: number, includeByok?: boolean): Promise<WorkspaceBudget> {
    const now = new Date().toISOString();
    // The budget and the workspace's BYOK setting change together, or neither does.
    await this.sql.atomically([
      {
        text: `INSERT INTO workspace_budgets (id, account_id, workspace_id, budget_interval, limit_nano, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, workspace_id, budget_interval) DO UPDATE SET limit_nano = excluded.limit_nano, updated_at = excluded.updated_at`,
        parameters: [newId(), accountId, workspaceId, interval, limitNano, now, now],
      },
      ...(includeByok !== undefined ? [{ text: 'UPDATE workspaces SET include_byok_in_budgets = ? WHERE account_id = ? AND id = ?', parameters: [includeByok ? 1 : 0, accountId, workspaceId] }] : []),
    ]);
    const [row] = await this.sql.all<WorkspaceBudgetRow>('SELECT * FROM workspace_budgets WHERE account_id = ? AND workspace_id = ? AND budget_interval = ?', [accountId, workspaceId, interval]);
    return toWorkspaceBudget(row!);
  }

  async listWorkspaceBudgets(accountId: string, workspaceId: string): Promise<WorkspaceBudget[]> {
    const rows = await this.sql.all<WorkspaceBudgetRow>(
      `SELECT * FROM workspace_budgets WHERE account_id = ? AND workspace_id = ?
       ORDER BY CASE budget_interval WHEN 'daily' THEN 0 WHEN 'weekly' THEN 1 WHEN 'monthly' THEN 2 ELSE 3 END`,
      [accountId, workspaceId],
    );
    return rows.map(toWorkspaceBudget);
  }

  async deleteWorkspaceBudget(accountId: string, workspaceId: string, interval: BudgetInterval): Promise<boolean> {
    return (await this.sql.run('DELETE FROM workspace_budgets WHERE account_id = ? AND workspace_id = ? AND budget_interval = ?', [accountId, workspaceId, interval])) > 0;
  }

  async assignGuardrailMembers(guardrailId: string, userIds: readonly string[], assignedBy: string | null): Promise<number> {
    if (userIds.length === 0) return 0;
    const now = new Date().toISOString();
    const added = await this.sql.atomically(
      userIds.map((userId) => ({
        text: 'INSERT INTO guardrail_members (id, guardrail_id, user_id, assigned_by, assigned_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        parameters: [newId(), guardrailId, userId, assignedBy, now],
      })),
    );
    return added.reduce((sum, count) => sum + count, 0);
  }

  async unassignGuardrailMembers(guardrailId: string, userIds: readonly string[]): Promise<number> {
    if (userIds.length === 0) return 0;
    return this.sql.run(`DELETE FROM guardrail_members WHERE guardrail_id = ? AND user_id IN (${placeholders(userIds.length)})`, [guardrailId, ...userIds]);
  }

  async listGuardrailMemberAssignments(accountId: string, guardrailId?: string): Promise<GuardrailMemberAssignment[]> {
    const rows = await this.sql.all<{ id: string; guardrail_id: string; user_id: string; assigned_by: string | null; assigned_at: string }>(
      `SELECT a.* FROM guardrail_members a JOIN guardrails g ON g.id = a.guardrail_id
       WHERE g.account_id = ? ${guardrailId === undefined ? '' : 'AND a.guardrail_id = ?'} ORDER BY a.assigned_at, a.id`,
      guardrailId === undefined ? [accountId] : [accountId, guardrailId],
    );
    return rows.map((row) => ({ id: row.id, guardrailId: row.guardrail_id, userId: row.user_id, assignedBy: row.assigned_by, assignedAt: row.assigned_at }));
  }

  async guardrailsForMember(userId: string): Promise<Guardrail[]> {
    const rows = await this.sql.all<GuardrailRow>('SELECT g.* FROM guardrails g JOIN guardrail_members a ON a.guardrail_id = g.id WHERE a.user_id = ? ORDER BY g.created_at, g.id', [userId]);
    return rows.map(toGuardrail);
  }

  private async count(text: string, parameters: readonly unknown[]): Promise<number> {
    const [row] = await this.sql.all<{ n: number | string }>(text, parameters);
    return Number(row?.n ?? 0);
  }
}
