import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/** Objects of a newline-delimited JSON file, one per line (blank lines skipped); streamed. */
export async function* ndjsonRows(path: string): AsyncIterable<Record<string, unknown>> {
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new Error(`line ${line} is not JSON: ${(error as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`line ${line}: expected a JSON object`);
    yield value as Record<string, unknown>;
  }
}

/**
 * Generation records as OpenRouter's GET /api/v1/generation returns them, saved to a file: one
 * response ({"data": {…}}), an array of responses or of records, or one response or record per
 * line (NDJSON).
 */
export async function* generationJsonRows(path: string): AsyncIterable<Record<string, unknown>> {
  const text = (await readFile(path, 'utf8')).trim();
  const unwrap = (value: unknown): Record<string, unknown> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected a generation object');
    const object = value as Record<string, unknown>;
    return typeof object.data === 'object' && object.data !== null && !Array.isArray(object.data) ? (object.data as Record<string, unknown>) : object;
  };
  if (text.startsWith('[')) {
    for (const value of JSON.parse(text) as unknown[]) yield unwrap(value);
    return;
  }
  try {
    const value = JSON.parse(text) as unknown;
    const data = (value as { data?: unknown }).data;
    if (Array.isArray(data)) for (const item of data) yield unwrap(item);
    else yield unwrap(value);
    return;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  for await (const row of ndjsonRows(path)) yield unwrap(row);
}
