import { readFile } from 'node:fs/promises';

import type { TraceRequest } from './trace-request.js';

/** '2023-11-16 18:17:03.9799600' (UTC, 7 fractional digits) → Unix milliseconds. */
function parseTimestamp(text: string, line: number): number {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`line ${line}: TIMESTAMP "${text}" is not like 2023-11-16 18:17:03.9799600`);
  const fraction = (match[3] ?? '0').padEnd(3, '0').slice(0, 3);
  return Date.parse(`${match[1]}T${match[2]}.${fraction}Z`);
}

function parseCount(text: string | undefined, column: string, line: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`line ${line}: ${column} "${text}" is not a token count`);
  return value;
}

/** Reads a trace CSV with the columns TIMESTAMP, ContextTokens, GeneratedTokens (any order), sorted by time. */
export async function readAzureTrace(path: string): Promise<TraceRequest[]> {
  const lines = (await readFile(path, 'utf8')).split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines[0]?.split(',').map((name) => name.trim()) ?? [];
  const columns = ['TIMESTAMP', 'ContextTokens', 'GeneratedTokens'].map((name) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`${path}: no ${name} column (found: ${header.join(', ')})`);
    return index;
  });
  const requests = lines.slice(1).map((line, index) => {
    const cells = line.split(',');
    return {
      timeMs: parseTimestamp(cells[columns[0]!] ?? '', index + 2),
      contextTokens: parseCount(cells[columns[1]!], 'ContextTokens', index + 2),
      generatedTokens: parseCount(cells[columns[2]!], 'GeneratedTokens', index + 2),
    };
  });
  return requests.sort((a, b) => a.timeMs - b.timeMs);
}
