import type { AnalyticsStore } from '../../analytics/analytics-store.js';
import type { SwitchboardConfig } from '../../config/config-schema.js';
import type { Logger } from '../../observability/logger.js';
import type { GenerationStore } from '../../storage/generation-log/generation-store.js';
import { ForkedGenerationStore } from '../store-process/forked-generation-store.js';
import { generationStoreFactories } from './store-factories.js';

export interface GatewayGenerationStore {
  store: GenerationStore;
  analytics: AnalyticsStore;
  description: string;
  /** The store process's id, when the engine runs in one (for reports of every process's memory). */
  pid?: number | undefined;
}

/**
 * The generation store of a gateway process: the embedded engine in a process of its own
 * (generation_log.engine_process: own, the default), or in this one; a ClickHouse server is
 * reached from this process (it runs elsewhere already).
 */
export async function openGatewayGenerationStore(config: SwitchboardConfig, environment: NodeJS.ProcessEnv, logger: Logger): Promise<GatewayGenerationStore> {
  if (config.generation_log.store === 'chdb' && config.generation_log.engine_process === 'own') {
    const forked = await ForkedGenerationStore.start(config, environment, logger);
    return { store: forked, analytics: forked.analytics, description: forked.description, pid: forked.pid };
  }
  return generationStoreFactories[config.generation_log.store](config, environment);
}
