import { type ChildProcess, fork } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AnalyticsStore, type Row } from '../../analytics/analytics-store.js';
import type { CompiledQuery } from '../../analytics/semantic/compile-query.js';
import type { SwitchboardConfig } from '../../config/config-schema.js';
import type { Logger } from '../../observability/logger.js';
import type { GenerationRecord } from '../../spec/generation-record.js';
import { type EventBlock, type GenerationStore, StoreRefusedError } from '../../storage/generation-log/generation-store.js';
import { WorkerChannel } from '../interprocess/ipc-channel.js';

const restartDelayMs = 1_000;

/**
 * The generation store in a process of its own (store-process-entry.ts): the embedded engine's
 * memory and threads stay out of the process that serves requests. Every call goes over IPC
 * (structured clone, so event blocks travel as bytes). If the process dies, calls fail — the
 * writer keeps the records in the durable queue and retries — and it is started again.
 */
export class ForkedGenerationStore implements GenerationStore {
  private child: ChildProcess | null = null;
  private channel: WorkerChannel | null = null;
  private starting: Promise<void> | null = null;
  private closing = false;
  readonly description = 'chDB (embedded, in a process of its own)';
  readonly analytics = new AnalyticsStore((compiled: CompiledQuery) => this.call<Row[]>('analytics.run', compiled));

  private constructor(
    private readonly config: SwitchboardConfig,
    private readonly environment: NodeJS.ProcessEnv,
    private readonly logger: Logger,
  ) {}

  /** Forks the store process and opens the store in it. */
  static async start(config: SwitchboardConfig, environment: NodeJS.ProcessEnv, logger: Logger): Promise<ForkedGenerationStore> {
    const forked = new ForkedGenerationStore(config, environment, logger);
    await forked.spawn();
    return forked;
  }

  /** The operating system's id of the store process (for reports of every process's memory). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  private spawn(): Promise<void> {
    this.starting ??= (async () => {
      const extension = extname(fileURLToPath(import.meta.url));
      const entry = fileURLToPath(new URL(`./store-process-entry${extension}`, import.meta.url));
      const child = fork(entry, [], { serialization: 'advanced', execArgv: extension === '.ts' ? ['--import', 'tsx'] : [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const channel = new WorkerChannel(child);
      await new Promise<void>((resolveReady, rejectReady) => {
        child.once('exit', (code) => rejectReady(new Error(`the store process exited with ${code} before it was ready`)));
        child.on('message', (message: { switchboard?: string }) => {
          if (message?.switchboard === 'store-process-ready') resolveReady();
        });
      });
      child.on('exit', (code, signal) => {
        channel.failPending(new Error(`the store process stopped (${signal ?? code})`));
        // Only the running process is restarted here; a start that failed is retried by whoever started it.
        if (this.child !== child) return;
        this.child = null;
        this.channel = null;
        if (this.closing) return;
        this.logger.error('the store process stopped; starting it again', { code, signal });
        this.restartLater();
      });
      // Only what the store needs: its configuration, and the environment variable holding a server password.
      const passwordEnv = this.config.generation_log.clickhouse.password_env;
      try {
        await channel.call('open', { config: this.config, environment: passwordEnv ? { [passwordEnv]: this.environment[passwordEnv] } : {} });
      } catch (error) {
        child.kill('SIGKILL');
        throw error;
      }
      this.child = child;
      this.channel = channel;
    })().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  /** Starts the store process again after a pause, and again after each failed start, until it runs or the store is closed. */
  private restartLater(): void {
    setTimeout(() => {
      if (this.closing || this.channel) return;
      this.spawn().catch((error: unknown) => {
        this.logger.error('could not start the store process; trying again', { error: String(error) });
        this.restartLater();
      });
    }, restartDelayMs).unref();
  }

  private async call<T>(method: string, argument: unknown): Promise<T> {
    if (!this.channel) {
      if (this.closing) throw new Error('the store is closed');
      await (this.starting ?? Promise.reject(new Error('the store process is restarting')));
    }
    return this.channel!.call<T>(method, argument);
  }

  migrate(): Promise<void> {
    return this.call('migrate', null);
  }

  async insertEvents(block: EventBlock, deduplicationToken: string): Promise<void> {
    const answer = await this.call<{ inserted: true } | { refused: string }>('insertEvents', { rows: block.rows, data: block.data, token: deduplicationToken });
    if ('refused' in answer) throw new StoreRefusedError(answer.refused);
  }

  insert(records: readonly GenerationRecord[], deduplicationToken?: string): Promise<void> {
    return this.call('insert', { records, ...(deduplicationToken ? { token: deduplicationToken } : {}) });
  }

  get(id: string, accountId?: string): Promise<GenerationRecord | undefined> {
    return this.call('get', { id, ...(accountId ? { accountId } : {}) });
  }

  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    return new Set(await this.call<string[]>('existingIds', { ids }));
  }

  count(): Promise<{ rows: number; distinctIds: number }> {
    return this.call('count', null);
  }

  async close(): Promise<void> {
    this.closing = true;
    const child = this.child;
    if (!child) return;
    await this.channel?.call('close', null).catch(() => undefined);
    const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
    child.disconnect();
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(kill);
  }
}
