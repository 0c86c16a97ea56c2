import type { UsageEntry } from '../control-plane/control-plane-store.js';
import { utcDay } from '../../accounting/limit-period.js';
import type { GenerationRecord } from './generation-record.js';
import { generationColumnList } from './generations-table.js';
import { toTabSeparatedRow } from './tab-separated-rows.js';

/**
 * The durable queue holds each generation record as one TabSeparated row in the column order of
 * `generations` (schema version first): the writer hands rows to the store as they are, with no
 * parsing, and reads the few fields the control plane needs by position. Lines written as JSON
 * by earlier versions are still read.
 */

const columnIndex = (name: keyof GenerationRecord) => generationColumnList.findIndex(([column]) => column === name);
const positions = {
  createdAt: columnIndex('created_at'),
  accountId: columnIndex('account_id'),
  keyHash: columnIndex('key_hash'),
  costNano: columnIndex('total_cost_nano'),
  isByok: columnIndex('is_byok'),
};
const columnCount = generationColumnList.length;

export function toQueueLine(record: GenerationRecord): string {
  const row = toTabSeparatedRow(record);
  return row.slice(0, -1);
}

function unescape(text: string): string {
  return text.includes('\\') ? text.replace(/\\([\\tnr])/g, (_match, code: string) => (code === 't' ? '\t' : code === 'n' ? '\n' : code === 'r' ? '\r' : '\\')) : text;
}

/** A queue line as a TabSeparated row for the store, or null when it is neither a row nor a JSON record. */
export function queueLineToRow(line: string): string | null {
  if (line.startsWith('{')) {
    try {
      return toTabSeparatedRow(JSON.parse(line) as GenerationRecord);
    } catch {
      return null;
    }
  }
  let tabs = 0;
  for (let index = line.indexOf('\t'); index !== -1; index = line.indexOf('\t', index + 1)) tabs++;
  return tabs === columnCount - 1 ? `${line}\n` : null;
}

/** What a queue line adds to account and key usage, or null when the line cannot be read. */
export function queueLineUsage(line: string): UsageEntry | null {
  if (line.startsWith('{')) {
    try {
      const record = JSON.parse(line) as GenerationRecord;
      return { accountId: record.account_id, keyHash: record.key_hash, costNano: record.total_cost_nano, day: utcDay(Date.parse(record.created_at)), isByok: record.is_byok };
    } catch {
      return null;
    }
  }
  const fields = line.split('\t');
  if (fields.length !== columnCount) return null;
  const createdAt = Date.parse(`${fields[positions.createdAt]!.replace(' ', 'T')}Z`);
  const costNano = Number(fields[positions.costNano]);
  if (Number.isNaN(createdAt) || !Number.isFinite(costNano)) return null;
  return {
    accountId: unescape(fields[positions.accountId]!),
    keyHash: unescape(fields[positions.keyHash]!),
    costNano,
    day: utcDay(createdAt),
    isByok: fields[positions.isByok] === 'true',
  };
}
