import type { SwitchboardConfig } from '../../config/config-schema.js';
import { openRedis } from '../../storage/redis/redis-connection.js';
import { busChannel } from '../../storage/redis/redis-node-bus.js';

const keyChangedChannel = busChannel('key-changed');
const byokChangedChannel = busChannel('byok-changed');

/**
 * Tells the running gateway nodes that a key changed outside them (the CLI wrote the control plane
 * directly), so they forget it at once instead of within their key cache's 5 seconds. Only where
 * the nodes share a bus (shared_limits.store: redis); a failure to reach it is said, not thrown:
 * the change is made, and the nodes see it when their cache expires.
 */
export function announceKeyChange(config: SwitchboardConfig, hash: string, environment: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  return announce(config, keyChangedChannel, hash, environment);
}

/** The same for an account's BYOK keys (nodes read them again at once instead of within 5 seconds). */
export function announceByokChange(config: SwitchboardConfig, accountId: string, environment: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  return announce(config, byokChangedChannel, accountId, environment);
}

async function announce(config: SwitchboardConfig, channel: string, body: string, environment: NodeJS.ProcessEnv): Promise<string | null> {
  if (config.shared_limits.store !== 'redis') return null;
  const settings = config.shared_limits.redis;
  const url = settings.url_env ? environment[settings.url_env] : settings.url;
  if (!url) return 'the running nodes were not told (no Redis URL): they see the change within 5 seconds';
  const connection = openRedis(url, { commandTimeoutMs: settings.command_timeout_ms });
  try {
    await connection.ready(settings.command_timeout_ms);
    await connection.client.publish(channel, JSON.stringify({ from: `cli-${process.pid}`, body }));
    return null;
  } catch (error) {
    return `the running nodes were not told (${String((error as Error)?.message ?? error)}): they see the change within 5 seconds`;
  } finally {
    connection.close();
  }
}
