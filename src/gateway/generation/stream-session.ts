import type { StreamPart } from '../../spec/stream-part.js';
import type { ChunkRenderer } from '../../wire/wire-format.js';
import type { HttpExchange } from '../http/http-exchange.js';

/**
 * The client side of one streamed generation, across provider attempts. Headers are sent with the
 * first delta, or earlier by the keep-alive timer, which writes ': OPENROUTER PROCESSING' comments
 * while the provider is silent. Until a delta has reached the client, a failed attempt can still
 * be replaced by the next endpoint.
 */
export class StreamSession {
  private timer: NodeJS.Timeout | null = null;
  private wroteSinceTick = false;
  deliveredAny = false;

  constructor(
    private readonly exchange: HttpExchange,
    readonly renderer: ChunkRenderer,
    keepAliveIntervalMs: number,
  ) {
    this.timer = setInterval(() => this.tick(), keepAliveIntervalMs);
    this.timer.unref();
  }

  private tick(): void {
    if (!this.exchange.isStreaming) this.exchange.startEventStream();
    if (!this.wroteSinceTick) this.exchange.writeComment('OPENROUTER PROCESSING');
    this.wroteSinceTick = false;
  }

  /** Writes a delta part as a chunk; returns whether anything was written. */
  deliver(part: StreamPart): boolean {
    const chunk = this.renderer.part(part);
    if (!chunk) return false;
    this.write(chunk);
    this.deliveredAny = true;
    return true;
  }

  write(chunk: unknown): void {
    if (!this.exchange.isStreaming) this.exchange.startEventStream();
    this.exchange.writeEvent(chunk);
    this.wroteSinceTick = true;
  }

  /** True once the HTTP status line is out: errors must then travel as chunks. */
  get started(): boolean {
    return this.exchange.isStreaming;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  end(done: boolean): void {
    this.close();
    if (done) this.exchange.writeEvent('[DONE]');
    this.exchange.endStream();
  }
}
