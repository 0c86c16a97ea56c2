import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerationRecord } from '../../src/spec/generation-record.js';
import { FakeUpstream, type FakeResponse, type ReceivedRequest } from '../helpers/fake-upstream.js';
import { appendedRecords } from '../helpers/appended-records.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * Media requests (rerank, images, speech, transcription) against an OpenAI-compatible upstream that
 * answers badly: a wrong or unreadable answer is a 502 naming what was wrong, charges nothing and is
 * still recorded; a count the upstream cannot mean (search units or seconds beyond the request) is
 * replaced by the gateway's own, flagged on the record, and never charged past the reservation.
 */

const onePixelPng = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';
let answer: (request: ReceivedRequest) => FakeResponse = () => ({ kind: 'json', body: {} });
const upstream = new FakeUpstream((request) => answer(request));
let gateway: TestGateway;
let key: string;
let records: GenerationRecord[] = [];

beforeAll(async () => {
  await upstream.start();
  gateway = await startTestGateway({
    auth: { anonymous: false },
    providers: [
      {
        kind: 'openai-compatible',
        id: 'hostile',
        name: 'Hostile',
        base_url: upstream.url,
        models: [],
        media_models: [{ id: 'cohere/rerank-v3.5' }, { id: 'openai/dall-e-3' }, { id: 'openai/tts-1' }, { id: 'openai/whisper-1' }],
      },
    ],
  });
  await gateway.createAccount('media', 10);
  key = (await gateway.createKey('media')).key;
  records = appendedRecords(gateway);
});
afterAll(async () => {
  await gateway?.close();
  await upstream.stop();
});

const transcription = { model: 'openai/whisper-1', input_audio: { data: Buffer.concat([Buffer.from('ID3'), Buffer.alloc(3_000)]).toString('base64'), format: 'mp3' } };
const images = { model: 'openai/dall-e-3', prompt: 'a lighthouse' };
const rerank = { model: 'cohere/rerank-v3.5', query: 'q', documents: ['a', 'b'] };
const speech = { model: 'openai/tts-1', input: 'hello there', response_format: 'mp3' };
const json = (body: unknown) => (): FakeResponse => ({ kind: 'json', body });
const raw = (contentType: string, text: string) => (): FakeResponse => ({ kind: 'handler', handle: (_request, response) => void response.writeHead(200, { 'content-type': contentType }).end(text) });

const refused: [name: string, path: string, body: unknown, respond: () => FakeResponse, says: RegExp][] = [
  [
    'three images for the one asked for',
    '/api/v1/images',
    images,
    json({ created: 1, data: [{ b64_json: onePixelPng }, { b64_json: onePixelPng }, { b64_json: onePixelPng }] }),
    /3 images for the 1 asked for/,
  ],
  ['an image as a URL (the gateway fetches nothing)', '/api/v1/images', images, json({ created: 1, data: [{ url: 'http://169.254.169.254/latest/meta-data' }] }), /data\.0\.b64_json/],
  ['an image that is not base64', '/api/v1/images', images, json({ created: 1, data: [{ b64_json: '<html>nope</html>' }] }), /data\.0\.b64_json: not base64/],
  [
    'a rerank result for a document that was not sent',
    '/api/v1/rerank',
    rerank,
    json({ results: [{ index: 99, relevance_score: 0.9 }], meta: { billed_units: { search_units: 1 } } }),
    /index 99 is out of range/,
  ],
  ['a transcription whose text is a number', '/api/v1/audio/transcriptions', transcription, json({ text: 42 }), /transcription: text/],
  ['an empty speech answer', '/api/v1/audio/speech', speech, raw('audio/mpeg', ''), /the speech answer is empty/],
  ['a speech answer that is a web page', '/api/v1/audio/speech', speech, raw('text/html', '<html>oops</html>'), /text\/html, not audio/],
];

const corrected: [name: string, path: string, body: unknown, respond: () => FakeResponse, units: (body: any) => number][] = [
  [
    '1e15 search units for two documents',
    '/api/v1/rerank',
    rerank,
    json({
      results: [
        { index: 0, relevance_score: 0.9 },
        { index: 1, relevance_score: 0.1 },
      ],
      meta: { billed_units: { search_units: 1e15 } },
    }),
    (body) => body.usage.search_units,
  ],
  ['−40 search units', '/api/v1/rerank', rerank, json({ results: [{ index: 0, relevance_score: 0.9 }], meta: { billed_units: { search_units: -40 } } }), (body) => body.usage.search_units],
  ['a 3 KB file said to last 10^12 seconds', '/api/v1/audio/transcriptions', transcription, json({ text: 'hi', duration: 1e12 }), (body) => body.usage.seconds],
];

/** One request against the upstream answering `respond`: the client's answer, what the account was charged, the records it left. */
async function send(path: string, body: unknown, respond: () => FakeResponse) {
  answer = respond;
  const before = gateway.accountUsageNano('media');
  const count = records.length;
  const response = await gateway.call(path, { key, json: body });
  const answered = (await response.json()) as any;
  await gateway.storedRecords();
  return { status: response.status, answered, charged: gateway.accountUsageNano('media') - before, recorded: records.slice(count) };
}

describe('a media upstream that answers badly', () => {
  it.each(refused)('%s: a 502 naming it, nothing charged, the failure recorded', async (_name, path, body, respond, says) => {
    const { status, answered, charged, recorded } = await send(path, body, respond);
    expect(status).toBe(502);
    const error = (answered as { error: { message: string; metadata: { switchboard_code: string } } }).error;
    expect(error.metadata.switchboard_code).toBe('upstream_invalid_response');
    expect(error.message).toMatch(says);
    expect(charged).toBe(0);
    expect(recorded).toMatchObject([{ status: 502, error_code: 'upstream_invalid_response', total_cost_nano: 0, media_units: 0 }]);
  });

  it.each(corrected)('%s: the gateway’s own count, flagged, and charged for that count alone', async (_name, path, body, respond, units) => {
    const { status, answered, charged, recorded } = await send(path, body, respond);
    expect(status).toBe(200);
    expect(units(answered)).toBe(1);
    const [record] = recorded;
    expect(record).toMatchObject({ status: 200, usage_anomaly: 'invalid_usage:media_units', media_units: 1 });
    // What the client was told it cost is what the account was charged, and what the record says.
    expect(charged).toBe(record!.total_cost_nano);
    expect(record!.total_cost_nano).toBe(Math.round((answered as { usage: { cost: number } }).usage.cost * 1e9));
    expect(record!.total_cost_nano).toBeGreaterThan(0);
    expect(record!.total_cost_nano).toBeLessThanOrEqual(5_000_000);
  });

  it('keeps the log whole: every request a record in the store, the account charged exactly what the records say', async () => {
    const stored = await gateway.storedRecords();
    expect(stored).toBe(refused.length + corrected.length);
    expect(records).toHaveLength(stored);
    expect(gateway.accountUsageNano('media')).toBe(records.reduce((sum, record) => sum + record.total_cost_nano, 0));
  });
});
