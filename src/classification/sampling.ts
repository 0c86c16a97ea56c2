import { createHash } from 'node:crypto';

/**
 * Whether a generation's prompt is in the classified sample: a uniform number from a hash of its
 * id, below the rate. The same id always gets the same answer, so a retried or replayed request
 * is sampled, or not, alike.
 */
export function sampledForClassification(generationId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (!(rate > 0)) return false;
  const digest = createHash('sha256').update(generationId).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000 < rate;
}
