import type { Usage } from '../spec/usage.js';
import type { CostBreakdown } from './compute-cost.js';
import { fromNanoDollars } from './pricing.js';

/** Counts the gateway makes itself, asked for only when a provider's count fails validation. */
export interface OwnTokenCounts {
  promptTokens(): number;
  completionTokens(): number;
  reasoningTokens(): number;
  /** A media request's units as the gateway knows them (asked of, and given for, media requests only). */
  mediaUnits?(): number;
}

export interface MeteredUsage {
  usage: Usage;
  /** The usage fields (OpenRouter's names) that were replaced by the gateway's own count or brought in line. */
  corrected: string[];
}

const fields = [
  ['promptTokens', 'prompt_tokens'],
  ['completionTokens', 'completion_tokens'],
  ['reasoningTokens', 'reasoning_tokens'],
  ['cachedTokens', 'cached_tokens'],
  ['cacheWriteTokens', 'cache_write_tokens'],
] as const;

/**
 * Most tokens one generation can report: twice the endpoint's context window (providers count with
 * tokenizers of their own, but not twice over), at least 256k, never more than a UInt32 column holds.
 */
export function tokenCeiling(contextLength: number | null): number {
  return Math.min(4_000_000_000, 2 * Math.max(contextLength ?? 0, 128_000));
}

/**
 * Checks the usage a provider reported — whatever it is, since it comes from outside: each count
 * must be a non-negative integer no larger than `ceiling`. A count that is not is replaced by the
 * gateway's own (prompt and completion by its tokenizer, reasoning by the reasoning text's tokens,
 * cache counts by 0), and parts larger than their whole are brought down to it (reasoning within
 * completion, cache reads and writes within the prompt). Every change is named in `corrected`.
 */
export function meterUsage(reported: unknown, own: OwnTokenCounts, ceiling: number): MeteredUsage {
  const source = (typeof reported === 'object' && reported !== null ? reported : {}) as Record<string, unknown>;
  const corrected: string[] = [];
  const sound = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= ceiling;
  const pick = (field: (typeof fields)[number], fallback: () => number): number => {
    const value = source[field[0]];
    if (sound(value)) return value;
    corrected.push(field[1]);
    return Math.min(ceiling, Math.max(0, Math.round(fallback())));
  };
  const promptTokens = pick(fields[0], own.promptTokens);
  const completionTokens = pick(fields[1], own.completionTokens);
  let reasoningTokens = pick(fields[2], own.reasoningTokens);
  let cachedTokens = pick(fields[3], () => 0);
  let cacheWriteTokens = pick(fields[4], () => 0);
  if (reasoningTokens > completionTokens) {
    reasoningTokens = completionTokens;
    if (!corrected.includes('reasoning_tokens')) corrected.push('reasoning_tokens');
  }
  if (cachedTokens > promptTokens) {
    cachedTokens = promptTokens;
    if (!corrected.includes('cached_tokens')) corrected.push('cached_tokens');
  }
  if (cacheWriteTokens > promptTokens - cachedTokens) {
    cacheWriteTokens = promptTokens - cachedTokens;
    if (!corrected.includes('cache_write_tokens')) corrected.push('cache_write_tokens');
  }
  const usage: Usage = { promptTokens, completionTokens, reasoningTokens, cachedTokens, cacheWriteTokens };
  if (own.mediaUnits) {
    const units = source.mediaUnits;
    if (sound(units)) usage.mediaUnits = units;
    else {
      corrected.push('media_units');
      usage.mediaUnits = Math.min(ceiling, Math.max(0, Math.round(own.mediaUnits())));
    }
  }
  if (source.raw !== undefined) usage.raw = source.raw;
  return { usage, corrected };
}

/**
 * A charge never exceeds what its reservation held: the part of `cost` beyond `reservedNano` is
 * returned as `unbilledNano` (recorded as an anomaly), and the charge is the reservation.
 */
export function capCharge(cost: CostBreakdown, reservedNano: number): { cost: CostBreakdown; unbilledNano: number } {
  if (cost.totalNano <= reservedNano) return { cost, unbilledNano: 0 };
  const charged = Math.max(0, reservedNano);
  return { cost: { ...cost, totalNano: charged, total: fromNanoDollars(charged) }, unbilledNano: cost.totalNano - charged };
}
