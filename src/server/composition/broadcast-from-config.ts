import { Broadcaster } from '../../broadcast/broadcaster.js';
import { publicAddressFetch } from '../../broadcast/public-address-fetch.js';
import type { SwitchboardConfig } from '../../config/config-schema.js';
import type { Logger } from '../../observability/logger.js';
import type { GatewayMetrics } from '../../observability/metrics-registry.js';
import type { ControlPlaneStore } from '../../storage/control-plane/control-plane-store.js';
import type { GenerationBroadcast } from '../../storage/generation-log/generation-log-writer.js';
import { byokCipherFromConfig } from './byok-cipher-from-config.js';
import { switchboardVersion } from './switchboard-version.js';

/** The broadcast of finished generations to the accounts' observability destinations, for a process that drains generation queues. */
export function broadcastFromConfig(
  config: SwitchboardConfig,
  environment: NodeJS.ProcessEnv,
  controlPlane: ControlPlaneStore,
  logger: Logger,
  metrics: GatewayMetrics | undefined,
): GenerationBroadcast {
  const broadcaster = new Broadcaster({
    controlPlane,
    cipher: byokCipherFromConfig(config, environment),
    logger,
    ...(metrics ? { metrics } : {}),
    serviceVersion: switchboardVersion,
    batchSize: config.broadcast.batch_size,
    retryDelaysMs: config.broadcast.retry_delays_ms,
    timeoutMs: config.broadcast.timeout_ms,
    pauseMs: config.broadcast.pause_ms,
    // A public name that resolves to a private address is refused as the connection is made.
    ...(config.broadcast.allow_private_addresses ? {} : { fetch: publicAddressFetch() }),
  });
  return { active: () => broadcaster.active(), deliver: (records) => broadcaster.deliver(records) };
}
