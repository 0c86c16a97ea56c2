/** How often a key's spending limit starts over: at midnight UTC, on Mondays, or on the 1st of the month. */
export type LimitReset = 'daily' | 'weekly' | 'monthly';

export const limitResets: readonly LimitReset[] = ['daily', 'weekly', 'monthly'];

/** UTC day number (days since 1970-01-01) of a timestamp in milliseconds. */
export function utcDay(timeMs: number): number {
  return Math.floor(timeMs / 86_400_000);
}

/** First UTC day of the period containing `day`. Weeks run Monday to Sunday, as OpenRouter's do. */
export function periodStartDay(reset: LimitReset, day: number): number {
  switch (reset) {
    case 'daily':
      return day;
    case 'weekly': {
      // 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays.
      return day - ((day + 3) % 7);
    }
    case 'monthly': {
      const date = new Date(day * 86_400_000);
      return utcDay(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
    }
  }
}

/** First UTC day of the next period: when the limit resets. */
export function nextPeriodStartDay(reset: LimitReset, day: number): number {
  switch (reset) {
    case 'daily':
      return day + 1;
    case 'weekly':
      return periodStartDay('weekly', day) + 7;
    case 'monthly': {
      const date = new Date(day * 86_400_000);
      return utcDay(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
    }
  }
}
