import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { csvRows } from './csv-rows.js';

/** One line of a prompt file: its text, or why it has none. */
export type PromptLine = { text: string } | { error: string };

/**
 * The prompts of a file, in order: JSON lines with a `text` field (or `prompt`), or CSV with a
 * text column (`--column`, else `text` or `prompt`). A line that cannot be read yields an error in
 * its place, so the output keeps one line per input line.
 */
export async function* promptLines(path: string, format: 'jsonl' | 'csv', column?: string): AsyncIterable<PromptLine> {
  if (format === 'csv') {
    let name: string | undefined;
    for await (const row of csvRows(path)) {
      name ??= column ?? ['text', 'prompt'].find((candidate) => candidate in row);
      if (!name || !(name in row)) throw new Error(`the CSV file has no ${column ? `"${column}"` : '"text" or "prompt"'} column`);
      yield { text: row[name] ?? '' };
    }
    return;
  }
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  for await (const line of lines) {
    number++;
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      yield { error: `line ${number}: not JSON` };
      continue;
    }
    const record = value as Record<string, unknown> | null;
    const text = record && typeof record === 'object' ? (record[column ?? 'text'] ?? (column ? undefined : record.prompt)) : undefined;
    yield typeof text === 'string' ? { text } : { error: `line ${number}: no string "${column ?? 'text'}" field` };
  }
}
