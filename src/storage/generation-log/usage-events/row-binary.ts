/**
 * The pieces of ClickHouse's RowBinary encoding that usage events use: little-endian fixed-width
 * numbers, strings as a LEB128 length then their UTF-8 bytes, Bool as one byte, Nullable(T) as a
 * null byte (1 = NULL) then T when not null, DateTime64(3) as Int64 milliseconds.
 */
export type FieldKind = 'bool' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'int64' | 'float32' | 'float64' | 'datetime64' | 'string';

/** Fixed width of a kind in bytes (strings: none). */
const kindWidth: Record<FieldKind, number> = { bool: 1, uint8: 1, uint16: 2, uint32: 4, uint64: 8, int64: 8, float32: 4, float64: 8, datetime64: 8, string: 0 };

const uint32Max = 0xffff_ffff;

/** A growable buffer that writes RowBinary values. */
export class RowBinaryWriter {
  private buffer: Buffer;
  length = 0;

  constructor(initialBytes = 1024) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  private room(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  uint8(value: number): void {
    this.room(1);
    this.buffer[this.length++] = value;
  }

  varUInt(value: number): void {
    this.room(10);
    let rest = value;
    while (rest >= 0x80) {
      this.buffer[this.length++] = (rest & 0x7f) | 0x80;
      rest = Math.floor(rest / 128);
    }
    this.buffer[this.length++] = rest;
  }

  string(value: string): void {
    const bytes = Buffer.byteLength(value, 'utf8');
    this.varUInt(bytes);
    this.room(bytes);
    this.length += this.buffer.write(value, this.length, 'utf8');
  }

  /** Writes one value of `kind`; `field` names it in the error when it does not fit. */
  value(kind: FieldKind, value: unknown, field: string): void {
    switch (kind) {
      case 'string':
        if (typeof value !== 'string') throw new TypeError(`${field} must be a string`);
        this.string(value);
        return;
      case 'bool':
        if (typeof value !== 'boolean') throw new TypeError(`${field} must be a boolean`);
        this.uint8(value ? 1 : 0);
        return;
      case 'float32':
      case 'float64':
        if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${field} must be a finite number (got ${String(value)})`);
        this.room(8);
        if (kind === 'float32') this.length = this.buffer.writeFloatLE(value, this.length);
        else this.length = this.buffer.writeDoubleLE(value, this.length);
        return;
      default:
        this.integer(kind, value, field);
    }
  }

  private integer(kind: FieldKind, value: unknown, field: string): void {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new RangeError(`${field} must be an integer (got ${String(value)})`);
    const [low, high] =
      kind === 'uint8'
        ? [0, 0xff]
        : kind === 'uint16'
          ? [0, 0xffff]
          : kind === 'uint32'
            ? [0, uint32Max]
            : kind === 'uint64'
              ? [0, Number.MAX_SAFE_INTEGER]
              : [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
    if (value < low || value > high) throw new RangeError(`${field} must be between ${low} and ${high} (got ${value})`);
    this.room(8);
    switch (kind) {
      case 'uint8':
        this.buffer[this.length++] = value;
        return;
      case 'uint16':
        this.length = this.buffer.writeUInt16LE(value, this.length);
        return;
      case 'uint32':
        this.length = this.buffer.writeUInt32LE(value, this.length);
        return;
      default:
        this.length = this.buffer.writeBigInt64LE(BigInt(value), this.length);
    }
  }

  /** A copy of what was written. */
  bytes(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length));
  }
}

/** Thrown when bytes are not a well-formed value of the expected layout. */
export class MalformedEventError extends Error {}

/** Reads RowBinary values from a buffer, checking that every value is inside it. */
export class RowBinaryReader {
  offset: number;

  constructor(
    readonly buffer: Buffer,
    start = 0,
  ) {
    this.offset = start;
  }

  private need(bytes: number): void {
    if (this.offset + bytes > this.buffer.length) throw new MalformedEventError(`the event ends ${this.offset + bytes - this.buffer.length} bytes early`);
  }

  uint8(): number {
    this.need(1);
    return this.buffer[this.offset++]!;
  }

  varUInt(): number {
    let value = 0;
    let scale = 1;
    for (let index = 0; index < 9; index++) {
      const byte = this.uint8();
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
    throw new MalformedEventError('a length is longer than 9 bytes');
  }

  /** Skips a string, returning where its length prefix began. */
  skipString(): number {
    const start = this.offset;
    const length = this.varUInt();
    this.need(length);
    this.offset += length;
    return start;
  }

  value(kind: FieldKind): unknown {
    switch (kind) {
      case 'string': {
        const length = this.varUInt();
        this.need(length);
        const text = this.buffer.toString('utf8', this.offset, this.offset + length);
        this.offset += length;
        return text;
      }
      case 'bool': {
        const byte = this.uint8();
        if (byte > 1) throw new MalformedEventError(`a Bool holds ${byte}`);
        return byte === 1;
      }
      default: {
        const width = kindWidth[kind];
        this.need(width);
        const at = this.offset;
        this.offset += width;
        switch (kind) {
          case 'uint8':
            return this.buffer[at]!;
          case 'uint16':
            return this.buffer.readUInt16LE(at);
          case 'uint32':
            return this.buffer.readUInt32LE(at);
          case 'float32':
            return this.buffer.readFloatLE(at);
          case 'float64':
            return this.buffer.readDoubleLE(at);
          default: {
            const big = kind === 'uint64' ? this.buffer.readBigUInt64LE(at) : this.buffer.readBigInt64LE(at);
            if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) throw new MalformedEventError(`an integer is out of range: ${big}`);
            return Number(big);
          }
        }
      }
    }
  }
}
