import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../src/observability/logger.js';
import { filesContaining, filesUnder } from '../helpers/files-containing.js';
import { sharedDataFile } from '../helpers/shared-data.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * Real prompts in several languages and on several topics through the gateway: every record gets
 * its prompt's language, the sampled ones their category, and the study's category analyses show
 * them; with sampling off they say "no classified requests". No prompt text reaches the data
 * directory, the logs or the metrics.
 */
interface Prompt {
  text: string;
  language?: string;
}

const arenaLanguages = JSON.parse(readFileSync(new URL('../../bench/classifier/arena-hard-languages.json', import.meta.url), 'utf8')).labels as Record<string, string>;
const arena = readFileSync(sharedDataFile('arena-hard-v2-questions.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { uid: string; prompt: string });
const wanted = ['ru', 'zh-Hans', 'ja', 'es', 'vi', 'fr', 'de', 'ko', 'pt', 'en'];
const prompts: Prompt[] = wanted.flatMap((language) =>
  arena
    .filter((question) => arenaLanguages[question.uid] === language && question.prompt.length < 1_500)
    .slice(0, 2)
    .map((question) => ({ text: question.prompt, language })),
);
const labelled = readFileSync(sharedDataFile('prompt-categories-train.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { text: string; category: string; source: string });
for (const source of ['HazyResearch/legalbench', 'NExTplusplus/TAT-QA', 'abachaa/MedQuAD', 'brmson/dataset-factoid-webquestions', 'teknium1/GPTeacher']) {
  prompts.push(
    ...labelled
      .filter((row) => row.source.startsWith(source))
      .slice(0, 2)
      .map((row) => ({ text: row.text })),
  );
}
let inferenceKey = '';
const marker = `zq-marker-${process.pid}-${Date.now()}-unique`;

async function sendAll(gateway: TestGateway, extra: Prompt[] = []): Promise<string[]> {
  const ids: string[] = [];
  const models = [
    'openai/gpt-4o-mini',
    'deepseek/deepseek-chat-v3-0324',
    'anthropic/claude-sonnet-4',
    'qwen/qwen-2.5-72b-instruct',
    'meta-llama/llama-3.3-70b-instruct',
    'google/gemini-2.0-flash-001',
    'x-ai/grok-code-fast-1',
  ];
  for (const [index, prompt] of [...prompts, ...extra].entries()) {
    const response = await gateway.call('/api/v1/chat/completions', {
      key: inferenceKey,
      json: {
        model: models[index % models.length],
        messages: [
          { role: 'system', content: 'You are helpful.' },
          { role: 'user', content: prompt.text },
        ],
        max_tokens: 20,
      },
    });
    expect(response.status).toBe(200);
    ids.push(((await response.json()) as { id: string }).id);
  }
  return ids;
}

async function analysis(gateway: TestGateway, key: string, id: string) {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const response = await gateway.call(`/api/v1/study/analyses/${id}?from=${day(-60)}&to=${day(2)}`, { key });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: unknown }).data as {
    headlines: { key: string; value: unknown; missing?: string }[];
    sample?: { classifiedRequests: number; totalRequests: number };
    tables: { name: string; rows: unknown[][] }[];
    notes: string[];
  };
}

describe('the observatory on live traffic, sampling every prompt', () => {
  let gateway: TestGateway;
  let key: string;
  const logLines: string[] = [];
  let ids: string[] = [];

  beforeAll(async () => {
    gateway = await startTestGateway(
      { observatory: { sample_rate: 1, min_confidence: 0 }, logging: { level: 'debug', requests: true } },
      { logger: createJsonLogger({ level: 'debug', sink: (line) => logLines.push(line) }) },
    );
    await gateway.createAccount('acme', 10);
    key = (await gateway.createKey('acme', { management: true })).key;
    inferenceKey = (await gateway.createKey('acme')).key;
    ids = await sendAll(gateway, [{ text: `Please summarise this note: ${marker} is the code word for the launch.` }]);
    expect(await gateway.storedRecords()).toBe(ids.length);
  }, 120_000);
  afterAll(async () => {
    await gateway?.close();
  });

  it('records every prompt’s language and every sampled prompt’s category', async () => {
    const rows = (await (await gateway.storeClient().query({ query: 'SELECT id, prompt_language, category, category_confidence FROM generations', format: 'JSONEachRow' })).json()) as {
      id: string;
      prompt_language: string | null;
      category: string | null;
      category_confidence: number | null;
    }[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    let right = 0;
    let known = 0;
    prompts.forEach((prompt, index) => {
      const row = byId.get(ids[index]!)!;
      expect(row.prompt_language).toMatch(/^[a-z]{2,3}(-[A-Z][a-z]{3})?$/);
      expect(row.category).toMatch(/^\//);
      expect(row.category_confidence).toBeGreaterThan(0);
      if (prompt.language) {
        known++;
        if (row.prompt_language === prompt.language) right++;
      }
    });
    expect(known).toBeGreaterThanOrEqual(18);
    expect(right / known).toBeGreaterThanOrEqual(0.9);
  });

  it('tells the language of an embeddings request’s input, without classifying it', async () => {
    const response = await gateway.call('/api/v1/embeddings', {
      key: inferenceKey,
      json: { model: 'openai/text-embedding-3-small', input: ['Wie spät ist es in Berlin, und wann fährt der nächste Zug nach Hamburg?'] },
    });
    expect(response.status).toBe(200);
    const id = response.headers.get('x-generation-id')!;
    await gateway.storedRecords();
    const [row] = (await (
      await gateway.storeClient().query({ query: 'SELECT prompt_language, category FROM generations WHERE id = {id:String}', query_params: { id }, format: 'JSONEachRow' })
    ).json()) as { prompt_language: string | null; category: string | null }[];
    expect(row).toEqual({ prompt_language: 'de', category: null });
  });

  it('shows them in the category analyses (A5, A9, A10, A11, A15) and the languages (A13)', async () => {
    for (const id of ['A5', 'A9', 'A10', 'A11', 'A15']) {
      const result = await analysis(gateway, key, id);
      // Every chat prompt is classified; the embeddings request (previous test) is not.
      expect(result.sample, id).toEqual({ classifiedRequests: ids.length, totalRequests: ids.length + 1 });
      // Every author and every open-model group got traffic: every share has a value and its sample.
      if (id !== 'A15') for (const headline of result.headlines) expect(headline.missing, `${id} ${headline.key}`).toBeUndefined();
    }
    const a5 = await analysis(gateway, key, 'A5');
    expect(a5.headlines.find((headline) => headline.key === 'open_roleplay_share')).toMatchObject({ sample: { classified: expect.any(Number), of: expect.any(Number) } });
    const a9 = await analysis(gateway, key, 'A9');
    expect(a9.headlines.find((headline) => headline.key === 'programming_share_period')?.value).toBeGreaterThan(0);
    const a13 = await analysis(gateway, key, 'A13');
    const languages = new Set(a13.tables.find((table) => table.name === 'language_shares')!.rows.map((row) => row[0]));
    for (const language of ['en', 'ru', 'zh-Hans', 'ja', 'es', 'vi', 'ko']) expect(languages, language).toContain(language);
  });

  it('keeps no prompt text in the data directory, the logs or the metrics', async () => {
    expect(filesUnder(gateway.dataDirectory).length).toBeGreaterThan(5);
    expect(filesContaining(gateway.dataDirectory, marker)).toEqual([]);
    const everything = await (await gateway.storeClient().query({ query: 'SELECT * FROM generations', format: 'JSONEachRow' })).text();
    expect(everything).not.toContain(marker);
    await gateway.services.logger.flush();
    expect(logLines.length).toBeGreaterThan(ids.length);
    expect(logLines.join('\n')).not.toContain(marker);
    const metrics = await (await gateway.call('/metrics', { key })).text();
    expect(metrics).toContain('switchboard_prompt_annotations_total{outcome="classified"}');
    expect(metrics).not.toContain(marker);
  });
});

describe('the observatory with sampling off', () => {
  let gateway: TestGateway;
  let key: string;

  beforeAll(async () => {
    gateway = await startTestGateway({ observatory: { sample_rate: 0 } });
    await gateway.createAccount('acme', 10);
    key = (await gateway.createKey('acme', { management: true })).key;
    inferenceKey = (await gateway.createKey('acme')).key;
    const ids = await sendAll(gateway);
    expect(await gateway.storedRecords()).toBe(ids.length);
  }, 120_000);
  afterAll(async () => {
    await gateway?.close();
  });

  it('says "no classified requests" in every category analysis, and still tells languages', async () => {
    for (const id of ['A5', 'A9', 'A10', 'A11', 'A15']) {
      const result = await analysis(gateway, key, id);
      expect(result.sample?.classifiedRequests, id).toBe(0);
      for (const headline of result.headlines) {
        expect(headline.value, `${id} ${headline.key}`).toBeNull();
        expect(headline.missing, `${id} ${headline.key}`).toBe(`no classified requests (0 of ${prompts.length})`);
      }
      expect(result.notes[0]).toMatch(/^No classified requests \(0 of \d+\)/);
    }
    const a13 = await analysis(gateway, key, 'A13');
    expect(a13.tables.find((table) => table.name === 'language_shares')!.rows.length).toBeGreaterThanOrEqual(8);
  });
});
