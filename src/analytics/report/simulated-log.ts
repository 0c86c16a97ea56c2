import type { AnalyticsStore } from '../analytics-store.js';
import { clickHouseTime, type Period } from '../semantic/compile-query.js';

/** The user agent `switchboard simulate --through-gateway` sends, so its records can be told apart. */
export const simulatorUserAgent = 'switchboard-simulate';

/**
 * Whether the period holds simulated records: written by `switchboard simulate` (key hashes of
 * the form key-<account>, never a real key's SHA-256) or sent through a gateway by it (its user
 * agent). Figures that such a workload only echoes are then marked in the report.
 */
export async function logHoldsSimulatedRecords(store: AnalyticsStore, period: Period): Promise<boolean> {
  const rows = await store.run({
    sql: `SELECT 1 AS found FROM generations
      WHERE created_at >= {period_from:DateTime64(3)} AND created_at < {period_to:DateTime64(3)}
        AND (startsWith(key_hash, 'key-') OR startsWith(ifNull(user_agent, ''), {agent:String}))
      LIMIT 1`,
    params: { period_from: clickHouseTime(period.from), period_to: clickHouseTime(period.to), agent: simulatorUserAgent },
  });
  return rows.length > 0;
}
