import { periodStartDay, utcDay } from '../../spec/limit-period.js';
import type { GatewayServices } from '../gateway-services.js';

export interface PeriodUsage {
  byokTotal: number;
  daily: number;
  weekly: number;
  monthly: number;
  byokDaily: number;
  byokWeekly: number;
  byokMonthly: number;
}

/**
 * What an account spent today, this week and this month (USD; BYOK apart), read from the
 * generation log: for requests made without a key (key-less local development), whose spending no
 * key's counters hold. What the log has not taken in yet (the last moment's requests) is not in it.
 */
export async function accountPeriodUsage(services: GatewayServices, accountId: string): Promise<PeriodUsage> {
  const now = services.now();
  const today = utcDay(now);
  const read = async (reset: 'daily' | 'weekly' | 'monthly' | 'total') => {
    const [row] = await services.analytics.query({
      dimensions: [],
      measures: ['spend', 'effective_cost_usd'],
      filters: [{ dimension: 'account', operator: '=', value: accountId }],
      period: { from: new Date(reset === 'total' ? 0 : periodStartDay(reset, today) * 86_400_000), to: new Date(now + 1) },
    });
    const spend = row?.spend ?? 0;
    const paid = row?.effective_cost_usd ?? 0;
    return { paid, byok: Math.max(0, spend - paid) };
  };
  const [daily, weekly, monthly, total] = await Promise.all([read('daily'), read('weekly'), read('monthly'), read('total')]);
  return { byokTotal: total.byok, daily: daily.paid, weekly: weekly.paid, monthly: monthly.paid, byokDaily: daily.byok, byokWeekly: weekly.byok, byokMonthly: monthly.byok };
}
