import type { SwitchboardConfig } from './config-schema.js';

/** What a printed configuration shows in place of a value it must not print. */
export const notPrinted = '(set; not printed)';

/**
 * The configuration as `switchboard config` prints it: everything, with defaults, except what may
 * carry a secret — the ClickHouse server's URL (it can hold a user and password) and every
 * provider header value (an Authorization or API-key header, say). Keys themselves never are in
 * the configuration: it names the environment variable or secrets-file entry that holds them.
 */
export function redactConfig(config: SwitchboardConfig): unknown {
  const copy = structuredClone(config) as SwitchboardConfig;
  if (copy.generation_log.store === 'clickhouse' || copy.generation_log.clickhouse.url) copy.generation_log.clickhouse.url = notPrinted;
  for (const provider of copy.providers) {
    if (provider.kind === 'simulator') continue;
    provider.headers = Object.fromEntries(Object.keys(provider.headers).map((name) => [name, notPrinted]));
  }
  return copy;
}
