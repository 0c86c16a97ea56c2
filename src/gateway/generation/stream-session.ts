import type { StreamPart } from '../../spec/stream-part.js';
import type { ChunkRenderer, StreamEvent } from '../../wire/wire-format.js';
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

  /** Writes a delta part as the format's events; returns whether anything was written. */
  deliver(part: StreamPart): boolean {
    const events = this.renderer.part(part);
    if (events.length === 0) return false;
    this.write(events);
    this.deliveredAny = true;
    return true;
  }

  write(events: readonly StreamEvent[]): void {
    if (!this.exchange.isStreaming) this.exchange.startEventStream();
    for (const event of events) this.exchange.writeEvent(event.data, event.event);
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

  /** Ends the stream; a completed one gets `[DONE]` when the format has it. */
  end(completed: boolean): void {
    this.close();
    if (completed && this.renderer.endsWithDone) this.exchange.writeEvent('[DONE]');
    this.exchange.endStream();
  }
}
