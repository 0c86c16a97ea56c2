import { expectEnum, expectString, invalid } from '../request-validation.js';
import { given, type MediaRequestBase, numberField, parseMediaBase } from './media-request-fields.js';

export interface ImageRequest extends MediaRequestBase {
  prompt: string;
  n: number;
  size?: string;
  quality?: string;
  aspectRatio?: string;
  resolution?: string;
  background?: string;
  outputFormat?: string;
  outputCompression?: number;
  seed?: number;
}

const qualities = ['auto', 'low', 'medium', 'high', 'xhigh', 'max', 'standard', 'hd'] as const;

/**
 * OpenRouter's image request (and OpenAI's `images.generate`, which the same route takes at
 * /images/generations): `prompt`, `n` (1–10), `size` (a tier such as "1K" or pixels such as
 * "1024x1024"), `quality`, `aspect_ratio`, `resolution`, `background`, `output_format`,
 * `output_compression`, `seed`. Streaming partial images is not offered (`stream: true` is refused).
 */
export function parseImageRequest(value: unknown): ImageRequest {
  const { body, base } = parseMediaBase(value);
  const request: ImageRequest = { ...base, prompt: expectString(body.prompt, 'prompt', { nonEmpty: true, maxLength: 32_000 }), n: 1 };
  if (given(body, 'n')) request.n = numberField(body.n, 'n', { integer: true, min: 1, max: 10 });
  if (given(body, 'size')) {
    request.size = expectString(body.size, 'size', { nonEmpty: true, maxLength: 20 });
    if (!/^(\d{2,5}x\d{2,5}|512|1K|2K|4K|auto)$/.test(request.size)) throw invalid('size', 'expected a tier (512, 1K, 2K, 4K), "auto" or WIDTHxHEIGHT such as 1024x1024');
  }
  if (given(body, 'quality')) request.quality = expectEnum(body.quality, 'quality', qualities);
  if (given(body, 'aspect_ratio')) request.aspectRatio = expectString(body.aspect_ratio, 'aspect_ratio', { nonEmpty: true, maxLength: 10 });
  if (given(body, 'resolution')) request.resolution = expectEnum(body.resolution, 'resolution', ['512', '1K', '2K', '4K'] as const);
  if (given(body, 'background')) request.background = expectEnum(body.background, 'background', ['auto', 'transparent', 'opaque'] as const);
  if (given(body, 'output_format')) request.outputFormat = expectEnum(body.output_format, 'output_format', ['png', 'jpeg', 'webp', 'svg'] as const);
  if (given(body, 'output_compression')) request.outputCompression = numberField(body.output_compression, 'output_compression', { integer: true, min: 0, max: 100 });
  if (given(body, 'seed')) request.seed = numberField(body.seed, 'seed', { integer: true });
  // Images come back as base64 only: the gateway hosts no image URLs.
  if (given(body, 'response_format')) expectEnum(body.response_format, 'response_format', ['b64_json'] as const);
  if (body.stream === true) throw invalid('stream', 'streamed partial images are not offered; leave stream out for the whole images');
  return request;
}
