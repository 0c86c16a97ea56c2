import { FormFile } from '../form-file.js';
import { describeType, expectEnum, expectObject, expectString, invalid } from '../request-validation.js';
import { given, type MediaRequestBase, numberField, parseMediaBase } from './media-request-fields.js';

export interface TranscriptionRequest extends MediaRequestBase {
  audio: Buffer;
  format: string;
  filename: string;
  language?: string;
  temperature?: number;
  responseFormat: 'json' | 'verbose_json' | 'text';
  timestamps: ('segment' | 'word')[];
}

const audioFormats = ['flac', 'mp3', 'mp4', 'mpeg', 'mpga', 'm4a', 'ogg', 'oga', 'wav', 'webm', 'pcm'];

/** The audio's format from a file's name or type: `speech.mp3` → mp3. */
function formatOf(file: FormFile): string {
  const extension = /\.([a-z0-9]+)$/i.exec(file.filename)?.[1]?.toLowerCase();
  if (extension && audioFormats.includes(extension)) return extension;
  const subtype = /^audio\/(x-)?([a-z0-9]+)/i.exec(file.contentType)?.[2]?.toLowerCase();
  if (subtype && audioFormats.includes(subtype)) return subtype;
  if (subtype === 'mpeg') return 'mp3';
  throw invalid('file', `the audio's format is not known from its name "${file.filename.slice(0, 100)}" or type ${file.contentType.slice(0, 60)} (${audioFormats.join(', ')})`);
}

/**
 * A transcription request in either of its forms: OpenRouter's JSON (`input_audio: {data: base64,
 * format}`) or OpenAI's multipart form (`file`), with `language`, `temperature` (0–1),
 * `response_format` (json, verbose_json, text) and `timestamp_granularities` (segment, word).
 */
export function parseTranscriptionRequest(value: unknown): TranscriptionRequest {
  const { body, base } = parseMediaBase(value);
  let audio: Buffer;
  let format: string;
  let filename: string;
  if (body.file instanceof FormFile) {
    audio = body.file.bytes;
    format = formatOf(body.file);
    filename = body.file.filename;
  } else if (given(body, 'input_audio')) {
    const input = expectObject(body.input_audio, 'input_audio');
    const data = expectString(input.data, 'input_audio.data', { nonEmpty: true });
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data)) throw invalid('input_audio.data', 'expected base64 audio (no data: URL prefix)');
    audio = Buffer.from(data, 'base64');
    format = expectEnum(input.format, 'input_audio.format', audioFormats);
    filename = `audio.${format}`;
  } else if (given(body, 'file')) {
    throw invalid('file', `expected an uploaded file (multipart/form-data), got ${describeType(body.file)}`);
  } else throw invalid('input_audio', 'give the audio as input_audio {data, format} or as a multipart file');
  if (audio.length === 0) throw invalid('input_audio', 'the audio is empty');
  const request: TranscriptionRequest = { ...base, audio, format, filename, responseFormat: 'json', timestamps: [] };
  if (given(body, 'language')) request.language = expectString(body.language, 'language', { nonEmpty: true, maxLength: 16 });
  if (given(body, 'temperature')) request.temperature = numberField(body.temperature, 'temperature', { min: 0, max: 1 });
  if (given(body, 'response_format')) request.responseFormat = expectEnum(body.response_format, 'response_format', ['json', 'verbose_json', 'text'] as const);
  if (given(body, 'timestamp_granularities')) {
    const granularities = Array.isArray(body.timestamp_granularities) ? body.timestamp_granularities : [body.timestamp_granularities];
    request.timestamps = [...new Set(granularities.map((item, index) => expectEnum(item, `timestamp_granularities[${index}]`, ['segment', 'word'] as const)))];
  }
  return request;
}
