import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { periodStartDay } from '../../spec/limit-period.js';
import type { QueuePosition } from '../durable-queue/queue-position.js';
import type { Account, ApiKey, KeyUsage } from '../../spec/account.js';
import {
  type AccountRow,
  type AuthCodeRow,
  authCodeColumns,
  authCodesTableSql,
  toAuthCode,
  type ByokKeyRow,
  byokColumns,
  byokTableSql,
  type GuardrailRow,
  guardrailColumns,
  guardrailTablesSql,
  type KeyRow,
  keyWorkspaceColumnsSql,
  scopeKeysCondition,
  type PresetRow,
  type PresetVersionRow,
  presetTablesSql,
  toAccount,
  toByokKey,
  toGuardrail,
  toKey,
  toPreset,
  toPresetVersion,
} from './control-plane-rows.js';
import type { ByokKey, ByokKeyPatch } from '../../spec/byok-key.js';
import type { Guardrail } from '../../spec/guardrail.js';
import type { AuthCode } from '../../spec/auth-code.js';
import type { Preset, PresetVersion } from '../../spec/preset.js';
import { defaultWorkspaceId, type SpendScope } from '../../spec/workspace.js';
import { organizationTablesSql } from './organization-rows.js';
import { SqlOrganizationStore } from './sql-organization-store.js';
import { SqlDestinationStore } from './sql-destination-store.js';
import { destinationTableSql } from './destination-rows.js';
import { GenerationContentStore, generationContentTableSql } from './generation-content-store.js';
import { GenerationFeedbackStore, generationFeedbackTableSql } from './generation-feedback-store.js';
import { FileStore, fileTableSql } from './file-store.js';
import { workspaceContentColumnsSql } from './organization-rows.js';
import { sqliteRunner } from './sql-runner.js';
import type {
  ControlPlaneStore,
  CreateAccountInput,
  ListKeysOptions,
  CreateKeyInput,
  GuardrailKeyAssignment,
  GuardrailPatch,
  SavePresetVersionInput,
  UpdateKeyInput,
  UsageEntry,
} from './control-plane-store.js';

const migrations: string[] = [
  `CREATE TABLE accounts (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     billing_country TEXT,
     credits_nano INTEGER NOT NULL DEFAULT 0,
     usage_nano INTEGER NOT NULL DEFAULT 0,
     purchased_nano INTEGER NOT NULL DEFAULT 0,
     created_at TEXT NOT NULL
   );
   CREATE TABLE credit_transactions (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     account_id TEXT NOT NULL REFERENCES accounts(id),
     amount_nano INTEGER NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('purchase', 'grant', 'adjustment')),
     note TEXT,
     created_at TEXT NOT NULL
   );
   CREATE TABLE api_keys (
     hash TEXT PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES accounts(id),
     name TEXT NOT NULL,
     label TEXT NOT NULL,
     is_management INTEGER NOT NULL DEFAULT 0,
     disabled INTEGER NOT NULL DEFAULT 0,
     limit_nano INTEGER,
     limit_reset TEXT CHECK (limit_reset IN ('daily', 'weekly', 'monthly')),
     include_byok_in_limit INTEGER NOT NULL DEFAULT 0,
     expires_at TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT,
     deleted_at TEXT
   );
   CREATE INDEX api_keys_account ON api_keys(account_id);
   CREATE TABLE key_usage_days (
     key_hash TEXT NOT NULL,
     day INTEGER NOT NULL,
     usage_nano INTEGER NOT NULL DEFAULT 0,
     byok_usage_nano INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (key_hash, day)
   );
   CREATE TABLE queue_cursors (
     name TEXT PRIMARY KEY,
     segment INTEGER NOT NULL,
     offset INTEGER NOT NULL
   );`,
  `ALTER TABLE api_keys ADD COLUMN requests_per_minute INTEGER;
   ALTER TABLE api_keys ADD COLUMN tokens_per_minute INTEGER;`,
  presetTablesSql,
  byokTableSql,
  guardrailTablesSql,
  authCodesTableSql,
  keyWorkspaceColumnsSql,
  organizationTablesSql,
  destinationTableSql,
  generationContentTableSql,
  workspaceContentColumnsSql,
  generationFeedbackTableSql,
  fileTableSql,
];

/** Rows of usage per INSERT into the batch table (5 parameters each, well under SQLite's 32,766). */
const usageRowsPerInsert = 500;

function usageInsertSql(rows: number): string {
  return `INSERT INTO usage_batch (account_id, key_hash, day, cost_nano, is_byok) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?)').join(', ')}`;
}

function usageParameters(entries: readonly UsageEntry[], from: number, count: number): unknown[] {
  const parameters = new Array<unknown>(count * 5);
  for (let index = 0; index < count; index++) {
    const entry = entries[from + index]!;
    parameters[index * 5] = entry.accountId;
    parameters[index * 5 + 1] = entry.keyHash;
    parameters[index * 5 + 2] = entry.day;
    parameters[index * 5 + 3] = entry.costNano;
    parameters[index * 5 + 4] = entry.isByok ? 1 : 0;
  }
  return parameters;
}

/** The control plane on embedded SQLite (WAL mode: the CLI and the server may use it at once). */
export class SqliteControlPlaneStore implements ControlPlaneStore {
  private readonly database: Database.Database;
  readonly organization: SqlOrganizationStore;
  readonly destinations: SqlDestinationStore;
  readonly generationContent: GenerationContentStore;
  readonly generationFeedback: GenerationFeedbackStore;
  readonly files: FileStore;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.database = new Database(path);
    this.database.pragma('journal_mode = WAL');
    this.database.pragma('synchronous = NORMAL');
    this.database.pragma('foreign_keys = ON');
    this.database.pragma('busy_timeout = 5000');
    this.database.pragma('temp_store = MEMORY');
    this.migrate();
    this.organization = new SqlOrganizationStore(sqliteRunner(this.database));
    this.destinations = new SqlDestinationStore(sqliteRunner(this.database));
    this.generationContent = new GenerationContentStore(sqliteRunner(this.database));
    this.generationFeedback = new GenerationFeedbackStore(sqliteRunner(this.database));
    this.files = new FileStore(sqliteRunner(this.database));
  }

  private migrate(): void {
    const version = this.database.pragma('user_version', { simple: true }) as number;
    for (let index = version; index < migrations.length; index++) {
      this.database.transaction(() => {
        this.database.exec(migrations[index]!);
        this.database.pragma(`user_version = ${index + 1}`);
      })();
    }
  }

  async createAccount(input: CreateAccountInput): Promise<Account> {
    const id = input.id ?? `acct_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    this.database
      .prepare('INSERT INTO accounts (id, name, billing_country, created_at) VALUES (?, ?, ?, ?)')
      .run(id, input.name, input.billingCountry?.toUpperCase() ?? null, new Date().toISOString());
    return (await this.getAccount(id))!;
  }

  async getAccount(id: string): Promise<Account | undefined> {
    const row = this.database.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
    return row ? toAccount(row) : undefined;
  }

  async listAccounts(): Promise<Account[]> {
    return (this.database.prepare('SELECT * FROM accounts ORDER BY created_at, id').all() as AccountRow[]).map(toAccount);
  }

  async updateAccount(id: string, patch: { name?: string; billingCountry?: string | null }): Promise<Account> {
    const account = await this.getAccount(id);
    if (!account) throw new Error(`no account ${id}`);
    this.database
      .prepare('UPDATE accounts SET name = ?, billing_country = ? WHERE id = ?')
      .run(patch.name ?? account.name, patch.billingCountry === undefined ? account.billingCountry : (patch.billingCountry?.toUpperCase() ?? null), id);
    return (await this.getAccount(id))!;
  }

  async addCredits(accountId: string, amountNano: number, kind: 'purchase' | 'grant' | 'adjustment', note?: string): Promise<Account> {
    if (!Number.isSafeInteger(amountNano)) throw new Error('credit amount must be a whole number of nano-USD');
    this.database.transaction(() => {
      const result = this.database
        .prepare('UPDATE accounts SET credits_nano = credits_nano + ?, purchased_nano = purchased_nano + ? WHERE id = ?')
        .run(amountNano, kind === 'purchase' ? amountNano : 0, accountId);
      if (result.changes === 0) throw new Error(`no account ${accountId}`);
      this.database
        .prepare('INSERT INTO credit_transactions (account_id, amount_nano, kind, note, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(accountId, amountNano, kind, note ?? null, new Date().toISOString());
    })();
    return (await this.getAccount(accountId))!;
  }

  async createKey(input: CreateKeyInput & { hash: string; label: string }): Promise<ApiKey> {
    this.database
      .prepare(
        `INSERT INTO api_keys (hash, account_id, name, label, is_management, limit_nano, limit_reset, include_byok_in_limit, expires_at, created_at, requests_per_minute, tokens_per_minute, workspace_id, creator_user_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.hash,
        input.accountId,
        input.name,
        input.label,
        input.isManagement ? 1 : 0,
        input.limitNano ?? null,
        input.limitReset ?? null,
        input.includeByokInLimit ? 1 : 0,
        input.expiresAt ?? null,
        new Date().toISOString(),
        input.requestsPerMinute ?? null,
        input.tokensPerMinute ?? null,
        input.workspaceId ?? defaultWorkspaceId,
        input.creatorUserId ?? null,
      );
    return (await this.getKey(input.hash))!;
  }

  async getKey(hash: string): Promise<ApiKey | undefined> {
    const row = this.database.prepare('SELECT * FROM api_keys WHERE hash = ? AND deleted_at IS NULL').get(hash) as KeyRow | undefined;
    return row ? toKey(row) : undefined;
  }

  async listKeys(accountId: string, options: ListKeysOptions = {}): Promise<ApiKey[]> {
    const rows = this.database
      .prepare(
        `SELECT * FROM api_keys WHERE account_id = ? ${options.includeDeleted ? '' : 'AND deleted_at IS NULL'} ${options.includeDisabled ? '' : 'AND disabled = 0'} ${options.workspaceId === undefined ? '' : 'AND workspace_id = ?'}
         ORDER BY created_at, hash LIMIT ? OFFSET ?`,
      )
      .all(accountId, ...(options.workspaceId === undefined ? [] : [options.workspaceId]), options.limit ?? -1, options.offset ?? 0) as KeyRow[];
    return rows.map(toKey);
  }

  async updateKey(hash: string, patch: UpdateKeyInput): Promise<ApiKey> {
    const key = await this.getKey(hash);
    if (!key) throw new Error(`no key ${hash}`);
    this.database
      .prepare('UPDATE api_keys SET name = ?, disabled = ?, limit_nano = ?, limit_reset = ?, include_byok_in_limit = ?, requests_per_minute = ?, tokens_per_minute = ?, updated_at = ? WHERE hash = ?')
      .run(
        patch.name ?? key.name,
        (patch.disabled ?? key.disabled) ? 1 : 0,
        patch.limitNano === undefined ? key.limitNano : patch.limitNano,
        patch.limitReset === undefined ? key.limitReset : patch.limitReset,
        (patch.includeByokInLimit ?? key.includeByokInLimit) ? 1 : 0,
        patch.requestsPerMinute === undefined ? key.requestsPerMinute : patch.requestsPerMinute,
        patch.tokensPerMinute === undefined ? key.tokensPerMinute : patch.tokensPerMinute,
        new Date().toISOString(),
        hash,
      );
    return (await this.getKey(hash))!;
  }

  async deleteKey(hash: string): Promise<boolean> {
    const result = this.database.prepare('UPDATE api_keys SET deleted_at = ? WHERE hash = ? AND deleted_at IS NULL').run(new Date().toISOString(), hash);
    return result.changes > 0;
  }

  async keyUsage(hash: string, today: number): Promise<KeyUsage> {
    return this.usageOf('key_hash = @hash', { hash }, today);
  }

  async scopeUsage(accountId: string, scope: SpendScope, today: number): Promise<KeyUsage> {
    const { column, id } = scopeKeysCondition(scope);
    return this.usageOf(`key_hash IN (SELECT hash FROM api_keys WHERE account_id = @account AND ${column} = @id)`, { account: accountId, id }, today);
  }

  /** Usage of the keys a condition selects, by period. */
  private usageOf(condition: string, parameters: Record<string, string>, today: number): KeyUsage {
    const monthStart = periodStartDay('monthly', today);
    const weekStart = periodStartDay('weekly', today);
    const row = this.database
      .prepare(
        `SELECT
           COALESCE(SUM(usage_nano), 0) AS total,
           COALESCE(SUM(CASE WHEN day = @today THEN usage_nano END), 0) AS daily,
           COALESCE(SUM(CASE WHEN day >= @week AND day <= @today THEN usage_nano END), 0) AS weekly,
           COALESCE(SUM(CASE WHEN day >= @month AND day <= @today THEN usage_nano END), 0) AS monthly,
           COALESCE(SUM(byok_usage_nano), 0) AS byok_total,
           COALESCE(SUM(CASE WHEN day = @today THEN byok_usage_nano END), 0) AS byok_daily,
           COALESCE(SUM(CASE WHEN day >= @week AND day <= @today THEN byok_usage_nano END), 0) AS byok_weekly,
           COALESCE(SUM(CASE WHEN day >= @month AND day <= @today THEN byok_usage_nano END), 0) AS byok_monthly
         FROM key_usage_days WHERE ${condition}`,
      )
      .get({ ...parameters, today, week: weekStart, month: monthStart }) as Record<string, number>;
    return {
      totalNano: row.total!,
      dailyNano: row.daily!,
      weeklyNano: row.weekly!,
      monthlyNano: row.monthly!,
      byokTotalNano: row.byok_total!,
      byokDailyNano: row.byok_daily!,
      byokWeeklyNano: row.byok_weekly!,
      byokMonthlyNano: row.byok_monthly!,
    };
  }

  async applyUsage(entries: UsageEntry[], cursorName: string, position: QueuePosition): Promise<void> {
    for (const entry of entries) {
      if (!Number.isSafeInteger(entry.costNano) || entry.costNano < 0) throw new RangeError(`usage of ${entry.accountId} must be a non-negative integer of nano-USD (got ${entry.costNano})`);
      if (!Number.isSafeInteger(entry.day)) throw new RangeError(`usage of ${entry.accountId} has no day (got ${entry.day})`);
    }
    const statements = this.usageStatements();
    // The batch goes into a temporary table many rows per statement, then the accounts and the
    // key-days are updated from it set by set: a few statements however large the batch.
    this.database.transaction(() => {
      statements.clear.run();
      const full = usageRowsPerInsert;
      let index = 0;
      for (; index + full <= entries.length; index += full) statements.insertFull.run(usageParameters(entries, index, full));
      if (index < entries.length) this.database.prepare(usageInsertSql(entries.length - index)).run(usageParameters(entries, index, entries.length - index));
      // BYOK generations are paid to the provider by the key's owner: they count towards the key's
      // BYOK usage, not the account's credits.
      statements.addAccountUsage.run();
      statements.addKeyUsage.run();
      statements.moveCursor.run(cursorName, position.segment, position.offset);
    })();
  }

  private statements: ReturnType<SqliteControlPlaneStore['prepareUsageStatements']> | null = null;

  private usageStatements() {
    this.statements ??= this.prepareUsageStatements();
    return this.statements;
  }

  private prepareUsageStatements() {
    this.database.exec('CREATE TEMP TABLE IF NOT EXISTS usage_batch (account_id TEXT NOT NULL, key_hash TEXT NOT NULL, day INTEGER NOT NULL, cost_nano INTEGER NOT NULL, is_byok INTEGER NOT NULL)');
    return {
      clear: this.database.prepare('DELETE FROM usage_batch'),
      insertFull: this.database.prepare(usageInsertSql(usageRowsPerInsert)),
      addAccountUsage: this.database.prepare(
        `UPDATE accounts SET usage_nano = usage_nano + batch.total
         FROM (SELECT account_id, sum(cost_nano) AS total FROM usage_batch WHERE is_byok = 0 AND cost_nano > 0 GROUP BY account_id) AS batch
         WHERE accounts.id = batch.account_id`,
      ),
      addKeyUsage: this.database.prepare(
        `INSERT INTO key_usage_days (key_hash, day, usage_nano, byok_usage_nano)
         SELECT key_hash, day, sum(CASE WHEN is_byok = 0 THEN cost_nano ELSE 0 END), sum(CASE WHEN is_byok = 1 THEN cost_nano ELSE 0 END)
         FROM usage_batch WHERE key_hash != '' AND cost_nano > 0 GROUP BY key_hash, day
         ON CONFLICT (key_hash, day) DO UPDATE SET usage_nano = usage_nano + excluded.usage_nano, byok_usage_nano = byok_usage_nano + excluded.byok_usage_nano`,
      ),
      moveCursor: this.database.prepare('INSERT INTO queue_cursors (name, segment, offset) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET segment = excluded.segment, offset = excluded.offset'),
    };
  }

  async getCursor(name: string): Promise<QueuePosition | null> {
    const row = this.database.prepare('SELECT segment, offset FROM queue_cursors WHERE name = ?').get(name) as QueuePosition | undefined;
    return row ? { segment: row.segment, offset: row.offset } : null;
  }

  async moveCursor(from: string, to: string): Promise<boolean> {
    return this.database.transaction(() => {
      if (this.database.prepare('SELECT 1 FROM queue_cursors WHERE name = ?').get(to)) return false;
      return this.database.prepare('UPDATE queue_cursors SET name = ? WHERE name = ?').run(to, from).changes === 1;
    })();
  }

  async savePresetVersion(input: SavePresetVersionInput): Promise<{ preset: Preset; version: PresetVersion }> {
    const now = new Date().toISOString();
    return this.database.transaction(() => {
      let preset = this.database.prepare('SELECT * FROM presets WHERE account_id = ? AND slug = ?').get(input.accountId, input.slug) as PresetRow | undefined;
      if (!preset) {
        this.database
          .prepare('INSERT INTO presets (id, account_id, slug, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(randomUUID(), input.accountId, input.slug, input.name ?? input.slug, input.description ?? null, now, now);
        preset = this.database.prepare('SELECT * FROM presets WHERE account_id = ? AND slug = ?').get(input.accountId, input.slug) as PresetRow;
      }
      const { last } = this.database.prepare('SELECT COALESCE(MAX(version), 0) AS last FROM preset_versions WHERE preset_id = ?').get(preset.id) as { last: number };
      const id = randomUUID();
      this.database
        .prepare('INSERT INTO preset_versions (id, preset_id, version, config, system_prompt, creator_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, preset.id, last + 1, JSON.stringify(input.config), input.systemPrompt, input.creatorId, now, now);
      this.database
        .prepare('UPDATE presets SET designated_version_id = ?, updated_at = ?, name = COALESCE(?, name), description = CASE WHEN ? THEN ? ELSE description END WHERE id = ?')
        .run(id, now, input.name ?? null, input.description === undefined ? 0 : 1, input.description ?? null, preset.id);
      return {
        preset: toPreset(this.database.prepare('SELECT * FROM presets WHERE id = ?').get(preset.id) as PresetRow),
        version: toPresetVersion(this.database.prepare('SELECT * FROM preset_versions WHERE id = ?').get(id) as PresetVersionRow),
      };
    })();
  }

  async listPresets(accountId: string): Promise<Preset[]> {
    return (this.database.prepare('SELECT * FROM presets WHERE account_id = ? ORDER BY slug').all(accountId) as PresetRow[]).map(toPreset);
  }

  async getPreset(accountId: string, slug: string): Promise<{ preset: Preset; designated: PresetVersion | null } | undefined> {
    const row = this.database.prepare('SELECT * FROM presets WHERE account_id = ? AND slug = ?').get(accountId, slug) as PresetRow | undefined;
    if (!row) return undefined;
    const designated = row.designated_version_id ? (this.database.prepare('SELECT * FROM preset_versions WHERE id = ?').get(row.designated_version_id) as PresetVersionRow | undefined) : undefined;
    return { preset: toPreset(row), designated: designated ? toPresetVersion(designated) : null };
  }

  async listPresetVersions(accountId: string, slug: string): Promise<PresetVersion[] | undefined> {
    const row = this.database.prepare('SELECT id FROM presets WHERE account_id = ? AND slug = ?').get(accountId, slug) as { id: string } | undefined;
    if (!row) return undefined;
    return (this.database.prepare('SELECT * FROM preset_versions WHERE preset_id = ? ORDER BY version DESC').all(row.id) as PresetVersionRow[]).map(toPresetVersion);
  }

  async getPresetVersion(accountId: string, slug: string, version: number): Promise<PresetVersion | undefined> {
    const row = this.database.prepare('SELECT v.* FROM preset_versions v JOIN presets p ON p.id = v.preset_id WHERE p.account_id = ? AND p.slug = ? AND v.version = ?').get(accountId, slug, version) as
      | PresetVersionRow
      | undefined;
    return row ? toPresetVersion(row) : undefined;
  }

  async createByokKey(key: Omit<ByokKey, 'createdAt' | 'updatedAt'>): Promise<ByokKey> {
    const now = new Date().toISOString();
    const columns = { id: key.id, account_id: key.accountId, provider: key.provider, ...byokColumns(key), created_at: now, updated_at: now };
    const names = Object.keys(columns);
    this.database.prepare(`INSERT INTO byok_keys (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(...Object.values(columns));
    return (await this.getByokKey(key.accountId, key.id))!;
  }

  async listByokKeys(accountId: string, provider?: string): Promise<ByokKey[]> {
    const rows = (
      provider === undefined
        ? this.database.prepare('SELECT * FROM byok_keys WHERE account_id = ? ORDER BY provider, sort_order, created_at').all(accountId)
        : this.database.prepare('SELECT * FROM byok_keys WHERE account_id = ? AND provider = ? ORDER BY sort_order, created_at').all(accountId, provider)
    ) as ByokKeyRow[];
    return rows.map(toByokKey);
  }

  async getByokKey(accountId: string, id: string): Promise<ByokKey | undefined> {
    const row = this.database.prepare('SELECT * FROM byok_keys WHERE account_id = ? AND id = ?').get(accountId, id) as ByokKeyRow | undefined;
    return row ? toByokKey(row) : undefined;
  }

  async updateByokKey(accountId: string, id: string, patch: ByokKeyPatch): Promise<ByokKey | undefined> {
    const columns = { ...byokColumns(patch), updated_at: new Date().toISOString() };
    const result = this.database
      .prepare(
        `UPDATE byok_keys SET ${Object.keys(columns)
          .map((name) => `${name} = ?`)
          .join(', ')} WHERE account_id = ? AND id = ?`,
      )
      .run(...Object.values(columns), accountId, id);
    return result.changes === 0 ? undefined : this.getByokKey(accountId, id);
  }

  async deleteByokKey(accountId: string, id: string): Promise<boolean> {
    return this.database.prepare('DELETE FROM byok_keys WHERE account_id = ? AND id = ?').run(accountId, id).changes === 1;
  }

  async createGuardrail(guardrail: Omit<Guardrail, 'createdAt' | 'updatedAt'>): Promise<Guardrail> {
    const now = new Date().toISOString();
    const columns = { id: guardrail.id, account_id: guardrail.accountId, ...guardrailColumns(guardrail), created_at: now, updated_at: now };
    const names = Object.keys(columns);
    this.database.prepare(`INSERT INTO guardrails (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(...Object.values(columns));
    return (await this.getGuardrail(guardrail.accountId, guardrail.id))!;
  }

  async listGuardrails(accountId: string): Promise<Guardrail[]> {
    return (this.database.prepare('SELECT * FROM guardrails WHERE account_id = ? ORDER BY created_at, id').all(accountId) as GuardrailRow[]).map(toGuardrail);
  }

  async getGuardrail(accountId: string, id: string): Promise<Guardrail | undefined> {
    const row = this.database.prepare('SELECT * FROM guardrails WHERE account_id = ? AND id = ?').get(accountId, id) as GuardrailRow | undefined;
    return row ? toGuardrail(row) : undefined;
  }

  async updateGuardrail(accountId: string, id: string, patch: GuardrailPatch): Promise<Guardrail | undefined> {
    const columns = { ...guardrailColumns(patch), updated_at: new Date().toISOString() };
    const result = this.database
      .prepare(
        `UPDATE guardrails SET ${Object.keys(columns)
          .map((name) => `${name} = ?`)
          .join(', ')} WHERE account_id = ? AND id = ?`,
      )
      .run(...Object.values(columns), accountId, id);
    return result.changes === 0 ? undefined : this.getGuardrail(accountId, id);
  }

  async deleteGuardrail(accountId: string, id: string): Promise<boolean> {
    return this.database.transaction(() => {
      if (!this.database.prepare('SELECT 1 FROM guardrails WHERE account_id = ? AND id = ?').get(accountId, id)) return false;
      this.database.prepare('DELETE FROM guardrail_keys WHERE guardrail_id = ?').run(id);
      return this.database.prepare('DELETE FROM guardrails WHERE id = ?').run(id).changes === 1;
    })();
  }

  async assignGuardrailKeys(accountId: string, guardrailId: string, keyHashes: readonly string[]): Promise<number> {
    const now = new Date().toISOString();
    return this.database.transaction(() => {
      if (!this.database.prepare('SELECT 1 FROM guardrails WHERE account_id = ? AND id = ?').get(accountId, guardrailId)) return 0;
      const insert = this.database.prepare('INSERT OR IGNORE INTO guardrail_keys (guardrail_id, key_hash, assigned_at) VALUES (?, ?, ?)');
      let added = 0;
      for (const hash of new Set(keyHashes)) added += insert.run(guardrailId, hash, now).changes;
      return added;
    })();
  }

  async unassignGuardrailKeys(accountId: string, guardrailId: string, keyHashes: readonly string[]): Promise<number> {
    return this.database.transaction(() => {
      if (!this.database.prepare('SELECT 1 FROM guardrails WHERE account_id = ? AND id = ?').get(accountId, guardrailId)) return 0;
      const remove = this.database.prepare('DELETE FROM guardrail_keys WHERE guardrail_id = ? AND key_hash = ?');
      let removed = 0;
      for (const hash of new Set(keyHashes)) removed += remove.run(guardrailId, hash).changes;
      return removed;
    })();
  }

  async listGuardrailKeyAssignments(accountId: string, guardrailId?: string): Promise<GuardrailKeyAssignment[]> {
    const rows = this.database
      .prepare(
        `SELECT a.guardrail_id, a.key_hash, a.assigned_at, k.name AS key_name, k.label AS key_label FROM guardrail_keys a
         JOIN guardrails g ON g.id = a.guardrail_id JOIN api_keys k ON k.hash = a.key_hash
         WHERE g.account_id = ? ${guardrailId === undefined ? '' : 'AND a.guardrail_id = ?'} ORDER BY a.assigned_at, a.key_hash`,
      )
      .all(...(guardrailId === undefined ? [accountId] : [accountId, guardrailId])) as { guardrail_id: string; key_hash: string; assigned_at: string; key_name: string; key_label: string }[];
    return rows.map((row) => ({ guardrailId: row.guardrail_id, keyHash: row.key_hash, keyName: row.key_name, keyLabel: row.key_label, assignedAt: row.assigned_at }));
  }

  async guardrailsForKey(keyHash: string): Promise<Guardrail[]> {
    return (this.database.prepare('SELECT g.* FROM guardrails g JOIN guardrail_keys a ON a.guardrail_id = g.id WHERE a.key_hash = ? ORDER BY g.created_at, g.id').all(keyHash) as GuardrailRow[]).map(
      toGuardrail,
    );
  }

  async createAuthCode(code: AuthCode): Promise<void> {
    const columns = authCodeColumns(code);
    const names = Object.keys(columns);
    this.database.prepare(`INSERT INTO auth_codes (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(...Object.values(columns));
  }

  async consumeAuthCode(codeHash: string, usedAt: string): Promise<AuthCode | undefined> {
    const row = this.database.prepare('UPDATE auth_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL RETURNING *').get(usedAt, codeHash) as AuthCodeRow | undefined;
    return row ? toAuthCode(row) : undefined;
  }

  async close(): Promise<void> {
    this.database.close();
  }
}
