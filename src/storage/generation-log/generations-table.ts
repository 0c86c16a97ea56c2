import type { GenerationRecord } from '../../spec/generation-record.js';
import { usageEventVersion } from './usage-events/usage-event.js';

/**
 * The `generations` table, in ClickHouse SQL that runs unchanged on chDB and on a ClickHouse
 * server. On a cluster the same text gets `ON CLUSTER` and a Replicated engine (one source, no
 * second copy of the schema to keep in step).
 *
 * - ReplacingMergeTree keyed by (day, id): a generation can never count twice, even if a batch
 *   were delivered twice past the insert-deduplication window.
 * - Insert deduplication tokens (non_replicated_deduplication_window) make a re-delivered batch a
 *   no-op at once, so plain count() is exact without FINAL.
 * - Not partitioned: the sorting key's day prunes reads by time as well, and a batch spanning
 *   months (an import, a replayed year) makes one part instead of one per month — half the cost of
 *   an insert. Stores made by earlier releases keep their monthly partitions; both read the same.
 */
export interface TableOptions {
  /** Cluster name for a replicated deployment; omitted on chDB and single servers. */
  cluster?: string;
}

/** The columns of `generations`, in order: one per GenerationRecord field. */
export const generationColumnList: readonly (readonly [name: keyof GenerationRecord, type: string])[] = [
  ['schema_version', 'UInt8'],
  ['id', 'String'],
  ['request_id', 'String'],
  ['created_at', "DateTime64(3, 'UTC')"],
  ['api_type', 'LowCardinality(String)'],
  ['account_id', 'String'],
  ['key_hash', 'String'],
  ['key_name', 'String'],
  ['app_id', 'Nullable(UInt64)'],
  ['app_name', 'Nullable(String)'],
  ['http_referer', 'Nullable(String)'],
  ['user_agent', 'Nullable(String)'],
  ['external_user', 'Nullable(String)'],
  ['session_id', 'Nullable(String)'],
  ['requested_model', 'LowCardinality(String)'],
  ['model', 'LowCardinality(String)'],
  ['model_permaslug', 'LowCardinality(String)'],
  ['author', 'LowCardinality(String)'],
  ['open_weights', 'Nullable(Bool)'],
  ['origin', 'LowCardinality(Nullable(String))'],
  ['size_bucket', 'LowCardinality(Nullable(String))'],
  ['parameters_total', 'Nullable(UInt64)'],
  ['reasoning_model', 'Bool'],
  ['provider_name', 'LowCardinality(Nullable(String))'],
  ['provider_slug', 'LowCardinality(Nullable(String))'],
  ['endpoint_id', 'Nullable(String)'],
  ['upstream_id', 'Nullable(String)'],
  ['provider_responses', 'String'],
  ['streamed', 'Bool'],
  ['cancelled', 'Bool'],
  ['status', 'UInt16'],
  ['error_code', 'LowCardinality(Nullable(String))'],
  ['finish_reason', 'LowCardinality(Nullable(String))'],
  ['native_finish_reason', 'LowCardinality(Nullable(String))'],
  ['tokens_prompt', 'UInt32'],
  ['tokens_completion', 'UInt32'],
  ['native_tokens_prompt', 'UInt32'],
  ['native_tokens_completion', 'UInt32'],
  ['native_tokens_reasoning', 'UInt32'],
  ['native_tokens_cached', 'UInt32'],
  ['native_tokens_cache_write', 'UInt32'],
  ['total_cost', 'Float64'],
  ['total_cost_nano', 'Int64'],
  ['cache_discount', 'Float64'],
  ['upstream_inference_cost', 'Nullable(Float64)'],
  ['is_byok', 'Bool'],
  ['usage_anomaly', 'LowCardinality(Nullable(String))'],
  ['unbilled_cost_nano', 'Int64'],
  ['tools_given', 'UInt32'],
  ['tool_calls_made', 'UInt32'],
  ['message_count', 'UInt32'],
  ['latency', 'UInt32'],
  ['generation_time', 'UInt32'],
  ['time_to_first_token', 'Nullable(UInt32)'],
  ['moderation_latency', 'Nullable(UInt32)'],
  ['billing_country', 'LowCardinality(Nullable(String))'],
  ['billing_continent', 'LowCardinality(Nullable(String))'],
  ['prompt_language', 'LowCardinality(Nullable(String))'],
  ['category', 'LowCardinality(Nullable(String))'],
  ['category_confidence', 'Nullable(Float32)'],
  ['preset_id', 'Nullable(String)'],
  ['workspace_id', 'LowCardinality(String)'],
  ['media_unit', 'LowCardinality(Nullable(String))'],
  ['media_units', 'UInt32'],
];

/**
 * How the store derives each column from a run of framed usage events (usage-events/usage-event.ts:
 * framedEventStructure): the same name, except the layout version and the USD amounts, computed
 * from integer nano-USD.
 */
const derived: Partial<Record<keyof GenerationRecord, string>> = {
  schema_version: String(usageEventVersion),
  total_cost: 'total_cost_nano / 1e9',
  cache_discount: 'cache_discount_nano / 1e9',
  upstream_inference_cost: 'upstream_inference_cost_nano / 1e9',
};

/**
 * What every event must be, checked by the engine as it reads them: a frame marker where one must
 * be (a reader out of step with the frames stops at once), this release's event version, a time
 * of the generation era, money that is not negative. A batch with an event that is not fails whole
 * (FUNCTION_THROW_IF_VALUE_IS_NON_ZERO), and the writer halves it until the event is found.
 */
const soundEvent = `frame_magic = 183 AND event_version = ${usageEventVersion} AND created_at >= toDateTime64('2000-01-01 00:00:00', 3, 'UTC') AND created_at < toDateTime64('2200-01-01 00:00:00', 3, 'UTC') AND total_cost_nano >= 0 AND unbilled_cost_nano >= 0`;

/** `INSERT INTO generations (…) SELECT … FROM <source>` for framed usage events read from `source`. */
export function insertFromEventBlockSql(source: string): string {
  const names = generationColumnList.map(([name]) => name);
  const expressions = names.map((name) => derived[name] ?? name);
  return `INSERT INTO generations (${names.join(', ')}) SELECT ${expressions.join(', ')} FROM ${source} WHERE throwIf(NOT (${soundEvent}), 'not a sound usage event') = 0`;
}

/**
 * What a store made by an earlier release lacks, as idempotent statements: columns added since,
 * and integer columns widened (tools_given held 65,535 at most).
 */
export const columnUpgrades: readonly { column: keyof GenerationRecord; type: string; statement: string }[] = [
  { column: 'usage_anomaly', type: 'LowCardinality(Nullable(String))', statement: 'ALTER TABLE generations ADD COLUMN IF NOT EXISTS usage_anomaly LowCardinality(Nullable(String)) AFTER is_byok' },
  { column: 'unbilled_cost_nano', type: 'Int64', statement: 'ALTER TABLE generations ADD COLUMN IF NOT EXISTS unbilled_cost_nano Int64 DEFAULT 0 AFTER usage_anomaly' },
  { column: 'tools_given', type: 'UInt32', statement: 'ALTER TABLE generations MODIFY COLUMN tools_given UInt32' },
  { column: 'tool_calls_made', type: 'UInt32', statement: 'ALTER TABLE generations MODIFY COLUMN tool_calls_made UInt32' },
  { column: 'preset_id', type: 'Nullable(String)', statement: 'ALTER TABLE generations ADD COLUMN IF NOT EXISTS preset_id Nullable(String) AFTER category_confidence' },
  { column: 'workspace_id', type: 'LowCardinality(String)', statement: "ALTER TABLE generations ADD COLUMN IF NOT EXISTS workspace_id LowCardinality(String) DEFAULT 'default' AFTER preset_id" },
  { column: 'media_unit', type: 'LowCardinality(Nullable(String))', statement: 'ALTER TABLE generations ADD COLUMN IF NOT EXISTS media_unit LowCardinality(Nullable(String)) AFTER workspace_id' },
  { column: 'media_units', type: 'UInt32', statement: 'ALTER TABLE generations ADD COLUMN IF NOT EXISTS media_units UInt32 DEFAULT 0 AFTER media_unit' },
];

const indexes = ['INDEX id_bloom id TYPE bloom_filter GRANULARITY 4'];

export function generationsTableDdl(options: TableOptions = {}): string {
  const onCluster = options.cluster ? ` ON CLUSTER ${options.cluster}` : '';
  const engine = options.cluster ? 'ReplicatedReplacingMergeTree' : 'ReplacingMergeTree';
  const columns = [...generationColumnList.map(([name, type]) => `${name} ${type}`), ...indexes].join(',\n  ');
  return `CREATE TABLE IF NOT EXISTS generations${onCluster} (
  ${columns}
)
ENGINE = ${engine}
ORDER BY (toDate(created_at), id)
SETTINGS non_replicated_deduplication_window = 10000`;
}
