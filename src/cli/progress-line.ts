/**
 * Progress for long commands on stderr: one line rewritten in place on a terminal, and at most one
 * line every few seconds (plus the last) when stderr is a file or a CI log.
 */
export class ProgressLine {
  private lastWrite = 0;
  private pending = false;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly intervalMs = 2000,
  ) {}

  update(text: string): void {
    const now = performance.now();
    if (this.stream.isTTY) {
      this.stream.write(`\r\x1b[2K${text}`);
      this.pending = true;
      return;
    }
    if (now - this.lastWrite >= this.intervalMs) {
      this.stream.write(`${text}\n`);
      this.lastWrite = now;
    }
  }

  /** Ends the progress with a final line. */
  done(text: string): void {
    if (this.stream.isTTY && this.pending) this.stream.write('\r\x1b[2K');
    this.pending = false;
    this.stream.write(`${text}\n`);
  }
}

export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
  if (milliseconds < 60_000) return `${(milliseconds / 1000).toFixed(1)} s`;
  return `${Math.floor(milliseconds / 60_000)} min ${Math.round((milliseconds % 60_000) / 1000)} s`;
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}
