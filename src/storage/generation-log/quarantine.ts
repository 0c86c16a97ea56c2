import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';

/** One record the generation store could not take, kept aside with why. */
export interface QuarantinedRecord {
  /** Where it was: `<queue>@<segment>:<offset>` (or `legacy:…` for a line of an earlier release's queue). Unique. */
  key: string;
  quarantinedAt: string;
  reason: string;
  /** The generation id, when the bytes could be read that far. */
  generationId: string | null;
  /** Whether its charge already reached the control plane (a retry then inserts it into the store only). */
  usageApplied: boolean;
  /** The usage event's bytes (base64), or the line an earlier release queued. */
  payload: { kind: 'usage-event'; base64: string } | { kind: 'legacy-line'; line: string } | { kind: 'damaged-bytes'; base64: string };
}

function isQuarantinedRecord(value: unknown): value is QuarantinedRecord {
  const entry = value as Partial<QuarantinedRecord> | null;
  return typeof entry === 'object' && entry !== null && typeof entry.key === 'string' && typeof entry.reason === 'string' && typeof entry.payload === 'object' && entry.payload !== null;
}

/**
 * The quarantine file of a queue (`quarantine.ndjson` beside its segments): records the store
 * refused or the writer could not read, one JSON line each. The writer moves such a record here
 * and goes on; `switchboard log quarantine` lists them and retries them after a fix. Adding a
 * record that is already here (a batch redone after a crash) changes nothing.
 */
export class Quarantine {
  private keys: Set<string> | null = null;

  constructor(readonly path: string) {}

  async list(): Promise<QuarantinedRecord[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const records: QuarantinedRecord[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const parsed: unknown = JSON.parse(line);
        if (isQuarantinedRecord(parsed)) records.push(parsed);
      } catch {
        // a line cut by a crash while it was written: the record is quarantined again when its batch is redone
      }
    }
    return records;
  }

  /** Adds the records not here yet; returns how many were new. */
  async add(records: readonly QuarantinedRecord[]): Promise<number> {
    this.keys ??= new Set((await this.list()).map((record) => record.key));
    const fresh = records.filter((record) => !this.keys!.has(record.key));
    if (fresh.length === 0) return 0;
    await appendFile(this.path, `${fresh.map((record) => JSON.stringify(record)).join('\n')}\n`);
    for (const record of fresh) this.keys.add(record.key);
    return fresh.length;
  }

  /** Replaces the file's records by `records` (after a retry took some out). */
  async replace(records: readonly QuarantinedRecord[]): Promise<void> {
    const temporary = `${this.path}.tmp`;
    await writeFile(temporary, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    await rename(temporary, this.path);
    this.keys = new Set(records.map((record) => record.key));
  }
}
