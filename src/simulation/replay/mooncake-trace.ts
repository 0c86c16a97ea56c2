import { readFile } from 'node:fs/promises';
import type { TraceRequest } from './trace-request.js';

/** Tokens per block of a Mooncake trace's `hash_ids`. */
export const mooncakeBlockTokens = 512;

function count(value: unknown, field: string, line: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new Error(`line ${line}: ${field} ${JSON.stringify(value)?.slice(0, 40)} is not a non-negative integer`);
  return value;
}

/**
 * Reads a trace in Mooncake's JSON-lines format (kvcache-ai/Mooncake, FAST '25): one request per
 * line, `timestamp` (milliseconds since the trace's first request), `input_length`,
 * `output_length`, `hash_ids` (one per 512-token block of the prompt; equal ids are equal
 * prefixes). Times are placed from `startMs` (the trace carries no date of its own), sorted.
 */
export async function readMooncakeTrace(path: string, startMs: number): Promise<TraceRequest[]> {
  const lines = (await readFile(path, 'utf8')).split(/\r?\n/);
  const requests: TraceRequest[] = [];
  for (const [index, text] of lines.entries()) {
    if (text.trim() === '') continue;
    const line = index + 1;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new Error(`${path} line ${line}: not JSON`);
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new Error(`${path} line ${line}: not a JSON object`);
    const contextTokens = count(row.input_length, 'input_length', line);
    const hashIds =
      row.hash_ids === undefined
        ? undefined
        : (() => {
            if (!Array.isArray(row.hash_ids)) throw new Error(`line ${line}: hash_ids is not an array`);
            return row.hash_ids.map((id, position) => count(id, `hash_ids[${position}]`, line));
          })();
    if (hashIds && hashIds.length !== Math.ceil(contextTokens / mooncakeBlockTokens))
      throw new Error(`line ${line}: ${hashIds.length} hash_ids for ${contextTokens} input tokens (one per ${mooncakeBlockTokens}-token block: ${Math.ceil(contextTokens / mooncakeBlockTokens)})`);
    requests.push({
      timeMs: startMs + count(row.timestamp, 'timestamp', line),
      contextTokens,
      generatedTokens: count(row.output_length, 'output_length', line),
      ...(hashIds ? { hashIds } : {}),
    });
  }
  return requests.sort((a, b) => a.timeMs - b.timeMs);
}

/**
 * Tokens of each request's prompt that an earlier request's prompt already held, by the trace's
 * own block ids: the leading full blocks whose ids a full block of an earlier request had. What a
 * prefix cache of 512-token blocks would read, request by request in time order.
 */
export function reusablePrefixTokens(trace: readonly TraceRequest[]): number[] {
  const seen = new Set<number>();
  return trace.map((request) => {
    const full = Math.floor(request.contextTokens / mooncakeBlockTokens);
    const ids = request.hashIds ?? [];
    let reused = 0;
    while (reused < full && seen.has(ids[reused]!)) reused++;
    for (const id of ids.slice(0, full)) seen.add(id);
    return reused * mooncakeBlockTokens;
  });
}
