import { createHash, randomBytes } from 'node:crypto';
import { OpenRouter } from '@openrouter/sdk';
// This gateway's own provider slug (the SDK's type lists OpenRouter's providers; the wire takes any string).
import type { BYOKProviderSlug } from '@openrouter/sdk/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream } from '../helpers/fake-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * Every operation of OpenRouter's account and governance API, called once through its official
 * SDK with response validation on (the SDK throws on a shape it rejects): keys, credits, BYOK,
 * presets, guardrails (keys and members), workspaces (members, budgets), organization members,
 * observability destinations and OAuth PKCE. The test prints how many pass and fails on any that does not.
 */
const receiver = new FakeUpstream(() => ({ kind: 'json', body: {} }));
let gateway: TestGateway;
let admin: OpenRouter;
let user: OpenRouter;

beforeAll(async () => {
  await receiver.start();
  gateway = await startTestGateway(
    { auth: { anonymous: false }, byok: { encryption_key_env: 'SEALING_KEY' }, broadcast: { allow_private_addresses: true } },
    { environment: { SEALING_KEY: Buffer.alloc(32, 5).toString('base64') } },
  );
  await gateway.createAccount('acme', 20);
  await gateway.services.controlPlane.organization.addMember({ id: 'user_sweep', accountId: 'acme', email: 'sweep@example.com', firstName: 'S', lastName: null, role: 'member' });
  admin = new OpenRouter({ apiKey: (await gateway.createKey('acme', { management: true })).key, serverURL: `${gateway.url}/api/v1` });
  user = new OpenRouter({ apiKey: (await gateway.createKey('acme')).key, serverURL: `${gateway.url}/api/v1` });
});
afterAll(async () => {
  await gateway?.close();
  await receiver.stop();
});

describe("OpenRouter's SDK against the account and governance API", () => {
  it('passes every operation, with the SDK validating each response', { timeout: 60_000 }, async () => {
    const model = 'openai/gpt-4o-mini';
    const ids: Record<string, string> = {};
    const verifier = randomBytes(32).toString('base64url');
    const steps: [string, () => Promise<unknown>][] = [
      ['apiKeys.getCurrentKeyMetadata', () => user.apiKeys.getCurrentKeyMetadata()],
      ['credits.getCredits', () => user.credits.getCredits()],
      ['apiKeys.create', async () => (ids.key = (await admin.apiKeys.create({ requestBody: { name: 'sweep', limit: 1, creatorUserId: 'user_sweep' } })).data.hash)],
      ['apiKeys.list', () => admin.apiKeys.list()],
      ['apiKeys.get', () => admin.apiKeys.get({ hash: ids.key! })],
      ['apiKeys.update', () => admin.apiKeys.update({ hash: ids.key!, requestBody: { name: 'sweep 2' } })],
      ['byok.create', async () => (ids.byok = (await admin.byok.create({ createBYOKKeyRequest: { provider: 'simulator' as BYOKProviderSlug, key: 'sk-sweep-0000000000' } })).data.id)],
      ['byok.list', () => admin.byok.list()],
      ['byok.get', () => admin.byok.get({ id: ids.byok! })],
      ['byok.update', () => admin.byok.update({ id: ids.byok!, updateBYOKKeyRequest: { name: 'ours' } })],
      ['byok.delete', () => admin.byok.delete({ id: ids.byok! })],
      [
        'presets.createPresetsChatCompletions',
        () => user.presets.createPresetsChatCompletions({ slug: 'sweep', chatRequest: { model, temperature: 0.1, messages: [{ role: 'system', content: 'Be brief.' }] } }),
      ],
      [
        'presets.createPresetsMessages',
        () => user.presets.createPresetsMessages({ slug: 'sweep-messages', messagesRequest: { model, maxTokens: 20, system: 'Be brief.', messages: [{ role: 'user', content: 'x' }] } }),
      ],
      ['presets.createPresetsResponses', () => user.presets.createPresetsResponses({ slug: 'sweep-responses', responsesRequest: { model, instructions: 'Be brief.', input: 'x' } })],
      ['presets.list', () => user.presets.list()],
      ['presets.get', () => user.presets.get({ slug: 'sweep' })],
      ['presets.listVersions', () => user.presets.listVersions({ slug: 'sweep' })],
      ['presets.getVersion', () => user.presets.getVersion({ slug: 'sweep', version: '1' })],
      ['guardrails.create', async () => (ids.guardrail = (await admin.guardrails.create({ createGuardrailRequest: { name: 'sweep', limitUsd: 5, resetInterval: 'monthly' } })).data.id)],
      ['guardrails.list', () => admin.guardrails.list()],
      ['guardrails.get', () => admin.guardrails.get({ id: ids.guardrail! })],
      ['guardrails.update', () => admin.guardrails.update({ id: ids.guardrail!, updateGuardrailRequest: { enforceZdr: false } })],
      ['guardrails.bulkAssignKeys', () => admin.guardrails.bulkAssignKeys({ id: ids.guardrail!, bulkAssignKeysRequest: { keyHashes: [ids.key!] } })],
      ['guardrails.listGuardrailKeyAssignments', () => admin.guardrails.listGuardrailKeyAssignments({ id: ids.guardrail! })],
      ['guardrails.listKeyAssignments', () => admin.guardrails.listKeyAssignments()],
      ['guardrails.bulkUnassignKeys', () => admin.guardrails.bulkUnassignKeys({ id: ids.guardrail!, bulkUnassignKeysRequest: { keyHashes: [ids.key!] } })],
      ['guardrails.bulkAssignMembers', () => admin.guardrails.bulkAssignMembers({ id: ids.guardrail!, bulkAssignMembersRequest: { memberUserIds: ['user_sweep'] } })],
      ['guardrails.listGuardrailMemberAssignments', () => admin.guardrails.listGuardrailMemberAssignments({ id: ids.guardrail! })],
      ['guardrails.listMemberAssignments', () => admin.guardrails.listMemberAssignments()],
      ['guardrails.bulkUnassignMembers', () => admin.guardrails.bulkUnassignMembers({ id: ids.guardrail!, bulkUnassignMembersRequest: { memberUserIds: ['user_sweep'] } })],
      ['guardrails.delete', () => admin.guardrails.delete({ id: ids.guardrail! })],
      ['organization.listMembers', () => admin.organization.listMembers()],
      ['workspaces.create', async () => (ids.workspace = (await admin.workspaces.create({ createWorkspaceRequest: { name: 'Sweep', slug: 'sweep' } })).data.id)],
      ['workspaces.list', () => admin.workspaces.list()],
      ['workspaces.get', () => admin.workspaces.get({ id: ids.workspace! })],
      ['workspaces.update', () => admin.workspaces.update({ id: ids.workspace!, updateWorkspaceRequest: { description: 'swept' } })],
      ['workspaces.bulkAddMembers', () => admin.workspaces.bulkAddMembers({ id: ids.workspace!, bulkAddWorkspaceMembersRequest: { userIds: ['user_sweep'] } })],
      ['workspaces.listMembers', () => admin.workspaces.listMembers({ id: ids.workspace! })],
      ['workspaces.bulkRemoveMembers', () => admin.workspaces.bulkRemoveMembers({ id: ids.workspace!, bulkRemoveWorkspaceMembersRequest: { userIds: ['user_sweep'] } })],
      ['workspaces.setBudget', () => admin.workspaces.setBudget({ workspaceRef: ids.workspace!, interval: 'monthly', upsertWorkspaceBudgetRequest: { limitUsd: 10, includeByokInBudgets: true } })],
      ['workspaces.getBudget', () => admin.workspaces.getBudget({ workspaceRef: ids.workspace!, interval: 'monthly' })],
      ['workspaces.listBudgets', () => admin.workspaces.listBudgets({ workspaceRef: ids.workspace! })],
      ['workspaces.deleteBudget', () => admin.workspaces.deleteBudget({ workspaceRef: ids.workspace!, interval: 'monthly' })],
      ['workspaces.delete', () => admin.workspaces.delete({ id: ids.workspace! })],
      [
        'observability.create',
        async () =>
          (ids.destination = (
            (
              await admin.observability.create({
                createObservabilityDestinationRequest: { type: 'webhook', name: 'sweep', config: { url: `${receiver.url}/hook`, headers: { Authorization: 'Bearer x' } } },
              })
            ).data as { id: string }
          ).id),
      ],
      ['observability.list', () => admin.observability.list()],
      ['observability.get', () => admin.observability.get({ id: ids.destination! })],
      ['observability.update', () => admin.observability.update({ id: ids.destination!, updateObservabilityDestinationRequest: { samplingRate: 0.5 } })],
      ['observability.delete', () => admin.observability.delete({ id: ids.destination! })],
      ['oAuth.createAuthorizationUrl', () => user.oAuth.createAuthorizationUrl({ callbackUrl: 'http://localhost:3000/callback', codeChallenge: 'x'.repeat(43), codeChallengeMethod: 'S256' })],
      [
        'oAuth.createAuthCode',
        async () =>
          (ids.code = (
            await user.oAuth.createAuthCode({
              requestBody: { callbackUrl: 'http://localhost:3000/callback', codeChallenge: createHash('sha256').update(verifier).digest('base64url'), codeChallengeMethod: 'S256' },
            })
          ).data.id),
      ],
      ['oAuth.exchangeAuthCodeForAPIKey', () => user.oAuth.exchangeAuthCodeForAPIKey({ requestBody: { code: ids.code!, codeVerifier: verifier, codeChallengeMethod: 'S256' } })],
      ['apiKeys.delete', () => admin.apiKeys.delete({ hash: ids.key! })],
    ];
    const failures: string[] = [];
    for (const [name, step] of steps) {
      try {
        await step();
      } catch (error) {
        failures.push(`${name}: ${String((error as Error).message).slice(0, 300)}`);
      }
    }
    console.log(`OpenRouter's SDK, account and governance API: ${steps.length - failures.length} of ${steps.length} operations pass`);
    expect(failures).toEqual([]);
  });
});
