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
function queueLineToRow(line: string): string | null {
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

/** The usage of a queue line written as JSON by an earlier version, or null when it does not parse. */
function jsonLineUsage(line: string): UsageEntry | null {
  try {
    const record = JSON.parse(line) as GenerationRecord;
    return { accountId: record.account_id, keyHash: record.key_hash, costNano: record.total_cost_nano, day: utcDay(Date.parse(record.created_at)), isByok: record.is_byok };
  } catch {
    return null;
  }
}

/** Whether a block of queue lines is all TabSeparated rows (no JSON lines of earlier versions). */
export function isTabSeparatedBlock(data: Buffer): boolean {
  return data.length === 0 || (data[0] !== 0x7b && data.indexOf('\n{') === -1);
}

/** The block's lines as store rows, the unreadable ones left out and counted. */
export function blockToRows(data: Buffer): { rows: string; skipped: number } {
  let rows = '';
  let skipped = 0;
  for (const line of data.toString('utf8').split('\n')) {
    if (line === '') continue;
    const row = queueLineToRow(line);
    if (row === null) skipped++;
    else rows += row;
  }
  return { rows, skipped };
}

/**
 * The usage a block of queue lines adds, summed per account and per key and day, reading only the
 * fields it needs by position (no split of whole lines). Unreadable lines are counted and skipped.
 */
export function blockUsage(data: Buffer): { usage: UsageEntry[]; skipped: number } {
  const text = data.toString('utf8');
  const usage: UsageEntry[] = [];
  let skipped = 0;
  const wanted = [positions.createdAt, positions.accountId, positions.keyHash, positions.costNano, positions.isByok];
  const last = Math.max(...wanted);
  const fields: string[] = new Array(last + 1);
  let lastDate = '';
  let lastDay = Number.NaN;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (text.charCodeAt(start) === 0x7b) {
      const entry = jsonLineUsage(text.slice(start, end));
      if (entry) usage.push(entry);
      else skipped++;
      start = end + 1;
      continue;
    }
    let fieldStart = start;
    let column = 0;
    for (; column <= last; column++) {
      let fieldEnd = text.indexOf('\t', fieldStart);
      if (fieldEnd === -1 || fieldEnd > end) fieldEnd = end;
      if (wanted.includes(column)) fields[column] = text.slice(fieldStart, fieldEnd);
      if (fieldEnd === end) break;
      fieldStart = fieldEnd + 1;
    }
    // The UTC day from the date part of created_at ('YYYY-MM-DD hh:mm:ss.sss'), parsed once per day seen.
    const date = column >= last ? fields[positions.createdAt]!.slice(0, 10) : '';
    let day = date === lastDate ? lastDay : Number.NaN;
    if (date !== lastDate && date.length === 10) {
      day = utcDay(Date.parse(`${date}T00:00:00Z`));
      lastDate = date;
      lastDay = day;
    }
    const costNano = Number(fields[positions.costNano]);
    if (Number.isNaN(day) || !Number.isFinite(costNano)) skipped++;
    else {
      usage.push({
        accountId: unescape(fields[positions.accountId]!),
        keyHash: unescape(fields[positions.keyHash]!),
        costNano,
        day,
        isByok: fields[positions.isByok] === 'true',
      });
    }
    start = end + 1;
  }
  return { usage, skipped };
}
