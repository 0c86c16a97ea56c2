import type { ModelCatalog } from '../../catalog/model-catalog.js';
import type { GenerationStore } from '../../storage/generation-log/generation-store.js';
import { generateStudyWorkload, type StudyWorkloadOptions, type WorkloadSummary } from './generate-study-workload.js';

/**
 * Generates the calibrated workload straight into a generation store, in bulk
 * batches (no queue: this is synthetic history, not traffic). Each batch carries a deduplication
 * token made of the seed and its number, so running the same generation twice does not store it twice.
 */
export async function writeStudyWorkload(
  store: GenerationStore,
  catalog: ModelCatalog,
  options: StudyWorkloadOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<WorkloadSummary & { milliseconds: number }> {
  const started = performance.now();
  let batchNumber = 0;
  const summary = await generateStudyWorkload(
    options,
    catalog,
    async (records) => {
      batchNumber++;
      await store.insert(records, `workload-${options.seed ?? 2025}-${options.records}-${batchNumber}`);
    },
    onProgress,
  );
  return { ...summary, milliseconds: performance.now() - started };
}
