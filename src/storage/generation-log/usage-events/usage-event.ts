import type { GenerationRecord, ProviderAttempt } from '../../../spec/generation-record.js';
import { type FieldKind, MalformedEventError, RowBinaryReader, RowBinaryWriter } from './row-binary.js';

/**
 * The usage event: the payload of one record in the usage-event queue. It is the queue's own
 * format, not the store's row: one RowBinary row (row-binary.ts) of the fields below, in this
 * order, the version first. Money is in integer nano-USD only (the store derives USD); the fields
 * the control plane needs (time, account, key, cost, BYOK) come first so usage can be read without
 * walking the rest.
 *
 * Version 4 (this release) is version 3 and two fields at the end: a media request's unit and
 * count. Version 3 was version 2 and the preset the request used and the workspace of its key.
 * Events of every version stay readable (decodeUsageEvent, and the writer upgrades an earlier
 * event to version 4 before the store reads it), so an upgrade never drops what was queued before it.
 */
export const usageEventVersion = 4;

/** The versions this release reads; their leading fields (up to the id) lie alike. */
export const readableEventVersions: readonly number[] = [2, 3, 4];

export interface EventField {
  name: string;
  kind: FieldKind;
  nullable: boolean;
}

const field = (name: string, kind: FieldKind, nullable = false): EventField => ({ name, kind, nullable });

export const usageEventV2Fields: readonly EventField[] = [
  field('event_version', 'uint8'),
  field('created_at', 'datetime64'),
  field('account_id', 'string'),
  field('key_hash', 'string'),
  field('total_cost_nano', 'int64'),
  field('is_byok', 'bool'),
  field('id', 'string'),
  field('request_id', 'string'),
  field('api_type', 'string'),
  field('key_name', 'string'),
  field('app_id', 'uint64', true),
  field('app_name', 'string', true),
  field('http_referer', 'string', true),
  field('user_agent', 'string', true),
  field('external_user', 'string', true),
  field('session_id', 'string', true),
  field('requested_model', 'string'),
  field('model', 'string'),
  field('model_permaslug', 'string'),
  field('author', 'string'),
  field('open_weights', 'bool', true),
  field('origin', 'string', true),
  field('size_bucket', 'string', true),
  field('parameters_total', 'uint64', true),
  field('reasoning_model', 'bool'),
  field('provider_name', 'string', true),
  field('provider_slug', 'string', true),
  field('endpoint_id', 'string', true),
  field('upstream_id', 'string', true),
  field('provider_responses', 'string'),
  field('streamed', 'bool'),
  field('cancelled', 'bool'),
  field('status', 'uint16'),
  field('error_code', 'string', true),
  field('finish_reason', 'string', true),
  field('native_finish_reason', 'string', true),
  field('tokens_prompt', 'uint32'),
  field('tokens_completion', 'uint32'),
  field('native_tokens_prompt', 'uint32'),
  field('native_tokens_completion', 'uint32'),
  field('native_tokens_reasoning', 'uint32'),
  field('native_tokens_cached', 'uint32'),
  field('native_tokens_cache_write', 'uint32'),
  field('cache_discount_nano', 'int64'),
  field('upstream_inference_cost_nano', 'int64', true),
  field('unbilled_cost_nano', 'int64'),
  field('usage_anomaly', 'string', true),
  field('tools_given', 'uint32'),
  field('tool_calls_made', 'uint32'),
  field('message_count', 'uint32'),
  field('latency', 'uint32'),
  field('generation_time', 'uint32'),
  field('time_to_first_token', 'uint32', true),
  field('moderation_latency', 'uint32', true),
  field('billing_country', 'string', true),
  field('billing_continent', 'string', true),
  field('prompt_language', 'string', true),
  field('category', 'string', true),
  field('category_confidence', 'float32', true),
];

/** Version 3: version 2's fields, then the preset and the workspace. */
export const usageEventV3Fields: readonly EventField[] = [...usageEventV2Fields, field('preset_id', 'string', true), field('workspace_id', 'string')];

/** Version 4: version 3's fields, then a media request's unit and count. */
export const usageEventFields: readonly EventField[] = [...usageEventV3Fields, field('media_unit', 'string', true), field('media_units', 'uint32')];

const fieldsOfVersion: Record<number, readonly EventField[]> = { 2: usageEventV2Fields, 3: usageEventV3Fields, 4: usageEventFields };

const clickHouseType: Record<FieldKind, string> = {
  bool: 'Bool',
  uint8: 'UInt8',
  uint16: 'UInt16',
  uint32: 'UInt32',
  uint64: 'UInt64',
  int64: 'Int64',
  float32: 'Float32',
  float64: 'Float64',
  datetime64: "DateTime64(3, 'UTC')",
  string: 'String',
};

/**
 * A run of framed events of this release's version, read as ClickHouse RowBinary: each record's
 * frame header (durable-queue/record-frame.ts: magic UInt8, length UInt32, checksum UInt32) is
 * three more leading columns, so a run of framed events is a RowBinary stream the store reads as it is.
 */
export const framedEventStructure = [
  'frame_magic UInt8',
  'frame_length UInt32',
  'frame_checksum UInt32',
  ...usageEventFields.map(({ name, kind, nullable }) => `${name} ${nullable ? `Nullable(${clickHouseType[kind]})` : clickHouseType[kind]}`),
].join(', ');

/** Generation times outside these bounds are not a generation's (DateTime64's range is wider). */
const earliestMs = Date.UTC(2000, 0, 1);
const latestMs = Date.UTC(2200, 0, 1);

const nano = (usd: number) => Math.round(usd * 1e9);

/**
 * The event's value of each field, from a record: the fields an event keeps in another form than
 * the record; every other field is the record's own (read in place, not copied: this runs once per
 * request).
 */
function eventValues(record: GenerationRecord): (name: string) => unknown {
  const changed: Record<string, unknown> = {
    event_version: usageEventVersion,
    created_at: Date.parse(record.created_at),
    provider_responses: JSON.stringify(record.provider_responses),
    cache_discount_nano: nano(record.cache_discount),
    upstream_inference_cost_nano: record.upstream_inference_cost === null ? null : nano(record.upstream_inference_cost),
  };
  const own = record as unknown as Record<string, unknown>;
  return (name) => (name in changed ? changed[name] : own[name]);
}

/** Money fields that are never negative (a charge, a cost not billed). */
export const nonNegativeFields = ['total_cost_nano', 'unbilled_cost_nano'] as const;

/**
 * A record as a usage event of this release's version. Throws (RangeError, TypeError) when a value does not fit
 * its field: such a record is refused on the request path instead of reaching the store.
 */
export function encodeUsageEvent(record: GenerationRecord): Buffer {
  const writer = new RowBinaryWriter(1024);
  const fieldValue = eventValues(record);
  const createdMs = fieldValue('created_at');
  if (typeof createdMs !== 'number' || !Number.isFinite(createdMs) || createdMs < earliestMs || createdMs > latestMs)
    throw new RangeError(`created_at is not a generation's time: ${record.created_at}`);
  for (const name of nonNegativeFields) {
    const amount = fieldValue(name);
    if (!(typeof amount === 'number' && amount >= 0)) throw new RangeError(`${name} must not be negative (got ${String(amount)})`);
  }
  for (const { name, kind, nullable } of usageEventFields) {
    const value = fieldValue(name);
    if (nullable) {
      if (value === null || value === undefined) {
        writer.uint8(1);
        continue;
      }
      writer.uint8(0);
    }
    writer.value(kind === 'datetime64' ? 'int64' : kind, value, name);
  }
  return writer.bytes();
}

/** Reads an event's fields of a version's list (checking every value against its field). */
function readUsageEventFields(payload: Buffer, fields: readonly EventField[]): Record<string, unknown> {
  const reader = new RowBinaryReader(payload);
  const values: Record<string, unknown> = {};
  for (const { name, kind, nullable } of fields) {
    if (nullable) {
      const isNull = reader.uint8();
      if (isNull > 1) throw new MalformedEventError(`${name}: a null flag holds ${isNull}`);
      if (isNull === 1) {
        values[name] = null;
        continue;
      }
    }
    values[name] = reader.value(kind === 'datetime64' ? 'int64' : kind);
  }
  if (reader.offset !== payload.length) throw new MalformedEventError(`${payload.length - reader.offset} bytes follow the event`);
  const created = values.created_at as number;
  if (created < earliestMs || created > latestMs) throw new MalformedEventError(`created_at is out of range: ${created}`);
  for (const name of nonNegativeFields) if ((values[name] as number) < 0) throw new MalformedEventError(`${name} is negative`);
  return values;
}

function parseAttempts(text: string): ProviderAttempt[] {
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed as ProviderAttempt[];
  } catch {
    // fall through
  }
  throw new MalformedEventError('provider_responses is not a JSON array');
}

/** The record a usage event of any known version holds (the slow path: quarantine listings, lookups). */
export function decodeUsageEvent(payload: Buffer): GenerationRecord {
  const version = payload[0];
  const fields = version === undefined ? undefined : fieldsOfVersion[version];
  if (!fields) throw new MalformedEventError(`unknown usage event version ${version ?? '(empty)'}`);
  const values = readUsageEventFields(payload, fields);
  const { event_version: _version, cache_discount_nano, upstream_inference_cost_nano, created_at, provider_responses, ...rest } = values;
  return {
    // Version 2 had no presets or workspaces: every key was in its account's default workspace;
    // before version 4 every request was billed by tokens.
    ...({ preset_id: null, workspace_id: 'default', media_unit: null, media_units: 0 } as Pick<GenerationRecord, 'preset_id' | 'workspace_id' | 'media_unit' | 'media_units'>),
    ...(rest as unknown as GenerationRecord),
    schema_version: usageEventVersion,
    created_at: new Date(created_at as number).toISOString(),
    provider_responses: parseAttempts(provider_responses as string),
    total_cost: (values.total_cost_nano as number) / 1e9,
    cache_discount: (cache_discount_nano as number) / 1e9,
    upstream_inference_cost: upstream_inference_cost_nano === null ? null : (upstream_inference_cost_nano as number) / 1e9,
  };
}

/** What the control plane needs of an event, read from its first fields only. */
export interface EventUsage {
  createdMs: number;
  accountId: string;
  keyHash: string;
  costNano: number;
  isByok: boolean;
}

/** A little-endian Int64 at `at` as a number (exact within ±2^53, far beyond any time or charge). */
const int64At = (payload: Buffer, at: number) => payload.readInt32LE(at + 4) * 4_294_967_296 + payload.readUInt32LE(at);

/** Where an event's control-plane fields lie, filled in by scanEventUsage (one object reused for a whole block). */
export interface EventUsageScan {
  createdMs: number;
  /** The account id's UTF-8 bytes: [accountStart, accountEnd). */
  accountStart: number;
  accountEnd: number;
  /** The key hash's UTF-8 bytes: [keyStart, keyEnd). */
  keyStart: number;
  keyEnd: number;
  costNano: number;
  isByok: boolean;
}

/** Skips a LEB128 length at `at`; returns where the bytes start and end, or throws past `limit`. */
function stringBounds(payload: Buffer, at: number, limit: number): [start: number, end: number] {
  let length = 0;
  let scale = 1;
  for (let position = at; position < limit && scale <= 2 ** 56; scale *= 128) {
    const byte = payload[position++]!;
    length += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      if (position + length > limit) break;
      return [position, position + length];
    }
  }
  throw new MalformedEventError('the event ends early');
}

/**
 * The control plane's fields of an event, found by position (version, created_at, account_id,
 * key_hash, total_cost_nano, is_byok come first) with no string decoded and no BigInt. `start` and
 * `end` bound the event in `payload` (a whole queue block, say).
 */
export function scanEventUsage(payload: Buffer, start: number, end: number, out: EventUsageScan): EventUsageScan {
  if (!readableEventVersions.includes(payload[start]!)) throw new MalformedEventError(`unknown usage event version ${payload[start] ?? '(empty)'}`);
  if (end - start < 9) throw new MalformedEventError('the event ends early');
  out.createdMs = int64At(payload, start + 1);
  [out.accountStart, out.accountEnd] = stringBounds(payload, start + 9, end);
  [out.keyStart, out.keyEnd] = stringBounds(payload, out.accountEnd, end);
  if (out.keyEnd + 9 > end) throw new MalformedEventError('the event ends early');
  out.costNano = int64At(payload, out.keyEnd);
  const byok = payload[out.keyEnd + 8]!;
  if (out.createdMs < earliestMs || out.createdMs > latestMs) throw new MalformedEventError(`created_at is out of range: ${out.createdMs}`);
  if (out.costNano < 0) throw new MalformedEventError('total_cost_nano is negative');
  if (byok > 1) throw new MalformedEventError(`is_byok holds ${byok}`);
  out.isByok = byok === 1;
  return out;
}

/** The control plane's fields of an event. */
export function readEventUsage(payload: Buffer, start = 0, end = payload.length): EventUsage {
  const scan = scanEventUsage(payload, start, end, { createdMs: 0, accountStart: 0, accountEnd: 0, keyStart: 0, keyEnd: 0, costNano: 0, isByok: false });
  return {
    createdMs: scan.createdMs,
    accountId: payload.toString('utf8', scan.accountStart, scan.accountEnd),
    keyHash: payload.toString('utf8', scan.keyStart, scan.keyEnd),
    costNano: scan.costNano,
    isByok: scan.isByok,
  };
}

/** The generation id of an event (its seventh field), or null when the bytes do not reach it. */
export function readEventId(payload: Buffer): string | null {
  try {
    if (!readableEventVersions.includes(payload[0]!)) return null;
    const reader = new RowBinaryReader(payload, 9);
    reader.skipString();
    reader.skipString();
    reader.offset += 9;
    return reader.value('string') as string;
  } catch {
    return null;
  }
}

/** A readable event of an earlier version as this release's (the same record), for the store's insert. */
export function upgradeUsageEvent(payload: Buffer): Buffer {
  return encodeUsageEvent(decodeUsageEvent(payload));
}
