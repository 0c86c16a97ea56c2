import type { SwitchboardConfig } from '../../config/config-schema.js';
import { openRedis } from '../../storage/redis/redis-connection.js';
import { busChannel } from '../../storage/redis/redis-node-bus.js';

const keyChangedChannel = busChannel('key-changed');

/**
 * Tells the running gateway nodes that a key changed outside them (the CLI wrote the control plane
 * directly), so they forget it at once instead of within their key cache's 5 seconds. Only where
 * the nodes share a bus (shared_limits.store: redis); a failure to reach it is said, not thrown:
 * the change is made, and the nodes see it when their cache expires.
 */
export async function announceKeyChange(config: SwitchboardConfig, hash: string, environment: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (config.shared_limits.store !== 'redis') return null;
  const settings = config.shared_limits.redis;
  const url = settings.url_env ? environment[settings.url_env] : settings.url;
  if (!url) return 'the running nodes were not told (no Redis URL): they see the change within 5 seconds';
  const connection = openRedis(url, { commandTimeoutMs: settings.command_timeout_ms });
  try {
    await connection.ready(settings.command_timeout_ms);
    await connection.client.publish(keyChangedChannel, JSON.stringify({ from: `cli-${process.pid}`, body: hash }));
    return null;
  } catch (error) {
    return `the running nodes were not told (${String((error as Error)?.message ?? error)}): they see the change within 5 seconds`;
  } finally {
    connection.close();
  }
}
