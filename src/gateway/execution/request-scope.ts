import { GatewayError } from '../../errors/gateway-error.js';

/**
 * The life of one request's upstream work: it ends (its signal aborts) when the client goes away
 * or when routing.request_timeout_ms has passed, whichever comes first; every attempt's signal
 * follows it.
 */
export class RequestScope {
  private readonly controller = new AbortController();
  private readonly deadline: NodeJS.Timeout;
  clientGone = false;

  constructor(timeoutMs: number, onClientGone: (listener: () => void) => void) {
    this.deadline = setTimeout(() => this.controller.abort(new GatewayError('request_timeout', `The request took longer than ${timeoutMs} ms`)), timeoutMs);
    this.deadline.unref();
    onClientGone(() => {
      this.clientGone = true;
      this.controller.abort(new GatewayError('request_timeout', 'The client closed the connection'));
    });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the request ended early: the client left, or the deadline passed; null while it runs. */
  get reason(): GatewayError | null {
    return this.controller.signal.aborted ? GatewayError.from(this.controller.signal.reason) : null;
  }

  dispose(): void {
    clearTimeout(this.deadline);
  }
}
