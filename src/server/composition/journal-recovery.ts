import type { Logger } from '../../observability/logger.js';
import type { GenerationRecord } from '../../spec/generation-record.js';
import type { GenerationLogWriter } from '../../storage/generation-log/generation-log-writer.js';
import type { InFlightJournal, LoggedIds } from '../../storage/generation-log/in-flight-journal.js';

const retryMs = 10_000;

/**
 * Records what an earlier run left in flight (see InFlightJournal), once the log can say what it
 * holds: the queue migrated and delivered, the store answering. Until then it retries in the
 * background; the gateway serves meanwhile (the entries stay on disk).
 */
export function recoverJournal(input: {
  journal: InFlightJournal;
  writer: Pick<GenerationLogWriter, 'drain'>;
  logged: LoggedIds;
  append: (record: GenerationRecord) => Promise<void>;
  logger: Logger;
  label: string;
  /** Between attempts while the log cannot answer (default 10 s). */
  retryMs?: number;
}): { settled: Promise<void>; stop(): void } {
  const { journal, writer, logger } = input;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let resolveSettled!: () => void;
  const settled = new Promise<void>((resolve) => {
    resolveSettled = resolve;
  });
  const attempt = async () => {
    if (stopped) return resolveSettled();
    try {
      await writer.drain();
      const recovered = await journal.recover(input.logged, input.append);
      if (recovered > 0) {
        logger.warn('recorded generations interrupted by the last stop as failed (not charged)', { journal: input.label, count: recovered });
        await writer.drain().catch(() => undefined);
      }
      resolveSettled();
    } catch (error) {
      logger.error('could not yet check interrupted generations against the log; retrying', { journal: input.label, error: String((error as Error)?.message ?? error) });
      timer = setTimeout(() => void attempt(), input.retryMs ?? retryMs);
      timer.unref();
      resolveSettled();
    }
  };
  if (journal.recoveryPending) void attempt();
  else resolveSettled();
  return {
    settled,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
