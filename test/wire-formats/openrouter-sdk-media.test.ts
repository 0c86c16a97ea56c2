import { OpenRouter } from '@openrouter/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * OpenRouter's own SDK, which parses every answer with OpenRouter's schemas, driving the media and
 * file operations against Switchboard with the simulator serving: rerank, images (and their models
 * and endpoints), speech, transcription (JSON and multipart) and files. Each answer is used, and
 * each charge checked against the catalog's unit prices and the generation log's units.
 */
let gateway: TestGateway;
let key: string;
let otherWorkspaceKey: string;
let sdk: OpenRouter;

const bytesOf = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer());

beforeAll(async () => {
  gateway = await startTestGateway({ auth: { anonymous: false } });
  await gateway.createAccount('studio', 50);
  key = (await gateway.createKey('studio')).key;
  sdk = new OpenRouter({ apiKey: key, serverURL: `${gateway.url}/api/v1` });
  const management = (await gateway.createKey('studio', { management: true })).key;
  const workspace = await gateway.call('/api/v1/workspaces', { method: 'POST', key: management, json: { name: 'Elsewhere', slug: 'elsewhere' } });
  expect(workspace.status).toBe(201);
  const workspaceId = ((await workspace.json()) as { data: { id: string } }).data.id;
  const created = await gateway.call('/api/v1/keys', { method: 'POST', key: management, json: { name: 'elsewhere', workspace_id: workspaceId } });
  otherWorkspaceKey = ((await created.json()) as { key: string }).key;
});
afterAll(async () => {
  await gateway?.close();
});

/** The stored record of a generation (after delivering the queue). */
async function recordOf(id: string): Promise<Record<string, unknown>> {
  await gateway.storedRecords();
  const result = await gateway
    .storeClient()
    .query({ query: 'SELECT api_type, media_unit, media_units, total_cost_nano, tokens_prompt FROM generations WHERE id = {id:String}', query_params: { id }, format: 'JSONEachRow' });
  const [row] = (await result.json()) as Record<string, unknown>[];
  return row!;
}

describe('@openrouter/sdk: media', () => {
  it('rerank.rerank: documents by relevance, one search unit per 100 documents at $2 per 1,000', async () => {
    const documents = ['The weather in Paris is sunny today', 'A recipe for bread', 'Paris weather forecast: rain tomorrow', ...Array.from({ length: 100 }, (_, index) => `filler ${index}`)];
    const response = await sdk.rerank.rerank({ requestBody: { model: 'cohere/rerank-v3.5', query: 'Paris weather', documents, topN: 2 } });
    if (typeof response === 'string') throw new Error('expected a rerank object');
    expect(response.results.map((result) => result.index).sort()).toEqual([0, 2]);
    expect(response.results[0]!.relevanceScore).toBeGreaterThan(response.results[1]!.relevanceScore - 1e-9);
    expect(response.results[0]!.document.text).toBe(documents[response.results[0]!.index]);
    expect(response.usage!.searchUnits).toBe(2);
    expect(response.usage!.cost).toBeCloseTo(0.004, 12);
    expect(await recordOf(response.id!)).toMatchObject({ api_type: 'rerank', media_unit: 'search', media_units: 2, total_cost_nano: 4_000_000 });
  });

  it('images.generate, listModels and listModelEndpoints: priced per image, at the quality asked for (OpenRouter’s high is DALL·E 3’s hd)', async () => {
    const response = await sdk.images.generate({ imageGenerationRequest: { model: 'openai/dall-e-3', prompt: 'A red bicycle', quality: 'high' } });
    if (!('data' in response)) throw new Error('expected whole images');
    expect(response.data).toHaveLength(1);
    expect(Buffer.from(response.data[0]!.b64Json, 'base64').subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(response.data[0]!.mediaType).toBe('image/png');
    expect(response.usage!.cost).toBeCloseTo(0.08, 12);
    // GET /generation of an image request: its images, its cost, its api_type.
    const raw = await gateway.call('/api/v1/images', { method: 'POST', key, json: { model: 'openai/gpt-image-1', prompt: 'Two cats', n: 2 } });
    await gateway.storedRecords();
    const { data: generation } = await sdk.generations.getGeneration({ id: raw.headers.get('x-generation-id')! });
    expect(generation).toMatchObject({ apiType: 'image', numMediaCompletion: 2, model: 'openai/gpt-image-1' });
    expect(generation.totalCost).toBeCloseTo(2 * 0.042 + generation.tokensPrompt! * 0.000005, 12);
    const models = await sdk.images.listModels();
    expect(models.data.map((model) => model.id)).toEqual(expect.arrayContaining(['openai/gpt-image-1', 'openai/dall-e-3', 'google/imagen-4.0-generate-001']));
    const endpoints = await sdk.images.listModelEndpoints({ author: 'openai', slug: 'gpt-image-1' });
    expect(endpoints.endpoints[0]!.pricing).toEqual(expect.arrayContaining([{ billable: 'output_image', unit: 'image', costUsd: 0.167, variant: 'high' }]));
  });

  it('refuses what a model cannot make, naming it, before any charge', async () => {
    const many = await gateway.call('/api/v1/images', { method: 'POST', key, json: { model: 'openai/dall-e-3', prompt: 'two', n: 2 } });
    expect(many.status).toBe(400);
    expect(await many.text()).toMatch(/at most 1 images/);
    const chat = await gateway.call('/api/v1/images', { method: 'POST', key, json: { model: 'openai/whisper-1', prompt: 'x' } });
    expect(chat.status).toBe(404);
    expect(await chat.text()).toMatch(/transcription model/);
    const format = await gateway.call('/api/v1/audio/speech', { method: 'POST', key, json: { model: 'openai/tts-1', input: 'hi', response_format: 'mp3' } });
    expect(format.status).toBe(400);
    expect(await format.text()).toMatch(/wav and pcm/);
    const voice = await gateway.call('/api/v1/audio/speech', { method: 'POST', key, json: { model: 'openai/tts-1', input: 'hi', voice: 'darth', response_format: 'wav' } });
    expect(voice.status).toBe(400);
    expect(await voice.text()).toMatch(/voices alloy, .*not darth/);
    const video = await gateway.call('/api/v1/audio/transcriptions', {
      method: 'POST',
      key,
      json: { model: 'openai/whisper-1', input_audio: { data: 'AAAA', format: 'pcm' }, response_format: 'srt' },
    });
    expect(video.status).toBe(400);
    expect(await video.text()).toMatch(/response_format/);
    const quality = await gateway.call('/api/v1/images', { method: 'POST', key, json: { model: 'openai/gpt-image-1', prompt: 'x', quality: 'standard' } });
    expect(quality.status).toBe(400);
    expect(await quality.text()).toMatch(/qualities low, medium, high, not standard/);
  });

  it('tts.createSpeech and stt.createTranscription (JSON and multipart): characters and seconds billed, each in the log', async () => {
    const input = 'Every request leaves a record, and every record its units.';
    const stream = await sdk.tts.createSpeech({ speechRequest: { model: 'openai/tts-1-hd', input, voice: 'nova' } });
    // OpenRouter's default format is raw PCM: 24 kHz, 16-bit, mono.
    const pcm = await bytesOf(stream);
    const seconds = pcm.length / 48_000;
    expect(seconds).toBeCloseTo(input.length / 15, 1);
    const json = await sdk.stt.createTranscription({
      sttRequest: { model: 'openai/whisper-1', inputAudio: { data: pcm.toString('base64'), format: 'pcm' }, responseFormat: 'verbose_json', timestampGranularities: ['segment'] },
    });
    expect(json.text.length).toBeGreaterThan(0);
    expect(json.duration).toBe(Math.ceil(seconds));
    expect(json.segments!.length).toBeGreaterThan(0);
    expect(json.usage!.cost).toBeCloseTo(Math.ceil(seconds) * 0.0001, 12);
    const wav = Buffer.concat([
      Buffer.from('RIFF'),
      Buffer.alloc(4),
      Buffer.from('WAVEfmt '),
      Buffer.from([16, 0, 0, 0, 1, 0, 1, 0, 0xc0, 0x5d, 0, 0, 0x80, 0xbb, 0, 0, 2, 0, 16, 0]),
      Buffer.from('data'),
      Buffer.from([0x00, 0x77, 0x01, 0x00]),
      Buffer.alloc(96_000),
    ]);
    const multipart = await sdk.stt.createTranscriptionMultipart({ requestBody: { model: 'openai/gpt-4o-mini-transcribe', file: { fileName: 'two-seconds.wav', content: new Uint8Array(wav) } } });
    expect(multipart.usage!.seconds).toBe(2);
    expect(multipart.usage!.cost).toBeCloseTo(2 * 0.00005, 12);
    // The speech request's record: characters at $30 per million.
    const speech = await gateway.call('/api/v1/audio/speech', { method: 'POST', key, json: { model: 'openai/tts-1-hd', input, voice: 'nova', response_format: 'wav' } });
    expect(speech.headers.get('content-type')).toBe('audio/wav');
    expect(await recordOf(speech.headers.get('x-generation-id')!)).toMatchObject({ api_type: 'tts', media_unit: 'character', media_units: input.length, total_cost_nano: input.length * 30_000 });
  });
});

describe('@openrouter/sdk: files', () => {
  it('files.upload, list, retrieve, download and delete, in OpenRouter’s shape and OpenAI’s', async () => {
    const content = new TextEncoder().encode('id,name\n1,Ada\n2,Grace\n');
    const uploaded = await sdk.files.upload({ requestBody: { file: { fileName: 'people.csv', content } } });
    expect(uploaded).toMatchObject({ shape: 'openrouter', filename: 'people.csv', mimeType: 'text/csv', sizeBytes: content.length, downloadable: true });
    const id = (uploaded as { id: string }).id;
    const pdf = await sdk.files.upload({ requestBody: { file: { fileName: 'notes.txt', content: new TextEncoder().encode('%PDF-1.7\n%…') } } });
    // The type is the content's, not the name's.
    expect(pdf).toMatchObject({ mimeType: 'application/pdf' });
    const page = await sdk.files.list({ limit: 1 });
    expect(page.result).toMatchObject({ shape: 'openrouter', hasMore: true });
    expect((page.result as { data: { id: string }[] }).data.map((file) => file.id)).toEqual([(pdf as { id: string }).id]);
    const next = await page.next();
    expect((next!.result as { data: { id: string }[] }).data.map((file) => file.id)).toEqual([id]);
    expect(await sdk.files.retrieve({ fileId: id, provider: 'openai' })).toMatchObject({ shape: 'openai', object: 'file', bytes: content.length, status: 'processed' });
    expect(Buffer.from(await bytesOf(await sdk.files.download({ fileId: id })))).toEqual(Buffer.from(content));
    // Another workspace's key does not see the file.
    const stranger = new OpenRouter({ apiKey: otherWorkspaceKey, serverURL: `${gateway.url}/api/v1` });
    await expect(stranger.files.retrieve({ fileId: id })).rejects.toThrow(/404|No file/);
    expect(await sdk.files.delete({ fileId: id, provider: 'openai' })).toMatchObject({ shape: 'openai', id, deleted: true });
    await expect(sdk.files.retrieve({ fileId: id })).rejects.toThrow(/404|No file/);
  });

  it('refuses an empty file, a binary of no known type and a JSON body', async () => {
    const form = (bytes: Uint8Array) => {
      const body = new FormData();
      body.set('file', new Blob([bytes]), 'x.bin');
      return body;
    };
    expect((await gateway.call('/api/v1/files', { method: 'POST', key, body: form(new Uint8Array(0)) })).status).toBe(400);
    expect((await gateway.call('/api/v1/files', { method: 'POST', key, body: form(new Uint8Array([0, 1, 2, 3, 0xfe])) })).status).toBe(415);
    expect((await gateway.call('/api/v1/files', { method: 'POST', key, json: null })).status).toBe(400);
  });
});

describe('the record of a chat generation', () => {
  it('says whether its model is reasoning-optimized: Claude (reasoning when asked) is, GPT-4o mini is not', async () => {
    const ids: Record<string, string> = {};
    for (const model of ['anthropic/claude-sonnet-4.5', 'openai/gpt-4o-mini']) {
      const response = await gateway.call('/api/v1/chat/completions', { method: 'POST', key, json: { model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 } });
      expect(response.status).toBe(200);
      ids[model] = response.headers.get('x-generation-id')!;
    }
    await gateway.storedRecords();
    const result = await gateway
      .storeClient()
      .query({ query: 'SELECT model, reasoning_model FROM generations WHERE id IN {ids:Array(String)} ORDER BY model', query_params: { ids: Object.values(ids) }, format: 'JSONEachRow' });
    expect(await result.json()).toEqual([
      { model: 'anthropic/claude-sonnet-4.5', reasoning_model: true },
      { model: 'openai/gpt-4o-mini', reasoning_model: false },
    ]);
  });
});
