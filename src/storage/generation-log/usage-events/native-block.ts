import { kindWidth, MalformedEventError, type FieldKind } from './row-binary.js';
import { nonNegativeFields, usageEventV2Fields, usageEventVersion, type EventField } from './usage-event-v2.js';

/**
 * Usage events → one block in ClickHouse's Native format (columnar: per column its name, its type
 * and every row's value), which the engine reads almost for free. The bytes of each field are
 * copied from the event as they are: RowBinary and Native encode a value the same way, only the
 * layout (rows against columns) differs. Nothing is parsed into JavaScript values.
 */

const nativeType: Record<FieldKind, string> = {
  bool: 'Bool',
  uint8: 'UInt8',
  uint16: 'UInt16',
  uint32: 'UInt32',
  uint64: 'UInt64',
  int64: 'Int64',
  float32: 'Float32',
  float64: 'Float64',
  datetime64: "DateTime64(3, 'UTC')",
  string: 'String',
};

/** The columns of a block built from version-2 events: every field but the version. */
export const blockColumns: readonly EventField[] = usageEventV2Fields.slice(1);

/** `name Type, …` of a block's columns, for input()/file() structures. */
export const blockStructure = blockColumns.map(({ name, kind, nullable }) => `${name} ${nullable ? `Nullable(${nativeType[kind]})` : nativeType[kind]}`).join(', ');

class GrowableBuffer {
  buffer: Buffer;
  length = 0;
  constructor(bytes: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(16, bytes));
  }
  room(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
  copyFrom(source: Buffer, start: number, end: number): void {
    this.room(end - start);
    this.length += source.copy(this.buffer, this.length, start, end);
  }
  zeros(bytes: number): void {
    this.room(bytes);
    this.buffer.fill(0, this.length, this.length + bytes);
    this.length += bytes;
  }
  view(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

function writeVarUInt(target: GrowableBuffer, value: number): void {
  target.room(10);
  let rest = value;
  while (rest >= 0x80) {
    target.buffer[target.length++] = (rest & 0x7f) | 0x80;
    rest = Math.floor(rest / 128);
  }
  target.buffer[target.length++] = rest;
}

function writeString(target: GrowableBuffer, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  writeVarUInt(target, bytes.length);
  target.copyFrom(bytes, 0, bytes.length);
}

/** Where a string at `at` ends (after its LEB128 length and bytes), or -1 past `limit`. */
function stringEnd(payload: Buffer, at: number, limit: number): number {
  let length = 0;
  let scale = 1;
  let position = at;
  for (let index = 0; index < 9; index++) {
    if (position >= limit) return -1;
    const byte = payload[position++]!;
    length += (byte & 0x7f) * scale;
    if (byte < 0x80) return position + length <= limit ? position + length : -1;
    scale *= 128;
  }
  return -1;
}

/** Field positions of the money that is never negative. */
const nonNegativeIndexes = nonNegativeFields.map((name) => usageEventV2Fields.findIndex((field) => field.name === name));

const earliestMs = BigInt(Date.UTC(2000, 0, 1));
const latestMs = BigInt(Date.UTC(2200, 0, 1));

/** Collects version-2 events column by column; `toNative()` gives the block. */
export class NativeBlockBuilder {
  private readonly nullMaps: (GrowableBuffer | null)[];
  private readonly values: GrowableBuffer[];
  /** Per field of the event being added: where its value starts (-1: null) and ends. */
  private readonly starts = new Int32Array(usageEventV2Fields.length);
  private readonly ends = new Int32Array(usageEventV2Fields.length);
  /** The events added, in order (views of the caller's buffers). */
  readonly events: Buffer[] = [];

  get rows(): number {
    return this.events.length;
  }

  constructor(expectedRows = 1024) {
    this.nullMaps = blockColumns.map((column) => (column.nullable ? new GrowableBuffer(expectedRows) : null));
    this.values = blockColumns.map((column) => new GrowableBuffer(expectedRows * (column.kind === 'string' ? 24 : kindWidth[column.kind])));
  }

  /**
   * Adds one event; throws MalformedEventError (adding nothing) when its bytes are not a whole,
   * well-formed event of a version this release reads.
   */
  add(payload: Buffer): void {
    if (payload[0] !== usageEventVersion) throw new MalformedEventError(`unknown usage event version ${payload[0] ?? '(empty)'}`);
    const limit = payload.length;
    let at = 1;
    // First pass: check the whole event and note where each value lies.
    for (let index = 1; index < usageEventV2Fields.length; index++) {
      const { kind, nullable, name } = usageEventV2Fields[index]!;
      if (nullable) {
        if (at >= limit) throw new MalformedEventError('the event ends early');
        const flag = payload[at++]!;
        if (flag > 1) throw new MalformedEventError(`${name}: a null flag holds ${flag}`);
        if (flag === 1) {
          this.starts[index] = -1;
          continue;
        }
      }
      const end = kind === 'string' ? stringEnd(payload, at, limit) : at + kindWidth[kind];
      if (end < 0 || end > limit) throw new MalformedEventError(`${name}: the event ends early`);
      if (kind === 'bool' && payload[at]! > 1) throw new MalformedEventError(`${name}: a Bool holds ${payload[at]}`);
      if (kind === 'datetime64') {
        const ms = payload.readBigInt64LE(at);
        if (ms < earliestMs || ms > latestMs) throw new MalformedEventError(`${name} is out of range: ${ms}`);
      }
      this.starts[index] = at;
      this.ends[index] = end;
      at = end;
    }
    if (at !== limit) throw new MalformedEventError(`${limit - at} bytes follow the event`);
    for (const index of nonNegativeIndexes) {
      if (payload.readBigInt64LE(this.starts[index]!) < 0n) throw new MalformedEventError(`${usageEventV2Fields[index]!.name} is negative`);
    }
    // Second pass: copy each value into its column.
    for (let index = 1; index < usageEventV2Fields.length; index++) {
      const column = index - 1;
      const { kind } = usageEventV2Fields[index]!;
      const values = this.values[column]!;
      const nullMap = this.nullMaps[column];
      const start = this.starts[index]!;
      if (start === -1) {
        const map = nullMap!;
        map.room(1);
        map.buffer[map.length++] = 1;
        if (kind === 'string') values.zeros(1);
        else values.zeros(kindWidth[kind]);
        continue;
      }
      if (nullMap) {
        nullMap.room(1);
        nullMap.buffer[nullMap.length++] = 0;
      }
      values.copyFrom(payload, start, this.ends[index]!);
    }
    this.events.push(payload);
  }

  /** The block: column count, row count, then each column's name, type and values. */
  toNative(): Buffer {
    const header = new GrowableBuffer(4096);
    writeVarUInt(header, blockColumns.length);
    writeVarUInt(header, this.rows);
    const pieces: Buffer[] = [];
    let total = 0;
    const push = (piece: Buffer) => {
      pieces.push(piece);
      total += piece.length;
    };
    push(Buffer.from(header.view()));
    blockColumns.forEach(({ name, kind, nullable }, column) => {
      const meta = new GrowableBuffer(64);
      writeString(meta, name);
      writeString(meta, nullable ? `Nullable(${nativeType[kind]})` : nativeType[kind]);
      push(Buffer.from(meta.view()));
      if (nullable) push(this.nullMaps[column]!.view());
      push(this.values[column]!.view());
    });
    return Buffer.concat(pieces, total);
  }
}
