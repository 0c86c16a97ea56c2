import type { GenerationRecord } from '../../src/spec/generation-record.js';
import type { TestGateway } from './test-gateway.js';

/** Every record the gateway appends to its generation log from now on, in order, as it appends it. */
export function appendedRecords(gateway: TestGateway): GenerationRecord[] {
  const records: GenerationRecord[] = [];
  const append = gateway.services.generationLog.append.bind(gateway.services.generationLog);
  gateway.services.generationLog.append = (record) => {
    records.push(record);
    return append(record);
  };
  return records;
}
