import { z } from 'zod';
import type { ReasoningDetail } from '../../spec/chat-message.js';
import { invalidResponse } from './upstream-errors.js';

/**
 * What every provider format's schemas share. Provider answers are validated where they enter —
 * each format's response and stream events have a zod schema — instead of being cast: a field of
 * the wrong type is an invalid response (502, the next endpoint is tried) naming the field. Objects
 * are loose (servers add fields freely); token counts are taken as they come (`count`), because
 * the meter (accounting/meter-usage.ts) checks them and records what it corrected.
 */

/** A token count as a provider reported it: checked when it is billed, not here. */
export const count = z.unknown().optional();

/** A string the provider may leave out or null. */
export const optionalText = z.string().nullish();

/** A part of an answer that is informative only (usage details): malformed, it is dropped rather than failing the answer. */
export function informative<T extends z.ZodType>(schema: T) {
  return schema.nullish().catch(undefined);
}

/** OpenRouter's reasoning details, as OpenAI-compatible servers (and OpenRouter itself) return them. */
export const reasoningDetailSchema = z.looseObject({
  type: z.enum(['reasoning.text', 'reasoning.summary', 'reasoning.encrypted']),
  id: z.string().nullish(),
  format: z.string().optional(),
  index: z.number().int().optional(),
  text: z.string().optional(),
  summary: z.string().optional(),
  data: z.string().optional(),
  signature: z.string().nullish(),
}) satisfies z.ZodType<ReasoningDetail>;

/** A value checked against a provider's schema; a mismatch is upstream_invalid_response naming the first bad field. */
export function readUpstream<T extends z.ZodType>(schema: T, value: unknown, providerName: string, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String).join('.');
  throw invalidResponse(providerName, `${what}: ${path || '(the whole value)'}: ${issue.message}`);
}

/** A JSON text (a stream event's data) parsed and checked against a provider's schema. */
export function readUpstreamJson<T extends z.ZodType>(schema: T, text: string, providerName: string, what: string): z.infer<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidResponse(providerName, `${what} is not JSON: ${text.slice(0, 200)}`);
  }
  return readUpstream(schema, value, providerName, what);
}

/**
 * The sum of reported counts (an absent one is 0) when each is a number; otherwise the first that
 * is not, unchanged, so that the meter sees it and replaces the total with its own count.
 */
export function addCounts(...values: unknown[]): unknown {
  let sum = 0;
  for (const value of values) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number') return value;
    sum += value;
  }
  return sum;
}

/** A reported count, or 0 when the provider sent none. */
export function countOrZero(value: unknown): unknown {
  return value === undefined || value === null ? 0 : value;
}
