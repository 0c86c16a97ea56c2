import { generationColumnList } from '../../src/storage/generation-log/generations-table.js';

/** A queue line cut around the fields a copy changes: [up to id, id, up to account_id, account_id, the rest]. */
export type LinePieces = [string, string, string, string, string];

const idColumn = generationColumnList.findIndex(([name]) => name === 'id');
const accountColumn = generationColumnList.findIndex(([name]) => name === 'account_id');

function fieldStart(line: string, column: number): number {
  let position = 0;
  for (let index = 0; index < column; index++) position = line.indexOf('\t', position) + 1;
  return position;
}

export function baseRecordLines(lines: readonly string[]): LinePieces[] {
  return lines.map((line) => {
    const idStart = fieldStart(line, idColumn);
    const idEnd = line.indexOf('\t', idStart);
    const accountStart = fieldStart(line, accountColumn);
    const accountEnd = line.indexOf('\t', accountStart);
    return [line.slice(0, idStart), line.slice(idStart, idEnd), line.slice(idEnd, accountStart), line.slice(accountStart, accountEnd), line.slice(accountEnd)];
  });
}

/**
 * Record number `index`: base record index mod the base size; copies beyond the first get a new
 * generation id (still of the gen-<unix>-<alphanumeric> form) and a new account, so ids stay
 * unique and the number of users grows with the log.
 */
export function replicaLine(base: readonly LinePieces[], index: number): string {
  const pieces = base[index % base.length]!;
  const copy = Math.floor(index / base.length);
  if (copy === 0) return pieces[0] + pieces[1] + pieces[2] + pieces[3] + pieces[4];
  return `${pieces[0]}${pieces[1]}c${copy}${pieces[2]}${pieces[3]}-c${copy}${pieces[4]}`;
}
