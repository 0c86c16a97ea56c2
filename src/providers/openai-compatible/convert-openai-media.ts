import { z } from 'zod';
import { FormData } from 'undici';
import type { ImageCall, ImageResult, RerankCall, RerankResult, SpeechCall, TranscriptionCall, TranscriptionResult } from '../media-call.js';
import type { UpstreamRequest } from '../http/provider-protocol.js';
import { invalidResponse } from '../http/upstream-errors.js';
import { count, informative, optionalText, readUpstream } from '../http/upstream-schema.js';

/**
 * The media endpoints of OpenAI's API and of the services that copy it: `/images/generations`,
 * `/audio/speech`, `/audio/transcriptions`, and `/rerank` in the shape Cohere (v2), Jina and vLLM
 * share. Requests are built from the call; answers are validated where they enter.
 */

/** `{results: [{index, relevance_score}]}`; Cohere bills `meta.billed_units.search_units`, Jina and vLLM report `usage.total_tokens`. */
const rerankSchema = z.looseObject({
  id: optionalText,
  results: z.array(z.looseObject({ index: z.number().int().min(0), relevance_score: z.number().finite() })),
  meta: informative(z.looseObject({ billed_units: informative(z.looseObject({ search_units: count })) })),
  usage: informative(z.looseObject({ total_tokens: count })),
});

export function rerankRequest(call: RerankCall): UpstreamRequest {
  return {
    path: '/rerank',
    body: { model: call.endpoint.upstreamModel, query: call.query, documents: call.documents, ...(call.topN !== undefined ? { top_n: call.topN } : {}) },
  };
}

export function parseRerank(providerName: string, body: unknown, call: RerankCall): RerankResult {
  const parsed = readUpstream(rerankSchema, body, providerName, 'rerank');
  const seen = new Set<number>();
  for (const result of parsed.results) {
    if (result.index >= call.documents.length || seen.has(result.index)) throw invalidResponse(providerName, `rerank result index ${result.index} is out of range or repeated`);
    seen.add(result.index);
  }
  const results = parsed.results.map((result) => ({ index: result.index, relevanceScore: result.relevance_score })).sort((a, b) => b.relevanceScore - a.relevanceScore);
  return {
    results: call.topN === undefined ? results : results.slice(0, call.topN),
    searchUnits: parsed.meta?.billed_units?.search_units,
    totalTokens: parsed.usage?.total_tokens,
    upstreamId: parsed.id ?? null,
  };
}

/** `{created, data: [{b64_json}], usage?: {input_tokens}}`; an answer of URLs is not taken (the gateway fetches nothing). */
const imagesSchema = z.looseObject({
  created: z.number().optional(),
  data: z
    .array(
      z.looseObject({
        b64_json: z
          .string()
          .min(1)
          .regex(/^[A-Za-z0-9+/=\s]+$/, 'not base64'),
      }),
    )
    .min(1),
  output_format: optionalText,
  usage: informative(z.looseObject({ input_tokens: count })),
});

const imageMediaTypes: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

export function imageRequest(call: ImageCall): UpstreamRequest {
  // GPT Image models always answer base64 and refuse `response_format`; DALL·E answers URLs unless asked.
  const alwaysBase64 = call.endpoint.upstreamModel.startsWith('gpt-image');
  return {
    path: '/images/generations',
    body: {
      model: call.endpoint.upstreamModel,
      prompt: call.prompt,
      n: call.n,
      ...(alwaysBase64 ? {} : { response_format: 'b64_json' }),
      ...(call.size !== undefined ? { size: call.size } : {}),
      ...(call.quality !== undefined ? { quality: call.quality } : {}),
      ...(call.background !== undefined ? { background: call.background } : {}),
      ...(call.outputFormat !== undefined ? { output_format: call.outputFormat } : {}),
      ...(call.outputCompression !== undefined ? { output_compression: call.outputCompression } : {}),
    },
  };
}

export function parseImages(providerName: string, body: unknown, call: ImageCall): ImageResult {
  const parsed = readUpstream(imagesSchema, body, providerName, 'images');
  if (parsed.data.length > call.n) throw invalidResponse(providerName, `${parsed.data.length} images for the ${call.n} asked for`);
  const format = parsed.output_format ?? call.outputFormat ?? 'png';
  return {
    images: parsed.data.map((item) => ({ base64: item.b64_json.replace(/\s+/g, ''), mediaType: imageMediaTypes[format] ?? null })),
    promptTokens: parsed.usage?.input_tokens,
    upstreamId: null,
  };
}

export function speechRequest(call: SpeechCall): UpstreamRequest {
  return {
    path: '/audio/speech',
    body: { model: call.endpoint.upstreamModel, input: call.input, voice: call.voice, response_format: call.format, ...(call.speed !== undefined ? { speed: call.speed } : {}) },
  };
}

/** Whisper's `verbose_json` (duration, language, segments, words) or the newer models' `json` (text, usage in seconds). */
const transcriptionSchema = z.looseObject({
  text: z.string(),
  language: optionalText,
  duration: count,
  segments: informative(z.array(z.looseObject({ id: z.number().int(), start: z.number(), end: z.number(), text: z.string() }))),
  words: informative(z.array(z.looseObject({ word: z.string(), start: z.number(), end: z.number() }))),
  usage: informative(z.looseObject({ type: optionalText, seconds: count })),
});

export function transcriptionRequest(call: TranscriptionCall): UpstreamRequest {
  const verbose = call.endpoint.upstreamModel.startsWith('whisper');
  const form = new FormData();
  form.set('file', new Blob([call.audio]), call.filename);
  form.set('model', call.endpoint.upstreamModel);
  form.set('response_format', verbose ? 'verbose_json' : 'json');
  if (call.language !== undefined) form.set('language', call.language);
  if (call.temperature !== undefined) form.set('temperature', String(call.temperature));
  if (verbose) for (const granularity of call.timestamps) form.append('timestamp_granularities[]', granularity);
  return { path: '/audio/transcriptions', body: form };
}

export function parseTranscription(providerName: string, body: unknown): TranscriptionResult {
  const parsed = readUpstream(transcriptionSchema, body, providerName, 'transcription');
  return {
    text: parsed.text,
    language: parsed.language ?? null,
    durationSeconds: parsed.duration ?? parsed.usage?.seconds,
    segments: parsed.segments?.map((segment) => ({ id: segment.id, start: segment.start, end: segment.end, text: segment.text })) ?? null,
    words: parsed.words?.map((word) => ({ word: word.word, start: word.start, end: word.end })) ?? null,
    upstreamId: null,
  };
}
