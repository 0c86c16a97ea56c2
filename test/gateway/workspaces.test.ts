import { OpenRouter } from '@openrouter/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNanoDollars } from '../../src/accounting/pricing.js';
import { utcDay } from '../../src/spec/limit-period.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * Workspaces, their members and budgets, organization members and guardrails assigned to members,
 * as OpenRouter has them, driven through its SDK (response validation on): a workspace budget
 * holds the workspace's keys together under 500 concurrent requests; a workspace's default model
 * and provider sort fill in what a request leaves out; a member's guardrail holds every key they made.
 */
let gateway: TestGateway;
let admin: OpenRouter;
let adaId = '';
let boId = '';

beforeAll(async () => {
  gateway = await startTestGateway({ auth: { anonymous: false } });
  await gateway.createAccount('acme', 100);
  await gateway.createAccount('stranger', 5);
  admin = new OpenRouter({ apiKey: (await gateway.createKey('acme', { management: true })).key, serverURL: `${gateway.url}/api/v1` });
  const organization = gateway.services.controlPlane.organization;
  adaId = (await organization.addMember({ id: 'user_ada', accountId: 'acme', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', role: 'admin' }))!.id;
  boId = (await organization.addMember({ id: 'user_bo', accountId: 'acme', email: 'bo@example.com', firstName: null, lastName: null, role: 'member' }))!.id;
  await organization.addMember({ id: 'user_eve', accountId: 'stranger', email: 'eve@example.com', firstName: null, lastName: null, role: 'member' });
});
afterAll(async () => {
  await gateway?.close();
});

async function chat(apiKey: string, body: Record<string, unknown>) {
  const response = await gateway.call('/api/v1/chat/completions', { key: apiKey, json: { messages: [{ role: 'user', content: 'Hello' }], max_tokens: 5, min_tokens: 5, ...body } });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe('workspaces', () => {
  let workspaceId = '';

  it('lists the organization members, and makes, reads, changes and lists workspaces with members through the SDK', async () => {
    const members = await admin.organization.listMembers();
    expect(members.result.data.map((member) => [member.id, member.email, member.role])).toEqual([
      ['user_ada', 'ada@example.com', 'admin'],
      ['user_bo', 'bo@example.com', 'member'],
    ]);
    expect(members.result.totalCount).toBe(2);

    // Every account has its default workspace.
    expect((await admin.workspaces.list()).result.data.map((workspace) => workspace.slug)).toEqual(['default']);
    const created = await admin.workspaces.create({ createWorkspaceRequest: { name: 'Research', slug: 'research', description: 'the research team', defaultTextModel: 'openai/gpt-4o-mini' } });
    workspaceId = created.data.id;
    expect(created.data).toMatchObject({ name: 'Research', slug: 'research', defaultTextModel: 'openai/gpt-4o-mini', isObservabilityBroadcastEnabled: true });
    expect((await admin.workspaces.get({ id: 'research' })).data.id).toBe(workspaceId);
    const updated = await admin.workspaces.update({ id: workspaceId, updateWorkspaceRequest: { defaultProviderSort: 'price', description: null } });
    expect(updated.data).toMatchObject({ defaultProviderSort: 'price', description: null });
    const listed = await admin.workspaces.list();
    expect(listed.result.totalCount).toBe(2);

    const added = await admin.workspaces.bulkAddMembers({ id: workspaceId, bulkAddWorkspaceMembersRequest: { userIds: [adaId, boId] } });
    expect(added.addedCount).toBe(2);
    expect(added.data.map((membership) => [membership.userId, membership.role])).toEqual([
      ['user_ada', 'admin'],
      ['user_bo', 'member'],
    ]);
    expect((await admin.workspaces.listMembers({ id: workspaceId })).result.totalCount).toBe(2);
    expect((await admin.workspaces.bulkRemoveMembers({ id: workspaceId, bulkRemoveWorkspaceMembersRequest: { userIds: [boId] } })).removedCount).toBe(1);
    expect((await admin.workspaces.listMembers({ id: workspaceId })).result.data.map((membership) => membership.userId)).toEqual(['user_ada']);
  });

  it('refuses bad input by name: a taken slug, another account’s member, an unknown model, a key in a workspace that is not the account’s', async () => {
    const management = (await gateway.createKey('acme', { management: true })).key;
    const post = (path: string, json: unknown) => gateway.call(`/api/v1${path}`, { key: management, json });
    const expectError = async (response: Response, status: number, text: string) => {
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(text);
    };
    await expectError(await post('/workspaces', { name: 'Again', slug: 'research' }), 409, 'slug');
    await expectError(await post('/workspaces', { name: 'Bad', slug: 'Not A Slug' }), 400, 'slug');
    await expectError(await post('/workspaces', { name: 'Bad', slug: 'bad', default_text_model: 'nobody/nothing' }), 400, 'default_text_model');
    // Prompt logging needs the operator's encryption key (this gateway has none); data discount logging is never offered.
    await expectError(await post('/workspaces', { name: 'Bad', slug: 'bad', is_observability_io_logging_enabled: true }), 503, 'encryption key');
    await expectError(await post('/workspaces', { name: 'Bad', slug: 'bad', is_data_discount_logging_enabled: true }), 400, 'is_data_discount_logging_enabled');
    await expectError(await post(`/workspaces/${workspaceId}/members/add`, { user_ids: ['user_eve'] }), 400, 'user_eve');
    await expectError(await post('/keys', { name: 'k', workspace_id: 'elsewhere' }), 400, 'workspace_id');
    await expectError(await post('/keys', { name: 'k', creator_user_id: 'user_eve' }), 400, 'creator_user_id');
    await expectError(await gateway.call(`/api/v1/workspaces/${workspaceId}/budgets/hourly`, { key: management, method: 'PUT', json: { limit_usd: 1 } }), 400, 'interval');
    await expectError(await gateway.call(`/api/v1/workspaces/${workspaceId}/budgets/daily`, { key: management, method: 'PUT', json: { limit_usd: 0 } }), 400, 'limit_usd');
    await expectError(await gateway.call('/api/v1/workspaces/default', { key: management, method: 'DELETE' }), 400, 'default');
    // Another account's management key does not see this account's workspace.
    const stranger = new OpenRouter({ apiKey: (await gateway.createKey('stranger', { management: true })).key, serverURL: `${gateway.url}/api/v1` });
    await expect(stranger.workspaces.get({ id: workspaceId })).rejects.toThrow();
  });

  it("fills in the workspace's default model and provider sort where a request leaves them out", async () => {
    const made = await admin.apiKeys.create({ requestBody: { name: 'research key', workspaceId } });
    expect(made.data).toMatchObject({ workspaceId });
    const served = await chat(made.key!, {});
    expect(served.status).toBe(200);
    expect(served.body.model).toBe('openai/gpt-4o-mini');
    // Its record names the workspace, as GET /generation shows it (no preset).
    await gateway.writer.drain();
    const record = await new OpenRouter({ apiKey: made.key!, serverURL: `${gateway.url}/api/v1` }).generations.getGeneration({ id: served.body.id });
    expect(record.data).toMatchObject({ workspaceId, presetId: null });
    // The request's own model wins.
    expect((await chat(made.key!, { model: 'meta-llama/llama-3.3-70b-instruct' })).body.model).toBe('meta-llama/llama-3.3-70b-instruct');
    // A key of the default workspace still has to name one.
    const plain = await gateway.createKey('acme');
    expect((await chat(plain.key, {})).status).toBe(400);
    expect((await admin.apiKeys.list({ workspaceId })).data.map((key) => key.name)).toEqual(['research key']);
  });

  it('holds the workspace’s keys together to its budget under 500 concurrent requests, exactly like a key limit', { timeout: 120_000 }, async () => {
    const keys = await Promise.all([0, 1, 2].map((index) => admin.apiKeys.create({ requestBody: { name: `team ${index}`, workspaceId } })));
    const probe = await chat(keys[0]!.key!, {});
    const each = toNanoDollars(probe.body.usage.cost);
    const budget = await admin.workspaces.setBudget({ workspaceRef: 'research', interval: 'daily', upsertWorkspaceBudgetRequest: { limitUsd: (40 * each) / 1e9 } });
    expect(budget.data).toMatchObject({ workspaceId, resetInterval: 'daily', limitUsd: (40 * each) / 1e9 });
    expect((await admin.workspaces.getBudget({ workspaceRef: workspaceId, interval: 'daily' })).data.id).toBe(budget.data.id);
    expect((await admin.workspaces.listBudgets({ workspaceRef: workspaceId })).data).toHaveLength(1);
    await gateway.writer.drain();
    const today = utcDay(Date.now());
    const before = (await gateway.services.controlPlane.scopeUsage('acme', `workspace:${workspaceId}`, today)).dailyNano;

    const answers = await Promise.all(Array.from({ length: 500 }, (_, index) => chat(keys[index % 3]!.key!, {})));
    const served = answers.filter((answer) => answer.status === 200);
    const spent = served.reduce((sum, answer) => sum + toNanoDollars(answer.body.usage.cost), 0);
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([200, 402]));
    expect(served.length).toBeGreaterThan(0);
    // Whatever the workspace spent today before the budget was set counts too: never past it.
    expect(before + spent).toBeLessThanOrEqual(40 * each);
    console.log(`workspace budget ${40 * each} nano-USD a day over 3 keys: 500 at once → ${served.length} served, ${before + spent} spent (with earlier requests)`);
    const refusal = answers.find((answer) => answer.status === 402)!;
    expect(refusal.body.error.metadata).toMatchObject({ switchboard_code: 'key_limit_exceeded', workspace_id: workspaceId });
    expect(refusal.body.error.message).toContain('workspace');
    await gateway.writer.drain();
    const usage = await gateway.services.controlPlane.scopeUsage('acme', `workspace:${workspaceId}`, today);
    expect(usage.dailyNano).toBe(before + spent);
    // A key of another workspace is not held to it; removed, the budget no longer holds.
    expect((await chat((await gateway.createKey('acme')).key, { model: 'openai/gpt-4o-mini' })).status).toBe(200);
    expect((await admin.workspaces.deleteBudget({ workspaceRef: workspaceId, interval: 'daily' })).deleted).toBe(true);
    expect((await chat(keys[1]!.key!, {})).status).toBe(200);
    // A workspace with keys cannot be deleted.
    await expect(admin.workspaces.delete({ id: workspaceId })).rejects.toThrow();
  });

  it('deletes a workspace without keys', async () => {
    const empty = await admin.workspaces.create({ createWorkspaceRequest: { name: 'Empty', slug: 'empty' } });
    expect((await admin.workspaces.delete({ id: empty.data.id })).deleted).toBe(true);
    await expect(admin.workspaces.get({ id: 'empty' })).rejects.toThrow();
  });
});

describe('guardrails assigned to members', () => {
  it("hold every key the member made, its budget over those keys together, through the SDK's member assignments", async () => {
    const first = await admin.apiKeys.create({ requestBody: { name: 'ada 1', creatorUserId: adaId } });
    const second = await admin.apiKeys.create({ requestBody: { name: 'ada 2', creatorUserId: adaId } });
    expect(first.data).toMatchObject({ creatorUserId: adaId });
    const probe = await chat(first.key!, { model: 'openai/gpt-4o-mini' });
    const each = toNanoDollars(probe.body.usage.cost);
    const guardrail = await admin.guardrails.create({ createGuardrailRequest: { name: 'Ada', allowedModels: ['openai/gpt-4o-mini'], limitUsd: (3 * each) / 1e9 } });
    const assigned = await admin.guardrails.bulkAssignMembers({ id: guardrail.data.id, bulkAssignMembersRequest: { memberUserIds: [adaId] } });
    expect(assigned.assignedCount).toBe(1);
    expect((await admin.guardrails.listGuardrailMemberAssignments({ id: guardrail.data.id })).result.data).toMatchObject([{ userId: adaId, organizationId: 'acme' }]);
    expect((await admin.guardrails.listMemberAssignments()).result.totalCount).toBe(1);
    // Its model list holds both of Ada's keys.
    const blocked = await chat(second.key!, { model: 'meta-llama/llama-3.3-70b-instruct' });
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.metadata).toMatchObject({ switchboard_code: 'guardrail_blocked', guardrail_id: guardrail.data.id });
    // Its budget (three requests' cost) counts both keys together, the probe included: one at a time, one more is served.
    const statuses: number[] = [];
    for (let index = 0; index < 6; index++) statuses.push((await chat(index % 2 ? first.key! : second.key!, { model: 'openai/gpt-4o-mini' })).status);
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(2);
    expect(statuses.at(-1)).toBe(402);
    // A member of another account cannot be assigned; unassigned, Ada's keys are free of it.
    const foreign = await gateway.call(`/api/v1/guardrails/${guardrail.data.id}/assignments/members`, {
      key: (await gateway.createKey('acme', { management: true })).key,
      json: { member_user_ids: ['user_eve'] },
    });
    expect(foreign.status).toBe(400);
    expect((await admin.guardrails.bulkUnassignMembers({ id: guardrail.data.id, bulkUnassignMembersRequest: { memberUserIds: [adaId] } })).unassignedCount).toBe(1);
    expect((await chat(second.key!, { model: 'meta-llama/llama-3.3-70b-instruct' })).status).toBe(200);
  });
});
