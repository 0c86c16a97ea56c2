import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import type { InboundMessage, OutboundResponse } from './exchange-transport.js';

/** A Web Request as an InboundMessage: its body as a Node stream, its peer as given. */
export function inboundFromRequest(request: Request, remoteAddress: string): InboundMessage {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (headers.host === undefined) headers.host = url.host;
  const body = request.body ? Readable.fromWeb(request.body as import('node:stream/web').ReadableStream<Uint8Array>) : Readable.from([]);
  return Object.assign(body, { method: request.method, url: `${url.pathname}${url.search}`, headers, socket: { remoteAddress } });
}

/**
 * A response written the way Node's ServerResponse is, read as a Web Response: the Response
 * resolves at the status line, its body streams what follows; cancelling the body is the client
 * going away ('close' before 'finish').
 */
export class InProcessResponse extends EventEmitter implements OutboundResponse {
  statusCode = 200;
  headersSent = false;
  destroyed = false;
  writableFinished = false;
  private readonly pending: Record<string, string> = {};
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private readonly encoder = new TextEncoder();
  readonly response: Promise<Response>;
  private resolveResponse!: (response: Response) => void;
  private rejectResponse!: (reason: unknown) => void;

  constructor() {
    super();
    this.response = new Promise((resolve, reject) => {
      this.resolveResponse = resolve;
      this.rejectResponse = reject;
    });
  }

  setHeader(name: string, value: string | number): void {
    this.pending[name.toLowerCase()] = String(value);
  }

  writeHead(status: number, headers: Record<string, string | number>): void {
    if (this.headersSent) return;
    this.statusCode = status;
    for (const [name, value] of Object.entries(headers)) this.pending[name.toLowerCase()] = String(value);
    this.headersSent = true;
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.controller = controller;
      },
      cancel: (reason) => this.destroy(reason),
    });
    const bodiless = status === 204 || status === 304;
    this.resolveResponse(new Response(bodiless ? null : body, { status, headers: this.pending }));
  }

  flushHeaders(): void {
    if (!this.headersSent) this.writeHead(this.statusCode, {});
  }

  write(chunk: string | Uint8Array): boolean {
    if (this.destroyed || this.writableFinished) return false;
    this.flushHeaders();
    this.controller.enqueue(typeof chunk === 'string' ? this.encoder.encode(chunk) : chunk);
    return true;
  }

  end(chunk?: string | Uint8Array): void {
    if (this.destroyed || this.writableFinished) return;
    if (chunk !== undefined) this.write(chunk);
    this.flushHeaders();
    this.writableFinished = true;
    try {
      this.controller.close();
    } catch {
      // the reader cancelled at the same moment
    }
    this.emit('finish');
    this.emit('close');
  }

  /**
   * The client went away (it aborted, or cancelled the body): like a socket that closed before the
   * response finished. A response not started yet rejects, as fetch does; a started body errors.
   */
  destroy(reason: unknown = new DOMException('The operation was aborted.', 'AbortError')): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (!this.headersSent) this.rejectResponse(reason);
    else if (!this.writableFinished) {
      try {
        this.controller.error(reason);
      } catch {
        // the reader already cancelled
      }
    }
    if (!this.writableFinished) this.emit('close');
  }
}
