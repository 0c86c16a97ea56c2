import { GatewayError } from '../../errors/gateway-error.js';

/**
 * The life of one request's upstream work: it ends when the client goes away or when
 * routing.request_timeout_ms has passed, whichever comes first; every attempt follows it
 * (onAbort). It makes an AbortSignal only when one is asked for (a Retry-After wait): one per
 * attempt is enough on the common path.
 */
export class RequestScope {
  private readonly deadline: NodeJS.Timeout;
  private ended: GatewayError | null = null;
  private readonly listeners = new Set<(reason: GatewayError) => void>();
  private controller: AbortController | null = null;
  clientGone = false;

  constructor(timeoutMs: number, onClientGone: (listener: () => void) => void) {
    this.deadline = setTimeout(() => this.abort(new GatewayError('request_timeout', `The request took longer than ${timeoutMs} ms`)), timeoutMs);
    this.deadline.unref();
    onClientGone(() => {
      this.clientGone = true;
      this.abort(new GatewayError('request_timeout', 'The client closed the connection'));
    });
  }

  private abort(reason: GatewayError): void {
    if (this.ended) return;
    this.ended = reason;
    for (const listener of this.listeners) listener(reason);
    this.listeners.clear();
    this.controller?.abort(reason);
  }

  /** Calls `listener` when the request ends early (at once if it has); returns the way to stop listening. */
  onAbort(listener: (reason: GatewayError) => void): () => void {
    if (this.ended) {
      listener(this.ended);
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** An AbortSignal that follows the request (made on first use). */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.ended) this.controller.abort(this.ended);
    }
    return this.controller.signal;
  }

  /** Why the request ended early: the client left, or the deadline passed; null while it runs. */
  get reason(): GatewayError | null {
    return this.ended;
  }

  dispose(): void {
    clearTimeout(this.deadline);
    this.listeners.clear();
  }
}
