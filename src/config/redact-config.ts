import { redactCredentials } from '../errors/redact-credentials.js';
import type { SwitchboardConfig } from './config-schema.js';

/** What a printed configuration shows in place of a value it must not print. */
export const notPrinted = '(set; not printed)';

/** Fields whose value is a secret itself (not the name of a variable or secrets-file entry holding one). */
const secretFields = /^(token|password|secret|api_key|apikey|authorization|credentials?)$/i;

function redactString(value: string): string {
  return redactCredentials(value).replace(/([?&](?:key|api_key|apikey|token|access_token|password|secret|sig|signature)=)[^&#\s]+/gi, '$1[redacted]');
}

function redactNode(value: unknown, field: string | null, path: readonly string[]): unknown {
  if (typeof value === 'string') return field !== null && secretFields.test(field) ? notPrinted : redactString(value);
  if (Array.isArray(value)) return value.map((item) => redactNode(item, null, path));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    // A provider's extra headers carry keys more often than not: only their names are printed.
    if (field === 'headers') return Object.fromEntries(entries.map(([name]) => [name, notPrinted]));
    return Object.fromEntries(entries.map(([name, child]) => [name, redactNode(child, name, [...path, name])]));
  }
  return value;
}

/**
 * The configuration as `switchboard config` prints it: everything, with defaults and environment
 * overrides applied, except what may carry a secret — secret fields (metrics.token …), every
 * provider header value, the ClickHouse server's PostgreSQL's and Redis's URLs (they can hold a user and password), and in any
 * other string a credential inside a URL (user:password@, ?key=) or anything shaped like a key.
 * Provider keys themselves are never in the configuration: it names the environment variable or
 * secrets-file entry that holds them.
 */
export function redactConfig(config: SwitchboardConfig): unknown {
  const copy = redactNode(structuredClone(config), null, []) as SwitchboardConfig;
  if (config.generation_log.store === 'clickhouse' || config.generation_log.clickhouse.url) copy.generation_log.clickhouse.url = notPrinted;
  // The PostgreSQL URL carries the database's password.
  if (config.control_plane.postgres.url) copy.control_plane.postgres.url = notPrinted;
  if (config.shared_limits.redis.url) copy.shared_limits.redis.url = notPrinted;
  return copy;
}
