/** The state of one limit after a request was admitted or refused. */
export interface WindowState {
  allowed: boolean;
  limit: number;
  /** Units left in the window after this request (0 when refused). */
  remaining: number;
  /** Unix milliseconds when the window has room again (for X-RateLimit-Reset / Retry-After). */
  resetAt: number;
}

interface SlidingWindow {
  /** Units per second for the last `seconds` seconds, as a ring. */
  buckets: Float64Array;
  /** The second each bucket belongs to. */
  seconds: Float64Array;
}

interface DailyCounter {
  day: number;
  used: number;
}

const dayMs = 86_400_000;

/**
 * In-process rate-limit counters: sliding windows of one-second buckets (requests or tokens per
 * minute) and UTC-day counters (free-model requests per day). `take` checks and takes in one step,
 * so concurrent requests can never pass a limit together. One gateway process; the same interface
 * backed by Redis is the multi-node step.
 */
export class RateLimiter {
  private readonly windows = new Map<string, SlidingWindow>();
  private readonly days = new Map<string, DailyCounter>();

  constructor(private readonly now: () => number = Date.now) {}

  private window(name: string, windowSeconds: number): SlidingWindow {
    let window = this.windows.get(name);
    if (!window || window.buckets.length !== windowSeconds) {
      window = { buckets: new Float64Array(windowSeconds), seconds: new Float64Array(windowSeconds).fill(-1) };
      this.windows.set(name, window);
    }
    return window;
  }

  private used(window: SlidingWindow, second: number): number {
    let total = 0;
    const size = window.buckets.length;
    for (let index = 0; index < size; index++) if (window.seconds[index]! > second - size) total += window.buckets[index]!;
    return total;
  }

  /** When enough of the window expires for `amount` more units to fit under `limit`. */
  private resetAt(window: SlidingWindow, second: number, limit: number, amount: number): number {
    const size = window.buckets.length;
    let excess = this.used(window, second) + amount - limit;
    for (let offset = size - 1; offset >= 0 && excess > 0; offset--) {
      const oldest = second - offset;
      const slot = ((oldest % size) + size) % size;
      if (window.seconds[slot] === oldest) excess -= window.buckets[slot]!;
      if (excess <= 0) return (oldest + size) * 1000;
    }
    return (second + 1) * 1000;
  }

  /** Takes `amount` units from a sliding window of `windowSeconds` holding at most `limit`, or refuses. */
  take(name: string, limit: number, amount: number, windowSeconds = 60): WindowState {
    const second = Math.floor(this.now() / 1000);
    const window = this.window(name, windowSeconds);
    const used = this.used(window, second);
    if (used + amount > limit && amount > 0) {
      return { allowed: false, limit, remaining: Math.max(0, limit - used), resetAt: this.resetAt(window, second, limit, amount) };
    }
    this.add(name, amount, windowSeconds);
    return { allowed: true, limit, remaining: Math.max(0, limit - used - amount), resetAt: (second + windowSeconds) * 1000 };
  }

  /** Adds (or, negative, gives back) units without a check: a request's real token count replacing its estimate. */
  add(name: string, amount: number, windowSeconds = 60): void {
    const second = Math.floor(this.now() / 1000);
    const window = this.window(name, windowSeconds);
    const slot = second % windowSeconds;
    if (window.seconds[slot] !== second) {
      window.seconds[slot] = second;
      window.buckets[slot] = 0;
    }
    window.buckets[slot] = window.buckets[slot]! + amount;
  }

  /** Units taken from a daily counter this UTC day. */
  usedToday(name: string): number {
    const counter = this.days.get(name);
    return counter && counter.day === Math.floor(this.now() / dayMs) ? counter.used : 0;
  }

  /** Takes one of `limit` units of the current UTC day, or refuses. */
  takeDaily(name: string, limit: number): WindowState {
    const time = this.now();
    const day = Math.floor(time / dayMs);
    let counter = this.days.get(name);
    if (!counter || counter.day !== day) {
      counter = { day, used: 0 };
      this.days.set(name, counter);
    }
    const resetAt = (day + 1) * dayMs;
    if (counter.used >= limit) return { allowed: false, limit, remaining: 0, resetAt };
    counter.used++;
    return { allowed: true, limit, remaining: limit - counter.used, resetAt };
  }
}
