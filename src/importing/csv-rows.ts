import { createReadStream } from 'node:fs';

/**
 * Rows of an RFC 4180 CSV file as objects keyed by the header: quoted fields may hold commas,
 * quotes ("") and line breaks; CRLF or LF line ends; a UTF-8 byte-order mark is ignored.
 * Streams the file (constant memory).
 */
export async function* csvRows(path: string): AsyncIterable<Record<string, string>> {
  let header: string[] | null = null;
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let quoteSeen = false;
  let first = true;
  let line = 1;
  const finishRecord = function* (): Generator<Record<string, string>> {
    record.push(field);
    field = '';
    const cells = record;
    record = [];
    if (cells.length === 1 && cells[0] === '') return;
    if (!header) {
      header = cells.map((cell) => cell.trim());
      return;
    }
    if (cells.length > header.length) throw new Error(`CSV line ${line}: ${cells.length} fields, the header has ${header.length}`);
    const row: Record<string, string> = {};
    header.forEach((name, index) => {
      row[name] = cells[index] ?? '';
    });
    yield row;
  };
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    let text = chunk as string;
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    for (let index = 0; index < text.length; index++) {
      const character = text[index]!;
      if (quoted) {
        if (character === '"') {
          quoted = false;
          quoteSeen = true;
        } else field += character;
        if (character === '\n') line++;
        continue;
      }
      if (character === '"') {
        if (quoteSeen) field += '"';
        quoted = true;
        quoteSeen = false;
        continue;
      }
      quoteSeen = false;
      if (character === ',') {
        record.push(field);
        field = '';
      } else if (character === '\n') {
        yield* finishRecord();
        line++;
      } else if (character !== '\r') {
        field += character;
      }
    }
  }
  if (quoted) throw new Error(`CSV line ${line}: a quoted field is not closed`);
  if (field !== '' || record.length > 0) yield* finishRecord();
}
