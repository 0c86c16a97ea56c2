import { expectEnum, expectString } from '../request-validation.js';
import { given, type MediaRequestBase, numberField, parseMediaBase } from './media-request-fields.js';

export const speechFormats = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] as const;
export type SpeechFormat = (typeof speechFormats)[number];

export interface SpeechRequest extends MediaRequestBase {
  input: string;
  voice: string;
  format: SpeechFormat;
  speed?: number;
}

/** Most characters spoken in one request (OpenAI's limit). */
const maximumCharacters = 4096;

/**
 * A speech request, OpenRouter's and OpenAI's alike: `input` (≤ 4,096 characters), `voice`,
 * `response_format` (OpenRouter's default `pcm`; OpenAI's client always names one), `speed` (0.25–4).
 */
export function parseSpeechRequest(value: unknown): SpeechRequest {
  const { body, base } = parseMediaBase(value);
  const request: SpeechRequest = {
    ...base,
    input: expectString(body.input, 'input', { nonEmpty: true, maxLength: maximumCharacters }),
    voice: given(body, 'voice') ? expectString(body.voice, 'voice', { nonEmpty: true, maxLength: 100 }) : 'alloy',
    format: given(body, 'response_format') ? expectEnum(body.response_format, 'response_format', speechFormats) : 'pcm',
  };
  if (given(body, 'speed')) request.speed = numberField(body.speed, 'speed', { min: 0.25, max: 4 });
  return request;
}

export const speechMediaTypes: Record<SpeechFormat, string> = {
  mp3: 'audio/mpeg',
  opus: 'audio/ogg',
  aac: 'audio/aac',
  flac: 'audio/flac',
  wav: 'audio/wav',
  pcm: 'audio/pcm',
};
