import type { SeededRandom } from '../../providers/simulator/seeded-random.js';
import { continentMix, countriesByContinent, ordinaryRetention, specialCohorts, type RetentionCurve } from './study-scenario.js';

export interface Account {
  id: string;
  country: string;
  continent: string;
}

function retentionAt(curve: RetentionCurve, offset: number): number {
  if (offset <= 0) return 1;
  if (offset <= curve.months.length) return curve.months[offset - 1]!;
  return curve.months.at(-1)! * curve.tailDecay ** (offset - curve.months.length);
}

function pickWeighted<T>(random: SeededRandom, entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let draw = random.next() * total;
  for (const [value, weight] of entries) {
    draw -= weight;
    if (draw < 0) return value;
  }
  return entries.at(-1)![0];
}

/** Month key YYYY-MM of a time. */
export function monthOf(time: number): string {
  return new Date(time).toISOString().slice(0, 7);
}

/**
 * The users of each model, month by month. New users arrive so that about `activeTarget` users are
 * active each month; each cohort then stays active with its retention curve (ordinary, or the
 * study's foundational and boomerang cohorts). Returns, per model and month, the accounts to which
 * that month's requests are assigned: every active user gets at least one, heavier users more.
 */
export class UserCohorts {
  readonly accounts: Account[] = [];
  private nextAccount = 0;

  constructor(private readonly random: SeededRandom) {}

  private newAccount(month: string): number {
    const time = Date.parse(`${month}-15T00:00:00Z`);
    const mix = continentMix(time);
    const continent = pickWeighted(this.random, [...mix.entries()]);
    const country = pickWeighted(this.random, countriesByContinent[continent] ?? [['US', 1]]);
    this.accounts.push({ id: `acct-${(this.nextAccount++).toString(36).padStart(6, '0')}`, country, continent });
    return this.accounts.length - 1;
  }

  /** Assigns `requests[month]` requests of one model to its users; returns, per month, a shuffled list of account indexes. */
  assign(model: string, months: readonly string[], requests: ReadonlyMap<string, number>): Map<string, Int32Array> {
    const users: { account: number; cohort: number; curve: RetentionCurve; intensity: number }[] = [];
    const result = new Map<string, Int32Array>();
    months.forEach((month, monthIndex) => {
      const count = requests.get(month) ?? 0;
      const active: number[] = [];
      users.forEach((user, index) => {
        if (this.random.next() < retentionAt(user.curve, monthIndex - user.cohort)) active.push(index);
      });
      const special = specialCohorts.find((cohort) => cohort.model === model && cohort.month === month);
      const target = count === 0 ? 0 : Math.max(1, Math.round(Math.min(0.4 * count, 12 + 5 * Math.sqrt(count))));
      let arrivals = Math.max(0, target - active.length);
      if (special) arrivals = Math.max(arrivals, Math.round(target * 0.6 * special.sizeFactor));
      arrivals = Math.min(arrivals, Math.max(0, count - active.length));
      for (let index = 0; index < arrivals; index++) {
        users.push({ account: this.newAccount(month), cohort: monthIndex, curve: special?.curve ?? ordinaryRetention, intensity: Math.exp(this.random.normal() * 0.8) });
        active.push(users.length - 1);
      }
      if (count === 0) return;
      // Shuffle the active users; with fewer requests than active users, the ones left over sit the month out.
      for (let index = active.length - 1; index > 0; index--) {
        const other = Math.floor(this.random.next() * (index + 1));
        [active[index], active[other]] = [active[other]!, active[index]!];
      }
      const assigned = new Int32Array(count);
      const first = Math.min(count, active.length);
      for (let index = 0; index < first; index++) assigned[index] = users[active[index]!]!.account;
      if (count > first) {
        const cumulative: number[] = [];
        let total = 0;
        for (const index of active) {
          total += users[index]!.intensity;
          cumulative.push(total);
        }
        for (let index = first; index < count; index++) {
          const draw = this.random.next() * total;
          let low = 0;
          let high = cumulative.length - 1;
          while (low < high) {
            const middle = (low + high) >> 1;
            if (cumulative[middle]! < draw) low = middle + 1;
            else high = middle;
          }
          assigned[index] = users[active[low]!]!.account;
        }
      }
      for (let index = count - 1; index > 0; index--) {
        const other = Math.floor(this.random.next() * (index + 1));
        [assigned[index], assigned[other]] = [assigned[other]!, assigned[index]!];
      }
      result.set(month, assigned);
    });
    return result;
  }
}
