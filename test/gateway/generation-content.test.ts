import { OpenRouter } from '@openrouter/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesContaining } from '../helpers/files-containing.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * Generation content, opt-in per workspace (OpenRouter's I/O logging): off, a prompt's text is in
 * no file of the data directory and /generation/content has nothing; on, it is kept sealed (still in
 * no file as text) and given back to its account; after its retention it is gone.
 */
const marker = `MARKER-PROMPT-${process.pid}-${Date.now()}`;
let gateway: TestGateway;
let admin: OpenRouter;
let plain: { key: string; hash: string };
let logged: string;

beforeAll(async () => {
  gateway = await startTestGateway(
    { auth: { anonymous: false }, byok: { encryption_key_env: 'SEALING_KEY' }, generation_content: { retention_days: 1 } },
    { environment: { SEALING_KEY: Buffer.alloc(32, 9).toString('base64') } },
  );
  await gateway.createAccount('acme', 10);
  await gateway.createAccount('stranger', 10);
  admin = new OpenRouter({ apiKey: (await gateway.createKey('acme', { management: true })).key, serverURL: `${gateway.url}/api/v1` });
  plain = await gateway.createKey('acme');
  const workspace = await admin.workspaces.create({ createWorkspaceRequest: { name: 'Logged', slug: 'logged', isObservabilityIoLoggingEnabled: true } });
  expect(workspace.data).toMatchObject({ isObservabilityIoLoggingEnabled: true, ioLoggingSamplingRate: 1 });
  logged = (await admin.apiKeys.create({ requestBody: { name: 'logged', workspaceId: workspace.data.id } })).key!;
});
afterAll(async () => {
  await gateway?.close();
});

async function chat(key: string, text: string) {
  const response = await gateway.call('/api/v1/chat/completions', { key, json: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: text }], max_tokens: 10 } });
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string; choices: { message: { content: string } }[] };
}

const contentOf = (key: string, id: string) => gateway.call(`/api/v1/generation/content?id=${id}`, { key });

describe('generation content', () => {
  it('is not kept where the workspace does not log prompts: the text is in no file and there is nothing to read', async () => {
    const answer = await chat(plain.key, `Off: ${marker}`);
    await gateway.writer.drain();
    expect(filesContaining(gateway.dataDirectory, marker)).toEqual([]);
    const response = await contentOf(plain.key, answer.id);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('does not log prompts');
  });

  it('is kept sealed where it does, given back to its account (the SDK validating it) and to no one else', async () => {
    const answer = await chat(logged, `On: ${marker}`);
    const legacy = await gateway.call('/api/v1/completions', { key: logged, json: { model: 'openai/gpt-4o-mini', prompt: `Legacy: ${marker}`, max_tokens: 5 } });
    const legacyId = ((await legacy.json()) as { id: string }).id;
    await gateway.writer.drain();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Sealed: not in any file of the data directory as text.
    expect(filesContaining(gateway.dataDirectory, marker)).toEqual([]);
    const read = await new OpenRouter({ apiKey: logged, serverURL: `${gateway.url}/api/v1` }).generations.listGenerationContent({ id: answer.id });
    expect(read.data.input).toEqual({ messages: [{ role: 'user', content: `On: ${marker}` }] });
    expect(read.data.output).toEqual({ completion: answer.choices[0]!.message.content, reasoning: null });
    expect(read.data.error).toBeNull();
    expect(((await (await contentOf(logged, legacyId)).json()) as { data: { input: unknown } }).data.input).toEqual({ prompt: `Legacy: ${marker}` });
    // Another account's key gets nothing.
    expect((await contentOf((await gateway.createKey('stranger')).key, answer.id)).status).toBe(404);
  });

  it('is gone after its retention', async () => {
    const answer = await chat(logged, `Retention: ${marker}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await contentOf(logged, answer.id)).status).toBe(200);
    // A day and a bit later (the retention is one day): deleted.
    const deleted = await gateway.services.generationContent.sweep(Date.now() + 25 * 3_600_000);
    expect(deleted).toBeGreaterThanOrEqual(3);
    expect((await contentOf(logged, answer.id)).status).toBe(404);
    // Turned off (every node reads its keys again at once), nothing more is kept.
    await admin.workspaces.update({ id: 'logged', updateWorkspaceRequest: { isObservabilityIoLoggingEnabled: false } });
    const after = await chat(logged, `After: ${marker}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await contentOf(logged, after.id)).status).toBe(404);
  }, 20_000);
});

describe('generation feedback', () => {
  it("records an account's rating of its own generation (the SDK's submitFeedback) and shows it with the generation", async () => {
    const answer = await chat(plain.key, 'Rate me');
    await gateway.writer.drain();
    const sdk = new OpenRouter({ apiKey: plain.key, serverURL: `${gateway.url}/api/v1` });
    const submitted = await sdk.generations.submitFeedback({ submitGenerationFeedbackRequest: { generationId: answer.id, category: 'incoherence', comment: 'It rambled.' } });
    expect(submitted.data.success).toBe(true);
    const detail = (await (await gateway.call(`/api/v1/dashboard/generations/${answer.id}`, { key: plain.key })).json()) as { feedback: { category: string; comment: string }[] };
    expect(detail.feedback).toMatchObject([{ category: 'incoherence', comment: 'It rambled.' }]);
    const post = (body: unknown, key = plain.key) => gateway.call('/api/v1/generation/feedback', { key, json: body });
    expect((await post({ generation_id: answer.id, category: 'grumpy' })).status).toBe(400);
    expect((await post({ generation_id: 'gen-nothing', category: 'other' })).status).toBe(404);
    // Another account cannot rate it.
    expect((await post({ generation_id: answer.id, category: 'other' }, (await gateway.createKey('stranger')).key)).status).toBe(404);
  });
});
