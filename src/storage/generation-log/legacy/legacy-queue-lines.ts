import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GenerationRecord } from '../../../spec/generation-record.js';
import type { QueuePosition } from '../../durable-queue/queue-position.js';

/**
 * The generation queue of earlier releases (up to 0.1.0): newline-delimited segment files named
 * `segment-<number>.ndjson`, each line a generation record — a TabSeparated row in the column order
 * of that release's `generations` table, or, before that, a JSON object. Read only to migrate it
 * into the usage-event queue.
 */

export const legacySegmentPattern = /^segment-(\d{12})\.ndjson$/;

/** The columns of a TabSeparated line, in their order then. */
export const legacyColumns: readonly (readonly [name: string, kind: 'string' | 'number' | 'boolean' | 'time' | 'json'])[] = [
  ['schema_version', 'number'],
  ['id', 'string'],
  ['request_id', 'string'],
  ['created_at', 'time'],
  ['api_type', 'string'],
  ['account_id', 'string'],
  ['key_hash', 'string'],
  ['key_name', 'string'],
  ['app_id', 'number'],
  ['app_name', 'string'],
  ['http_referer', 'string'],
  ['user_agent', 'string'],
  ['external_user', 'string'],
  ['session_id', 'string'],
  ['requested_model', 'string'],
  ['model', 'string'],
  ['model_permaslug', 'string'],
  ['author', 'string'],
  ['open_weights', 'boolean'],
  ['origin', 'string'],
  ['size_bucket', 'string'],
  ['parameters_total', 'number'],
  ['reasoning_model', 'boolean'],
  ['provider_name', 'string'],
  ['provider_slug', 'string'],
  ['endpoint_id', 'string'],
  ['upstream_id', 'string'],
  ['provider_responses', 'json'],
  ['streamed', 'boolean'],
  ['cancelled', 'boolean'],
  ['status', 'number'],
  ['error_code', 'string'],
  ['finish_reason', 'string'],
  ['native_finish_reason', 'string'],
  ['tokens_prompt', 'number'],
  ['tokens_completion', 'number'],
  ['native_tokens_prompt', 'number'],
  ['native_tokens_completion', 'number'],
  ['native_tokens_reasoning', 'number'],
  ['native_tokens_cached', 'number'],
  ['native_tokens_cache_write', 'number'],
  ['total_cost', 'number'],
  ['total_cost_nano', 'number'],
  ['cache_discount', 'number'],
  ['upstream_inference_cost', 'number'],
  ['is_byok', 'boolean'],
  ['tools_given', 'number'],
  ['tool_calls_made', 'number'],
  ['message_count', 'number'],
  ['latency', 'number'],
  ['generation_time', 'number'],
  ['time_to_first_token', 'number'],
  ['moderation_latency', 'number'],
  ['billing_country', 'string'],
  ['billing_continent', 'string'],
  ['prompt_language', 'string'],
  ['category', 'string'],
  ['category_confidence', 'number'],
];

function unescapeField(text: string): string {
  return text.includes('\\') ? text.replace(/\\([\\tnr0'bfa])/g, (_match, code: string) => ({ t: '\t', n: '\n', r: '\r', '0': '\0', b: '\b', f: '\f', a: '\x07', "'": "'" })[code] ?? '\\') : text;
}

/**
 * A legacy line as the record it holds. Values are taken as written (a number field that held "abc"
 * stays NaN): whether the record is sound is for the usage-event encoder to say. Throws when the
 * line is neither a TabSeparated row of that layout nor a JSON object.
 */
export function parseLegacyLine(line: string): GenerationRecord {
  if (line.startsWith('{')) {
    const parsed = JSON.parse(line) as Partial<GenerationRecord>;
    if (typeof parsed !== 'object' || parsed === null) throw new Error('a JSON line that is not an object');
    return { usage_anomaly: null, unbilled_cost_nano: 0, preset_id: null, workspace_id: 'default', media_unit: null, media_units: 0, ...parsed } as GenerationRecord;
  }
  const fields = line.split('\t');
  if (fields.length !== legacyColumns.length) throw new Error(`a line of ${fields.length} fields (a record had ${legacyColumns.length})`);
  const record: Record<string, unknown> = { usage_anomaly: null, unbilled_cost_nano: 0, preset_id: null, workspace_id: 'default', media_unit: null, media_units: 0 };
  legacyColumns.forEach(([name, kind], index) => {
    const raw = fields[index]!;
    if (raw === '\\N') {
      record[name] = null;
      return;
    }
    const text = unescapeField(raw);
    switch (kind) {
      case 'number':
        record[name] = text.trim() === '' ? Number.NaN : Number(text);
        break;
      case 'boolean':
        record[name] = text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : text;
        break;
      case 'time':
        record[name] = `${text.replace(' ', 'T')}Z`;
        break;
      case 'json':
        record[name] = JSON.parse(text) as unknown;
        break;
      default:
        record[name] = text;
    }
  });
  return record as unknown as GenerationRecord;
}

export interface LegacyLine {
  position: QueuePosition;
  line: string;
}

/** The legacy segments of a queue directory, by number. */
export async function listLegacySegments(directory: string): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .map((name) => legacySegmentPattern.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]))
    .sort((a, b) => a - b);
}

export const legacySegmentPath = (directory: string, segment: number) => join(directory, `segment-${String(segment).padStart(12, '0')}.ndjson`);

/** Every whole line of the legacy segments with where it starts (a torn last line — no newline — is not one). */
export async function readLegacyLines(directory: string): Promise<LegacyLine[]> {
  const lines: LegacyLine[] = [];
  for (const segment of await listLegacySegments(directory)) {
    const data = await readFile(legacySegmentPath(directory, segment));
    for (let start = 0; start < data.length; ) {
      const end = data.indexOf(0x0a, start);
      if (end === -1) break;
      if (end > start) lines.push({ position: { segment, offset: start }, line: data.toString('utf8', start, end) });
      start = end + 1;
    }
  }
  return lines;
}
