import { byokKeyDefaults } from '../../spec/byok-key.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { utcDay } from '../../spec/limit-period.js';
import { guardrailDefaults } from '../../spec/guardrail.js';
import { workspaceDefaults } from '../../spec/workspace.js';
import type { ControlPlaneStore } from './control-plane-store.js';

/**
 * The behaviour every control-plane store must have (SQLite now, PostgreSQL for several nodes):
 * call runControlPlaneStoreContract({ create }) from each implementation's test.
 */
export function runControlPlaneStoreContract(options: { create: () => Promise<ControlPlaneStore> }): void {
  let store: ControlPlaneStore;
  beforeEach(async () => {
    store = await options.create();
  });
  afterEach(async () => {
    await store.close();
  });

  describe('accounts and credits', () => {
    it('creates accounts and adds purchased and granted credits', async () => {
      const account = await store.createAccount({ name: 'Acme', billingCountry: 'de' });
      expect(account).toMatchObject({ name: 'Acme', billingCountry: 'DE', creditsNano: 0, usageNano: 0, purchasedNano: 0 });
      await store.addCredits(account.id, 5_000, 'grant');
      const topped = await store.addCredits(account.id, 2_000, 'purchase');
      expect(topped).toMatchObject({ creditsNano: 7_000, purchasedNano: 2_000 });
      expect((await store.listAccounts()).map((item) => item.id)).toContain(account.id);
      await expect(store.addCredits('nobody', 1, 'grant')).rejects.toThrow();
      expect(await store.updateAccount(account.id, { billingCountry: 'fr' })).toMatchObject({ billingCountry: 'FR', name: 'Acme' });
    });
  });

  describe('keys', () => {
    it('stores keys by hash and lists, updates and deletes them', async () => {
      await store.createAccount({ id: 'a1', name: 'A' });
      const key = await store.createKey({ accountId: 'a1', name: 'prod', hash: 'hash-1', label: 'sk-sb-v1-aaa...bbb', limitNano: 10, limitReset: 'weekly' });
      expect(key).toMatchObject({ hash: 'hash-1', accountId: 'a1', isManagement: false, disabled: false, limitNano: 10, limitReset: 'weekly' });
      await store.createKey({ accountId: 'a1', name: 'admin', hash: 'hash-2', label: 'x', isManagement: true });
      expect((await store.listKeys('a1')).map((item) => item.hash).sort()).toEqual(['hash-1', 'hash-2']);
      const disabled = await store.updateKey('hash-1', { disabled: true, limitNano: null });
      expect(disabled).toMatchObject({ disabled: true, limitNano: null, limitReset: 'weekly', name: 'prod' });
      expect((await store.listKeys('a1')).map((item) => item.hash)).toEqual(['hash-2']);
      expect((await store.listKeys('a1', { includeDisabled: true })).length).toBe(2);
      expect(await store.deleteKey('hash-2')).toBe(true);
      expect(await store.getKey('hash-2')).toBeUndefined();
      expect(await store.deleteKey('hash-2')).toBe(false);
      // A deleted key is listed only when asked for (activity by key or member still counts its days).
      expect((await store.listKeys('a1', { includeDisabled: true })).map((item) => item.hash)).toEqual(['hash-1']);
      expect((await store.listKeys('a1', { includeDisabled: true, includeDeleted: true })).map((item) => item.hash).sort()).toEqual(['hash-1', 'hash-2']);
    });
  });

  describe('presets', () => {
    it('saves versions of a preset, designating the newest, per account', async () => {
      await store.createAccount({ id: 'p1', name: 'P' });
      await store.createAccount({ id: 'p2', name: 'Q' });
      const first = await store.savePresetVersion({
        accountId: 'p1',
        slug: 'support',
        name: 'Support bot',
        config: { model: 'openai/gpt-4o-mini', temperature: 0.2 },
        systemPrompt: 'Be kind.',
        creatorId: 'h1',
      });
      expect(first.version.version).toBe(1);
      expect(first.preset).toMatchObject({ slug: 'support', name: 'Support bot', status: 'active', designatedVersionId: first.version.id });
      const second = await store.savePresetVersion({ accountId: 'p1', slug: 'support', config: { models: ['a/b', 'c/d'], provider: { sort: 'price' } }, systemPrompt: null, creatorId: 'h2' });
      expect(second.version.version).toBe(2);
      expect(second.preset.name).toBe('Support bot');
      expect((await store.getPreset('p1', 'support'))!.designated).toEqual(second.version);
      expect((await store.listPresetVersions('p1', 'support'))!.map((version) => version.version)).toEqual([2, 1]);
      expect((await store.getPresetVersion('p1', 'support', 1))!.config).toEqual({ model: 'openai/gpt-4o-mini', temperature: 0.2 });
      // Another account's presets are its own: same slug, its own versions, none of p1's.
      expect(await store.getPreset('p2', 'support')).toBeUndefined();
      expect(await store.listPresetVersions('p2', 'support')).toBeUndefined();
      await store.savePresetVersion({ accountId: 'p2', slug: 'support', config: {}, systemPrompt: null, creatorId: 'h3' });
      expect((await store.listPresets('p2')).map((preset) => preset.slug)).toEqual(['support']);
      expect((await store.getPreset('p2', 'support'))!.designated!.version).toBe(1);
    });

    it('numbers versions saved at once one after another', async () => {
      await store.createAccount({ id: 'p3', name: 'R' });
      const saved = await Promise.all(Array.from({ length: 8 }, (_, index) => store.savePresetVersion({ accountId: 'p3', slug: 'busy', config: { seed: index }, systemPrompt: null, creatorId: 'h' })));
      expect(saved.map((entry) => entry.version.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });
  });

  describe('BYOK keys', () => {
    it('keeps what it is given (ciphertext, never plaintext), by account, with every setting', async () => {
      await store.createAccount({ id: 'b1', name: 'B' });
      await store.createAccount({ id: 'b2', name: 'C' });
      const base = { ...byokKeyDefaults, accountId: 'b1', provider: 'openai', name: 'prod', label: 'sk-…1234', encryptedKey: 'v1.nonce.cipher' };
      const made = await store.createByokKey({ ...base, id: 'k1' });
      expect(made).toMatchObject({ ...base, id: 'k1' });
      await store.createByokKey({ ...base, id: 'k2', provider: 'anthropic', sortOrder: 1, allowedModels: ['anthropic/claude-sonnet-4.5'], declaredZdr: true, isByokOnly: true });
      await store.createByokKey({ ...base, id: 'k3', sortOrder: -1 });
      expect((await store.listByokKeys('b1')).map((key) => key.id)).toEqual(['k2', 'k3', 'k1']);
      expect((await store.listByokKeys('b1', 'openai')).map((key) => key.id)).toEqual(['k3', 'k1']);
      expect(await store.getByokKey('b1', 'k2')).toMatchObject({ allowedModels: ['anthropic/claude-sonnet-4.5'], declaredZdr: true, isByokOnly: true });
      expect(await store.getByokKey('b2', 'k1')).toBeUndefined();
      expect(await store.listByokKeys('b2')).toEqual([]);
      const updated = await store.updateByokKey('b1', 'k1', { disabled: true, allowedUserIds: ['u1'], encryptedKey: 'v1.other.cipher', label: 'sk-…9999' });
      expect(updated).toMatchObject({ disabled: true, allowedUserIds: ['u1'], encryptedKey: 'v1.other.cipher', label: 'sk-…9999', name: 'prod' });
      expect(await store.updateByokKey('b2', 'k1', { disabled: false })).toBeUndefined();
      expect(await store.deleteByokKey('b2', 'k1')).toBe(false);
      expect(await store.deleteByokKey('b1', 'k1')).toBe(true);
      expect(await store.getByokKey('b1', 'k1')).toBeUndefined();
    });
  });

  describe('guardrails', () => {
    it('keeps guardrails per account and assigns them to keys in bulk, once each', async () => {
      await store.createAccount({ id: 'g1', name: 'G' });
      await store.createAccount({ id: 'g2', name: 'H' });
      for (const hash of ['gk1', 'gk2', 'gk3']) await store.createKey({ accountId: 'g1', name: hash, hash, label: `sk-…${hash}` });
      const base = {
        accountId: 'g1',
        description: null,
        limitNano: 4_000_000_000,
        resetInterval: 'daily' as const,
        includeByokInBudgets: false,
        allowedModels: ['openai/gpt-4o-mini'],
        ignoredModels: null,
        allowedProviders: null,
        ignoredProviders: ['cheap'],
        enforceZdr: true,
      };
      const made = await store.createGuardrail({ ...base, id: 'gr1', name: 'Interns' });
      expect(made).toMatchObject({ ...base, id: 'gr1', name: 'Interns' });
      await store.createGuardrail({ ...base, id: 'gr2', name: 'Contractors', limitNano: null, resetInterval: null, enforceZdr: false });
      expect((await store.listGuardrails('g1')).map((guardrail) => guardrail.id)).toEqual(['gr1', 'gr2']);
      expect(await store.getGuardrail('g2', 'gr1')).toBeUndefined();
      expect(await store.updateGuardrail('g1', 'gr1', { limitNano: 5_000_000_000, allowedModels: null })).toMatchObject({ limitNano: 5_000_000_000, allowedModels: null, name: 'Interns' });
      expect(await store.updateGuardrail('g2', 'gr1', { name: 'x' })).toBeUndefined();
      expect(await store.assignGuardrailKeys('g1', 'gr1', ['gk1', 'gk2', 'gk2'])).toBe(2);
      expect(await store.assignGuardrailKeys('g1', 'gr1', ['gk2', 'gk3'])).toBe(1);
      expect(await store.assignGuardrailKeys('g2', 'gr1', ['gk1'])).toBe(0);
      await store.assignGuardrailKeys('g1', 'gr2', ['gk1']);
      expect((await store.guardrailsForKey('gk1')).map((guardrail) => guardrail.id)).toEqual(['gr1', 'gr2']);
      expect((await store.listGuardrailKeyAssignments('g1', 'gr1')).map((assignment) => assignment.keyHash).sort()).toEqual(['gk1', 'gk2', 'gk3']);
      expect((await store.listGuardrailKeyAssignments('g1')).length).toBe(4);
      expect((await store.listGuardrailKeyAssignments('g1', 'gr1'))[0]).toMatchObject({ guardrailId: 'gr1', keyName: expect.any(String), keyLabel: expect.stringContaining('sk-') });
      expect(await store.listGuardrailKeyAssignments('g2')).toEqual([]);
      expect(await store.unassignGuardrailKeys('g1', 'gr1', ['gk2', 'nope'])).toBe(1);
      expect(await store.deleteGuardrail('g2', 'gr1')).toBe(false);
      expect(await store.deleteGuardrail('g1', 'gr1')).toBe(true);
      expect((await store.guardrailsForKey('gk1')).map((guardrail) => guardrail.id)).toEqual(['gr2']);
      expect(await store.listGuardrailKeyAssignments('g1', 'gr1')).toEqual([]);
    });
  });

  describe('generation content', () => {
    it('keeps a sealed text per generation, gives it to its account until it expires, and deletes what expired', async () => {
      const content = store.generationContent;
      await content.keep({ generationId: 'g1', accountId: 'a1', sealed: 'v1.x.y', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-31T00:00:00.000Z' });
      await content.keep({ generationId: 'g2', accountId: 'a1', sealed: 'v1.x.z', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-02T00:00:00.000Z' });
      // Kept once: a second keep of the same generation changes nothing.
      await content.keep({ generationId: 'g1', accountId: 'a1', sealed: 'other', createdAt: '2026-01-05T00:00:00.000Z', expiresAt: '2027-01-01T00:00:00.000Z' });
      expect(await content.get('a1', 'g1', '2026-01-10T00:00:00.000Z')).toMatchObject({ sealed: 'v1.x.y' });
      expect(await content.get('a2', 'g1', '2026-01-10T00:00:00.000Z')).toBeUndefined();
      expect(await content.get('a1', 'g2', '2026-01-10T00:00:00.000Z')).toBeUndefined();
      expect(await content.deleteExpired('2026-01-10T00:00:00.000Z')).toBe(1);
      expect(await content.deleteExpired('2026-02-01T00:00:00.000Z')).toBe(1);
      expect(await content.get('a1', 'g1', '2026-01-10T00:00:00.000Z')).toBeUndefined();
    });

    it('keeps feedback on a generation per account', async () => {
      await store.generationFeedback.add({ accountId: 'a1', generationId: 'g1', category: 'latency', comment: null, keyHash: 'k1' });
      await store.generationFeedback.add({ accountId: 'a1', generationId: 'g1', category: 'other', comment: 'and slow', keyHash: null });
      await store.generationFeedback.add({ accountId: 'a2', generationId: 'g1', category: 'billing', comment: null, keyHash: null });
      expect((await store.generationFeedback.list('a1', 'g1')).map((entry) => [entry.category, entry.comment]).sort()).toEqual([
        ['latency', null],
        ['other', 'and slow'],
      ]);
    });

    it('keeps files per account and workspace, pages them in time order and deletes them', async () => {
      const files = store.files;
      const file = (id: string, second: number, workspaceId = 'w1', accountId = 'a1') => ({
        id,
        accountId,
        workspaceId,
        filename: `${id}.txt`,
        mimeType: 'text/plain',
        sizeBytes: 3,
        createdAt: `2026-01-01T00:00:0${second}.000Z`,
      });
      for (const [index, id] of ['file-a', 'file-b', 'file-c'].entries()) await files.add(file(id, index), Buffer.from([0, 255, index]));
      await files.add(file('file-other-workspace', 5, 'w2'), Buffer.from('x'));
      await files.add(file('file-other-account', 6, 'w1', 'a2'), Buffer.from('y'));
      expect(await files.content('a1', 'w1', 'file-b')).toEqual(Buffer.from([0, 255, 1]));
      expect(await files.get('a1', 'w1', 'file-other-workspace')).toBeUndefined();
      expect(await files.content('a1', 'w1', 'file-other-account')).toBeUndefined();
      const first = await files.list('a1', 'w1', { limit: 2, order: 'desc' });
      expect(first.files.map((item) => item.id)).toEqual(['file-c', 'file-b']);
      expect(first.hasMore).toBe(true);
      const second = await files.list('a1', 'w1', { limit: 2, order: 'desc', afterId: 'file-b' });
      expect(second).toEqual({ files: [file('file-a', 0)], hasMore: false });
      expect((await files.list('a1', 'w1', { limit: 5, order: 'asc', beforeId: 'file-c' })).files.map((item) => item.id)).toEqual(['file-a', 'file-b']);
      expect(await files.delete('a2', 'w1', 'file-a')).toBe(false);
      expect(await files.delete('a1', 'w1', 'file-a')).toBe(true);
      expect(await files.get('a1', 'w1', 'file-a')).toBeUndefined();
    });
  });

  describe('members, workspaces and budgets', () => {
    it('keeps members per account, unique by email, and removes them from workspaces and guardrails', async () => {
      await store.createAccount({ id: 'a1', name: 'A' });
      await store.createAccount({ id: 'a2', name: 'B' });
      const ada = await store.organization.addMember({ id: 'user_ada', accountId: 'a1', email: 'ada@example.com', firstName: 'Ada', lastName: null, role: 'admin' });
      expect(ada).toMatchObject({ id: 'user_ada', role: 'admin', firstName: 'Ada' });
      expect(await store.organization.addMember({ id: 'user_other', accountId: 'a1', email: 'ada@example.com', firstName: null, lastName: null, role: 'member' })).toBeUndefined();
      await store.organization.addMember({ id: 'user_bo', accountId: 'a2', email: 'bo@example.com', firstName: null, lastName: null, role: 'member' });
      expect((await store.organization.listMembers('a1')).total).toBe(1);
      // Another account's member is not found from this one.
      expect(await store.organization.findMembers('a1', ['user_ada', 'user_bo', 'nobody'])).toHaveLength(1);
      await store.createGuardrail({ ...guardrailDefaults, id: 'g1', accountId: 'a1', name: 'g' });
      expect(await store.organization.assignGuardrailMembers('g1', ['user_ada'], null)).toBe(1);
      expect(await store.organization.assignGuardrailMembers('g1', ['user_ada'], null)).toBe(0);
      expect((await store.organization.guardrailsForMember('user_ada')).map((guardrail) => guardrail.id)).toEqual(['g1']);
      expect(await store.organization.listGuardrailMemberAssignments('a1', 'g1')).toMatchObject([{ guardrailId: 'g1', userId: 'user_ada' }]);
      expect(await store.organization.listGuardrailMemberAssignments('a2')).toEqual([]);
      expect(await store.organization.removeMember('a1', 'user_ada')).toBe(true);
      expect(await store.organization.guardrailsForMember('user_ada')).toEqual([]);
    });

    it('gives every account a default workspace, keeps slugs unique per account, and members and budgets per workspace', async () => {
      await store.createAccount({ id: 'a1', name: 'A' });
      await store.createAccount({ id: 'a2', name: 'B' });
      expect((await store.organization.listWorkspaces('a1')).workspaces.map((workspace) => workspace.slug)).toEqual(['default']);
      const team = await store.organization.createWorkspace({ ...workspaceDefaults, id: 'w1', accountId: 'a1', name: 'Team', slug: 'team' });
      expect(team).toMatchObject({ id: 'w1', slug: 'team', isObservabilityBroadcastEnabled: true });
      expect(await store.organization.createWorkspace({ ...workspaceDefaults, id: 'w2', accountId: 'a1', name: 'Again', slug: 'team' })).toBeUndefined();
      // The same slug in another account is that account's own.
      expect(await store.organization.createWorkspace({ ...workspaceDefaults, id: 'w3', accountId: 'a2', name: 'Team', slug: 'team' })).toBeDefined();
      expect(await store.organization.getWorkspace('a1', 'team')).toMatchObject({ id: 'w1' });
      expect(await store.organization.getWorkspace('a2', 'w1')).toBeUndefined();
      expect(await store.organization.updateWorkspace('a1', 'w1', { slug: 'default' })).toBe('slug_taken');
      expect(await store.organization.updateWorkspace('a1', 'w1', { description: 'the team', defaultTextModel: 'openai/gpt-4o-mini' })).toMatchObject({
        description: 'the team',
        defaultTextModel: 'openai/gpt-4o-mini',
      });

      const ada = (await store.organization.addMember({ id: 'user_ada', accountId: 'a1', email: 'ada@example.com', firstName: null, lastName: null, role: 'member' }))!;
      expect(await store.organization.addWorkspaceMembers('a1', 'w1', [ada])).toMatchObject([{ workspaceId: 'w1', userId: 'user_ada', role: 'member' }]);
      expect(await store.organization.addWorkspaceMembers('a1', 'w1', [ada])).toHaveLength(1);
      expect((await store.organization.listWorkspaceMembers('a1', 'w1')).total).toBe(1);
      expect(await store.organization.removeWorkspaceMembers('a1', 'w1', ['user_ada', 'nobody'])).toBe(1);

      const daily = await store.organization.upsertWorkspaceBudget('a1', 'w1', 'daily', 1_000);
      const raised = await store.organization.upsertWorkspaceBudget('a1', 'w1', 'daily', 2_000, true);
      expect(raised).toMatchObject({ id: daily.id, interval: 'daily', limitNano: 2_000 });
      await store.organization.upsertWorkspaceBudget('a1', 'w1', 'lifetime', 9_000_000_000_000);
      expect((await store.organization.listWorkspaceBudgets('a1', 'w1')).map((budget) => [budget.interval, budget.limitNano])).toEqual([
        ['daily', 2_000],
        ['lifetime', 9_000_000_000_000],
      ]);
      expect(await store.organization.getWorkspace('a1', 'w1')).toMatchObject({ includeByokInBudgets: true });
      await expect(store.organization.upsertWorkspaceBudget('a1', 'w1', 'weekly', 0)).rejects.toThrow();
      expect(await store.organization.deleteWorkspaceBudget('a1', 'w1', 'daily')).toBe(true);
      expect(await store.organization.deleteWorkspaceBudget('a1', 'w1', 'daily')).toBe(false);

      await store.createKey({ accountId: 'a1', name: 'k', hash: 'team-key', label: 'l', workspaceId: 'w1', creatorUserId: 'user_ada' });
      expect(await store.organization.countWorkspaceKeys('a1', 'w1')).toBe(1);
      expect(await store.getKey('team-key')).toMatchObject({ workspaceId: 'w1', creatorUserId: 'user_ada' });
      expect((await store.listKeys('a1', { workspaceId: 'w1' })).map((key) => key.hash)).toEqual(['team-key']);
      expect(await store.listKeys('a1', { workspaceId: 'default' })).toEqual([]);
      expect(await store.organization.deleteWorkspace('a1', 'w1')).toBe(true);
      expect(await store.organization.listWorkspaceBudgets('a1', 'w1')).toEqual([]);
    });

    it("sums a workspace's and a member's keys' usage together, deleted keys included", async () => {
      await store.createAccount({ id: 'a1', name: 'A' });
      await store.createKey({ accountId: 'a1', name: 'x', hash: 'k1', label: 'l', workspaceId: 'w1', creatorUserId: 'user_ada' });
      await store.createKey({ accountId: 'a1', name: 'y', hash: 'k2', label: 'l', workspaceId: 'w1' });
      await store.createKey({ accountId: 'a1', name: 'z', hash: 'k3', label: 'l', creatorUserId: 'user_ada' });
      const today = utcDay(Date.now());
      await store.applyUsage(
        [
          { accountId: 'a1', keyHash: 'k1', costNano: 100, day: today, isByok: false },
          { accountId: 'a1', keyHash: 'k2', costNano: 20, day: today - 40, isByok: false },
          { accountId: 'a1', keyHash: 'k2', costNano: 7, day: today, isByok: true },
          { accountId: 'a1', keyHash: 'k3', costNano: 3, day: today, isByok: false },
        ],
        'scopes',
        { segment: 0, offset: 1 },
      );
      await store.deleteKey('k2');
      expect(await store.scopeUsage('a1', 'workspace:w1', today)).toMatchObject({ totalNano: 120, dailyNano: 100, byokDailyNano: 7, byokTotalNano: 7 });
      expect(await store.scopeUsage('a1', 'member:user_ada', today)).toMatchObject({ totalNano: 103, dailyNano: 103 });
      expect(await store.scopeUsage('a1', 'workspace:default', today)).toMatchObject({ totalNano: 3 });
      expect(await store.scopeUsage('a2', 'workspace:w1', today)).toMatchObject({ totalNano: 0 });
    });
  });

  describe('OAuth codes', () => {
    it('gives a code back once, however many ask at once', async () => {
      await store.createAccount({ id: 'o1', name: 'O' });
      const code = {
        codeHash: 'h-1',
        accountId: 'o1',
        callbackUrl: 'https://app.example/cb',
        codeChallenge: 'c',
        codeChallengeMethod: 'S256' as const,
        keyLabel: 'app',
        limitNano: 2_000_000_000,
        limitReset: null,
        createdAt: '2026-11-30T10:00:00.000Z',
        expiresAt: '2026-11-30T10:10:00.000Z',
        usedAt: null,
      };
      await store.createAuthCode(code);
      const attempts = await Promise.all(Array.from({ length: 5 }, () => store.consumeAuthCode('h-1', '2026-11-30T10:01:00.000Z')));
      const granted = attempts.filter((attempt) => attempt !== undefined);
      expect(granted).toEqual([{ ...code, usedAt: '2026-11-30T10:01:00.000Z' }]);
      expect(await store.consumeAuthCode('h-unknown', '2026-11-30T10:01:00.000Z')).toBeUndefined();
    });
  });

  describe('usage settlement', () => {
    it('applies a batch and moves the cursor together, with daily, weekly and monthly sums', async () => {
      await store.createAccount({ id: 'a1', name: 'A' });
      await store.createKey({ accountId: 'a1', name: 'k', hash: 'h', label: 'x' });
      const today = utcDay(Date.parse('2025-03-12T12:00:00Z')); // a Wednesday; the week began on the 10th
      await store.applyUsage(
        [
          { accountId: 'a1', keyHash: 'h', costNano: 100, day: today, isByok: false },
          { accountId: 'a1', keyHash: 'h', costNano: 20, day: today - 1, isByok: false },
          { accountId: 'a1', keyHash: 'h', costNano: 3, day: today - 7, isByok: false },
          { accountId: 'a1', keyHash: 'h', costNano: 50, day: today, isByok: true },
          { accountId: 'a1', keyHash: '', costNano: 7, day: today, isByok: false },
        ],
        'writer',
        { segment: 1, offset: 500 },
      );
      expect(await store.getCursor('writer')).toEqual({ segment: 1, offset: 500 });
      expect(await store.getCursor('other')).toBeNull();
      expect((await store.getAccount('a1'))!.usageNano).toBe(130);
      expect(await store.keyUsage('h', today)).toMatchObject({ totalNano: 123, dailyNano: 100, weeklyNano: 120, monthlyNano: 123, byokTotalNano: 50, byokDailyNano: 50 });
    });

    it('moves a cursor to a new name once, never over one that exists', async () => {
      await store.applyUsage([], 'usage-events/gateway', { segment: 3, offset: 40 });
      expect(await store.moveCursor('usage-events/gateway', 'usage-events/node-a/gateway')).toBe(true);
      expect(await store.getCursor('usage-events/gateway')).toBeNull();
      expect(await store.getCursor('usage-events/node-a/gateway')).toEqual({ segment: 3, offset: 40 });
      // A second node finds nothing left to adopt; a name in use is never overwritten.
      expect(await store.moveCursor('usage-events/gateway', 'usage-events/node-b/gateway')).toBe(false);
      await store.applyUsage([], 'old', { segment: 9, offset: 9 });
      expect(await store.moveCursor('old', 'usage-events/node-a/gateway')).toBe(false);
      expect(await store.getCursor('usage-events/node-a/gateway')).toEqual({ segment: 3, offset: 40 });
      expect(await store.getCursor('old')).toEqual({ segment: 9, offset: 9 });
    });

    it('refuses a batch holding usage that is not a non-negative integer, applying none of it', async () => {
      await store.createAccount({ id: 'a2', name: 'A2' });
      for (const costNano of [Number.NaN, -5_000_000, 1.5]) {
        await expect(
          store.applyUsage(
            [
              { accountId: 'a2', keyHash: '', costNano: 10, day: 20_000, isByok: false },
              { accountId: 'a2', keyHash: '', costNano, day: 20_000, isByok: false },
            ],
            'bad-batch',
            { segment: 1, offset: 10 },
          ),
        ).rejects.toThrow(RangeError);
      }
      expect((await store.getAccount('a2'))!.usageNano).toBe(0);
      expect(await store.getCursor('bad-batch')).toBeNull();
    });
  });
}
