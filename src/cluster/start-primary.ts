import cluster, { type Worker } from 'node:cluster';
import { resolve } from 'node:path';
import { AnalyticsStore } from '../analytics/analytics-store.js';
import type { CompiledQuery } from '../analytics/semantic/compile-query.js';
import { AccountDirectory } from '../accounts/account-directory.js';
import { CreditLedger } from '../accounting/credit-ledger.js';
import { toNanoDollars } from '../accounting/pricing.js';
import { ModelCatalog } from '../catalog/model-catalog.js';
import type { SwitchboardConfig } from '../config/config-schema.js';
import { LocalLimits } from '../limits/shared-limits.js';
import { createJsonLogger } from '../observability/logger.js';
import { buildRequestLimits, clickHouseTarget } from '../server/start-switchboard.js';
import { createClickHouseClient } from '../storage/clickhouse/create-clickhouse-client.js';
import { SqliteControlPlaneStore } from '../storage/control-plane/sqlite-control-plane-store.js';
import { ClickHouseGenerationStore } from '../storage/generation-log/clickhouse-generation-store.js';
import { DurableQueue } from '../storage/generation-log/durable-queue.js';
import { GenerationLog } from '../storage/generation-log/generation-log.js';
import { GenerationLogWriter } from '../storage/generation-log/generation-log-writer.js';
import { InFlightJournal } from '../storage/generation-log/in-flight-journal.js';
import { PrimaryChannel } from './ipc-channel.js';
import { limitsService } from './limits-service.js';
import { workerJournalDirectory, workerQueueDirectory } from './worker-directories.js';

export interface ClusterInstance {
  url: string;
  close(): Promise<void>;
}

/**
 * The primary of `switchboard serve --workers N`: it serves no HTTP itself. It holds what must be
 * one for all workers — the generation store (embedded chDB admits one process) and the writers
 * that drain every worker's queue into it, the rate-limit and credit counters, the relay of
 * endpoint statistics — forks the workers, and starts a new one (after recovering its journal)
 * when one dies.
 */
export async function startPrimary(config: SwitchboardConfig, workers: number): Promise<ClusterInstance> {
  const logger = createJsonLogger({ level: config.logging.level });
  const dataDirectory = resolve(config.data_dir);
  const catalog = ModelCatalog.load();
  const controlPlane = new SqliteControlPlaneStore(resolve(dataDirectory, 'control-plane.sqlite'));
  await new AccountDirectory(controlPlane).ensureLocalAccount(toNanoDollars(config.auth.local_account_credits), config.auth.local_account_country ?? null);
  const target = clickHouseTarget(config, process.env);
  const client = createClickHouseClient(target);
  const store = new ClickHouseGenerationStore(client, target.kind === 'chdb' ? { stagingDirectory: resolve(dataDirectory, 'generation-store-staging') } : {});
  await store.migrate();
  const writerOptions = { store, controlPlane, logger, batchSize: config.generation_log.batch_size, flushIntervalMs: config.generation_log.flush_interval_ms };

  // The primary's own queue: what an earlier single-process gateway left, and the records of interrupted generations.
  const ownQueue = await DurableQueue.open(resolve(dataDirectory, 'generation-queue'), { sync: config.generation_log.queue_sync, segmentBytes: config.generation_log.segment_bytes });
  const ownWriter = new GenerationLogWriter({ ...writerOptions, queue: ownQueue });
  await ownWriter.start();
  const ownLog = new GenerationLog(ownQueue, store);

  const workerQueues = new Map<number, { queue: DurableQueue; writer: GenerationLogWriter }>();
  /** Before a worker (re)starts: deliver its queue, then record what its journal says was interrupted. */
  async function prepareWorker(index: number): Promise<void> {
    let entry = workerQueues.get(index);
    if (!entry) {
      const queue = await DurableQueue.openReader(workerQueueDirectory(dataDirectory, index));
      const writer = new GenerationLogWriter({ ...writerOptions, queue, cursorName: `generation-log/worker-${index}` });
      entry = { queue, writer };
      workerQueues.set(index, entry);
      await writer.start();
    }
    await entry.writer.drain();
    const journal = await InFlightJournal.open(workerJournalDirectory(dataDirectory, index), config.generation_log.queue_sync);
    const interrupted = await journal.recover(store, (record) => ownLog.append(record));
    await journal.close();
    if (interrupted > 0) {
      logger.warn('recorded generations a stopped worker was serving as failed (not charged)', { worker: index, count: interrupted });
      await ownWriter.drain();
    }
  }

  const limits = new LocalLimits(new CreditLedger(controlPlane), buildRequestLimits(config));
  const analytics = new AnalyticsStore(client);
  const service = limitsService(limits, catalog);
  const live = new Set<Worker>();
  const channel = new PrimaryChannel(
    {
      ...service.calls,
      // A generation another worker just answered may still be in that worker's queue: deliver the queues and look again.
      'store.get': async ({ id, accountId }: { id: string; accountId?: string }) => {
        const found = await store.get(id, accountId);
        if (found) return found;
        await Promise.all([...workerQueues.values()].map((entry) => entry.writer.drain()));
        return store.get(id, accountId);
      },
      'store.existingIds': async ({ ids }: { ids: string[] }) => [...(await store.existingIds(ids))],
      'store.count': () => store.count(),
      'analytics.run': (compiled: CompiledQuery) => analytics.run(compiled),
    },
    {
      ...service.events,
      // Endpoint statistics: each worker's batch goes to every other worker.
      stats: (events: unknown, from: Worker) => {
        for (const worker of live) if (worker !== from) PrimaryChannel.emit(worker, 'stats', events);
      },
    },
  );

  let stopping = false;
  async function fork(index: number): Promise<string> {
    await prepareWorker(index);
    const worker = cluster.fork({ SWITCHBOARD_WORKER_INDEX: String(index) });
    live.add(worker);
    channel.attach(worker);
    worker.on('exit', (code, signal) => {
      live.delete(worker);
      if (stopping) return;
      logger.error('worker stopped; starting another', { worker: index, code, signal });
      void fork(index).catch((error: unknown) => logger.error('could not restart a worker', { worker: index, error: String(error) }));
    });
    return new Promise((resolveListening, rejectListening) => {
      worker.once('exit', (code) => rejectListening(new Error(`worker ${index} exited with ${code} before listening`)));
      worker.on('message', (message: { switchboard?: string; url?: string }) => {
        if (message?.switchboard === 'listening') resolveListening(message.url!);
      });
    });
  }
  const [url] = await Promise.all(Array.from({ length: workers }, (_, position) => fork(position + 1)));
  logger.info('switchboard cluster listening', { url, workers });

  let closing: Promise<void> | null = null;
  return {
    url: url!,
    close: () => {
      closing ??= (async () => {
        stopping = true;
        await Promise.all(
          [...live].map(
            (worker) =>
              new Promise<void>((resolveExit) => {
                worker.once('exit', () => resolveExit());
                worker.process.kill('SIGTERM');
              }),
          ),
        );
        for (const [index, entry] of workerQueues) {
          await entry.writer.stop();
          await prepareWorker(index);
          await entry.queue.close();
        }
        await ownWriter.stop();
        await ownQueue.close();
        await store.close();
        await controlPlane.close();
        await logger.flush();
      })();
      return closing;
    },
  };
}
