/** What a media model bills by (its log's unit): one image made, one character spoken, one second of audio transcribed, one rerank search unit. */
export type MediaUnit = 'image' | 'character' | 'second' | 'search';

export const mediaUnits: readonly MediaUnit[] = ['image', 'character', 'second', 'search'];

/** A media endpoint's price per unit, USD. */
export interface UnitPrice {
  unit: MediaUnit;
  price: number;
}

/** Prices of one endpoint in USD per token (per request for `request`), parsed from catalog strings. */
export interface Pricing {
  prompt: number;
  completion: number;
  /** Price of a cached prompt token (cache read); null when the endpoint has no cache pricing. */
  cacheRead: number | null;
  /** Price of a prompt token written to the cache; null when the endpoint has no cache-write pricing. */
  cacheWrite: number | null;
  /** Price of a reasoning token when the endpoint prices reasoning apart; null means reasoning is billed as completion. */
  internalReasoning: number | null;
  request: number;
  /** Fraction taken off the whole cost (OpenRouter's pricing.discount). */
  discount: number;
  /** Price per media unit (images, characters, seconds, search units); absent for text models. */
  unit?: UnitPrice;
}

export function parsePrice(value: unknown, field: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number) || number < 0) throw new Error(`invalid price for ${field}: ${String(value)}`);
  return number;
}

/** Parses OpenRouter's pricing object (USD per token as strings). */
export function parsePricing(pricing: Record<string, unknown>): Pricing {
  return {
    prompt: parsePrice(pricing.prompt, 'prompt') ?? 0,
    completion: parsePrice(pricing.completion, 'completion') ?? 0,
    cacheRead: parsePrice(pricing.input_cache_read, 'input_cache_read'),
    cacheWrite: parsePrice(pricing.input_cache_write, 'input_cache_write'),
    internalReasoning: parsePrice(pricing.internal_reasoning, 'internal_reasoning'),
    request: parsePrice(pricing.request, 'request') ?? 0,
    discount: parsePrice(pricing.discount, 'discount') ?? 0,
  };
}

/** Renders pricing back to OpenRouter's string form (only the keys that are set). */
export function formatPricing(pricing: Pricing): Record<string, string> {
  const text = (value: number) => (value === 0 ? '0' : value.toFixed(12).replace(/0+$/, '').replace(/\.$/, ''));
  const result: Record<string, string> = { prompt: text(pricing.prompt), completion: text(pricing.completion) };
  if (pricing.request) result.request = text(pricing.request);
  if (pricing.cacheRead !== null) result.input_cache_read = text(pricing.cacheRead);
  if (pricing.cacheWrite !== null) result.input_cache_write = text(pricing.cacheWrite);
  if (pricing.internalReasoning !== null) result.internal_reasoning = text(pricing.internalReasoning);
  return result;
}

export const nanoDollarsPerDollar = 1e9;

/** USD → integer nano-USD, the unit of every balance and limit (exact sums; safe up to ≈ $9M). */
export function toNanoDollars(usd: number): number {
  return Math.round(usd * nanoDollarsPerDollar);
}

export function fromNanoDollars(nano: number): number {
  return nano / nanoDollarsPerDollar;
}

/** Every price multiplied by `factor` (the discount stays). */
export function scalePricing(pricing: Pricing, factor: number): Pricing {
  const scale = (value: number | null) => (value === null ? null : value * factor);
  return {
    prompt: pricing.prompt * factor,
    completion: pricing.completion * factor,
    cacheRead: scale(pricing.cacheRead),
    cacheWrite: scale(pricing.cacheWrite),
    internalReasoning: scale(pricing.internalReasoning),
    request: pricing.request * factor,
    discount: pricing.discount,
    ...(pricing.unit ? { unit: { unit: pricing.unit.unit, price: pricing.unit.price * factor } } : {}),
  };
}
