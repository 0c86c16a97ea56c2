import { GatewayError } from '../../errors/gateway-error.js';
import { renderError } from '../../errors/render-error.js';
import type { Principal } from '../../spec/principal.js';
import type { InboundMessage, OutboundResponse } from './exchange-transport.js';

export interface ExchangeOptions {
  maxBodyBytes: number;
  bodyTimeoutMs: number;
}

/** Bodies up to this many times the limit are read and thrown away so the client can read its 413. */
const drainFactor = 16;

/**
 * One HTTP request and its response, with what every route needs: the parsed URL, header access,
 * a bounded body reader, JSON and error replies, and a Server-Sent Events writer.
 */
export class HttpExchange {
  readonly startedAt = performance.now();
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** Extra response headers every reply of this exchange carries (X-Generation-Id …). */
  readonly responseHeaders: Record<string, string> = {};
  /** Fields routes add to this request's log line (generation id, model, tokens, cost …). */
  readonly logFields: Record<string, unknown> = {};
  /** How errors are rendered: OpenRouter's body by default; a wire format may set its own (Anthropic's …). */
  errorRenderer: (error: GatewayError) => unknown = renderError;
  /** Path parameters of the matched route (`:hash` …). */
  parameters: Record<string, string> = {};
  /** The matched route's name (its path pattern), for metrics and logs. */
  routeName = 'unmatched';
  /** The JSON body of a route that declared one, read and parsed by the lifecycle. */
  body: { bytes: Buffer; json: unknown } | null = null;
  private streaming = false;
  private authenticated: Principal | null = null;

  constructor(
    readonly request: InboundMessage,
    readonly response: OutboundResponse,
    private readonly options: ExchangeOptions,
  ) {
    this.method = request.method ?? 'GET';
    const url = request.url ?? '/';
    const question = url.indexOf('?');
    this.path = question < 0 ? url : url.slice(0, question);
    this.query = new URLSearchParams(question < 0 ? '' : url.slice(question + 1));
  }

  /** The peer's address (the proxy's, behind a reverse proxy). */
  get remoteAddress(): string | undefined {
    return this.request.socket?.remoteAddress;
  }

  /** Who the request runs as; set by the authentication stage for routes that need a key. */
  get principal(): Principal {
    if (!this.authenticated) throw new GatewayError('internal_error', 'This route declared no access need, so it has no principal');
    return this.authenticated;
  }

  set principal(principal: Principal) {
    this.authenticated = principal;
  }

  header(name: string): string | undefined {
    const value = this.request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  }

  /** True once the client has gone away before the response finished. */
  get clientGone(): boolean {
    return this.response.destroyed && !this.response.writableFinished;
  }

  get headersSent(): boolean {
    return this.response.headersSent;
  }

  /** Calls `listener` if the client disconnects before the response is complete. */
  onClientGone(listener: () => void): void {
    this.response.on('close', () => {
      if (!this.response.writableFinished) listener();
    });
  }

  /**
   * 413 before any byte is read when Content-Length says the body is far too large; a body a little
   * over the limit is read and thrown away (readBody), so the client can read its 413.
   */
  checkDeclaredLength(): void {
    const declared = Number(this.header('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > this.options.maxBodyBytes * drainFactor) {
      this.response.setHeader('connection', 'close');
      throw this.tooLarge(declared);
    }
  }

  /** The JSON body the lifecycle parsed for this route. */
  get json(): unknown {
    if (!this.body) throw new GatewayError('internal_error', 'This route declared no JSON body');
    return this.body.json;
  }

  /** Reads the whole body: 413 past max_body_bytes, 408 when it does not arrive in time. */
  readBody(): Promise<Buffer> {
    const { maxBodyBytes, bodyTimeoutMs } = this.options;
    try {
      this.checkDeclaredLength();
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let failure: GatewayError | null = null;
      const timer = setTimeout(() => {
        failure = new GatewayError('request_timeout', `The request body did not arrive within ${bodyTimeoutMs} ms`);
        this.response.setHeader('connection', 'close');
        cleanup();
        reject(failure);
      }, bodyTimeoutMs);
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes) {
          failure ??= this.tooLarge(size);
          if (size > maxBodyBytes * drainFactor) {
            this.response.setHeader('connection', 'close');
            cleanup();
            reject(failure);
          }
          return;
        }
        chunks.push(chunk);
      };
      const onEnd = () => {
        cleanup();
        if (failure) reject(failure);
        else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
      };
      const onError = (error: Error) => {
        cleanup();
        reject(new GatewayError('invalid_request', `The request body could not be read: ${error.message}`, { cause: error }));
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.request.off('data', onData);
        this.request.off('end', onEnd);
        this.request.off('error', onError);
      };
      this.request.on('data', onData);
      this.request.on('end', onEnd);
      this.request.on('error', onError);
    });
  }

  private tooLarge(size: number): GatewayError {
    return new GatewayError('payload_too_large', `Request body is ${size} bytes; the limit is ${this.options.maxBodyBytes} bytes (server.max_body_bytes)`);
  }

  sendJson(status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (this.response.headersSent || this.response.destroyed) return;
    const text = JSON.stringify(body);
    this.response.writeHead(status, {
      ...this.responseHeaders,
      ...headers,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    this.response.end(text);
  }

  sendText(status: number, text: string, contentType: string): void {
    if (this.response.headersSent || this.response.destroyed) return;
    this.response.writeHead(status, { ...this.responseHeaders, 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
    this.response.end(text);
  }

  /** Any body (static files, redirects): the status, the bytes and their headers. */
  sendBody(status: number, body: Buffer | string, headers: Record<string, string>): void {
    if (this.response.headersSent || this.response.destroyed) return;
    this.response.writeHead(status, { ...this.responseHeaders, ...headers, 'content-length': Buffer.byteLength(body) });
    this.response.end(this.method === 'HEAD' ? undefined : body);
  }

  sendError(error: unknown): void {
    const gatewayError = GatewayError.from(error);
    this.sendJson(gatewayError.status, this.errorRenderer(gatewayError), gatewayError.headers);
  }

  /** Starts a text/event-stream response (HTTP 200). */
  startEventStream(headers: Record<string, string> = {}): void {
    if (this.streaming) return;
    this.streaming = true;
    this.response.writeHead(200, {
      ...this.responseHeaders,
      ...headers,
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.response.flushHeaders();
  }

  get isStreaming(): boolean {
    return this.streaming;
  }

  /** Writes one Server-Sent Event: an optional `event:` name and one `data:` line. */
  writeEvent(data: unknown, event?: string): void {
    if (this.response.destroyed) return;
    const payload = typeof data === 'string' ? data : JSON.stringify(data);
    this.response.write(event ? `event: ${event}\ndata: ${payload}\n\n` : `data: ${payload}\n\n`);
  }

  writeComment(text: string): void {
    if (this.response.destroyed) return;
    this.response.write(`: ${text}\n\n`);
  }

  endStream(): void {
    if (!this.response.destroyed) this.response.end();
  }
}
