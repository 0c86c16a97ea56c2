import { GatewayError } from '../../errors/gateway-error.js';

export interface AttemptLimits {
  /** The attempt must produce its first output (a streamed token) within this time. */
  firstByteMs?: number | undefined;
  /** The attempt must finish within this time (a whole answer: the provider's timeout_ms). */
  wholeMs?: number | undefined;
}

/**
 * One attempt's signal: it follows the request (its scope), and aborts on its own when the attempt sends
 * nothing in time or takes too long as a whole — then the executor may try the next endpoint.
 */
export class AttemptTimers {
  private readonly controller = new AbortController();
  private firstByteTimer: NodeJS.Timeout | null = null;
  private wholeTimer: NodeJS.Timeout | null = null;
  private readonly stopFollowing: () => void;

  constructor(parent: { onAbort(listener: (reason: unknown) => void): () => void }, providerName: string, limits: AttemptLimits) {
    this.stopFollowing = parent.onAbort((reason) => this.controller.abort(reason));
    const metadata = { provider_name: providerName };
    if (limits.firstByteMs !== undefined) {
      this.firstByteTimer = setTimeout(
        () => this.controller.abort(new GatewayError('request_timeout', `${providerName} sent no token within ${limits.firstByteMs} ms`, { metadata })),
        limits.firstByteMs,
      );
    }
    if (limits.wholeMs !== undefined) {
      this.wholeTimer = setTimeout(() => this.controller.abort(new GatewayError('request_timeout', `${providerName} did not answer within ${limits.wholeMs} ms`, { metadata })), limits.wholeMs);
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The attempt produced output: the first-byte limit no longer applies. */
  firstByte(): void {
    if (this.firstByteTimer) clearTimeout(this.firstByteTimer);
    this.firstByteTimer = null;
  }

  dispose(): void {
    this.firstByte();
    if (this.wholeTimer) clearTimeout(this.wholeTimer);
    this.stopFollowing();
  }
}
