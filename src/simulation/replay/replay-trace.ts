import { setTimeout as sleep } from 'node:timers/promises';
import { BlockPrompts } from './block-prompt.js';
import type { TraceRequest } from './trace-request.js';

export interface ReplayOptions {
  /** Gateway base URL, e.g. http://127.0.0.1:8080. */
  gateway: string;
  key?: string;
  model: string;
  /** Time compression: 60 plays an hour of trace in a minute; Infinity sends as fast as concurrency allows. */
  speed: number;
  /** Most requests in flight at once. */
  concurrency: number;
  stream?: boolean;
  /** Title the requests carry (app attribution). */
  title?: string;
  /**
   * Whose time the records carry: the trace's own (`trace`, the default: each request is stamped
   * with its trace time through the simulation headers, which the gateway must trust —
   * simulation.trust_headers), or the moment it was sent (`wall-clock`).
   */
  timestamps?: 'trace' | 'wall-clock';
  onProgress?: (done: number, total: number) => void;
}

export interface ReplaySummary {
  requests: number;
  succeeded: number;
  failed: { index: number; status: number; message: string }[];
  /** Token sums the gateway reported back (usage of each response). */
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens read from the provider's prompt cache, and reasoning tokens, as the gateway reported them. */
  cachedTokens: number;
  reasoningTokens: number;
  milliseconds: number;
}

interface CompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
}

async function readUsage(response: Response, stream: boolean): Promise<CompletionUsage | null> {
  if (!stream) return ((await response.json()) as { usage?: CompletionUsage }).usage ?? null;
  let usage: CompletionUsage | null = null;
  const text = await response.text();
  for (const line of text.split('\n')) {
    if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
    const chunk = JSON.parse(line.slice(6)) as { usage?: CompletionUsage; error?: { message: string } };
    if (chunk.error) throw new Error(chunk.error.message);
    if (chunk.usage) usage = chunk.usage;
  }
  return usage;
}

/**
 * Replays a trace through the gateway as legacy completions: each request's prompt has exactly
 * the trace's context tokens, built one block per hash id (BlockPrompts: requests that share
 * blocks share a prefix, which a prefix cache reads), and asks for exactly its generated tokens
 * (max_tokens = min_tokens) with reasoning off (the trace has none), sent at the trace's relative
 * time divided by `speed`, at most `concurrency` at once, stamped with its trace time (or not).
 */
export async function replayTrace(trace: readonly TraceRequest[], options: ReplayOptions): Promise<ReplaySummary> {
  const started = performance.now();
  const base = options.gateway.replace(/\/+$/, '');
  const firstTime = trace[0]?.timeMs ?? 0;
  const summary: ReplaySummary = { requests: trace.length, succeeded: 0, failed: [], promptTokens: 0, completionTokens: 0, cachedTokens: 0, reasoningTokens: 0, milliseconds: 0 };
  const prompts = new BlockPrompts();
  const stamped = (options.timestamps ?? 'trace') === 'trace';
  let stampChecked = false;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-title': options.title ?? 'Switchboard trace replay' };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  const stream = options.stream ?? false;
  let next = 0;
  let done = 0;

  const send = async (index: number) => {
    const request = trace[index]!;
    const body = JSON.stringify({
      model: options.model,
      prompt: prompts.prompt(request, index),
      max_tokens: request.generatedTokens,
      min_tokens: request.generatedTokens,
      reasoning: { enabled: false },
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
    });
    try {
      const requestHeaders = stamped ? { ...headers, 'x-switchboard-simulated-time': new Date(request.timeMs).toISOString() } : headers;
      const response = await fetch(`${base}/api/v1/completions`, { method: 'POST', headers: requestHeaders, body });
      if (!response.ok) {
        summary.failed.push({ index, status: response.status, message: await response.text() });
        return;
      }
      if (stamped && !stampChecked) {
        if (response.headers.get('x-switchboard-simulated') !== 'accepted') {
          await response.body?.cancel();
          throw new StampRefusedError();
        }
        stampChecked = true;
      }
      const usage = await readUsage(response, stream);
      if (!usage) throw new Error('the response carried no usage');
      summary.promptTokens += usage.prompt_tokens;
      summary.completionTokens += usage.completion_tokens;
      summary.cachedTokens += usage.prompt_tokens_details?.cached_tokens ?? 0;
      summary.reasoningTokens += usage.completion_tokens_details?.reasoning_tokens ?? 0;
      summary.succeeded++;
    } catch (error) {
      if (error instanceof StampRefusedError) throw error;
      summary.failed.push({ index, status: 0, message: String(error) });
    } finally {
      done++;
      options.onProgress?.(done, trace.length);
    }
  };

  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= trace.length) return;
      if (Number.isFinite(options.speed)) {
        const due = started + (trace[index]!.timeMs - firstTime) / options.speed;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
      }
      await send(index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  summary.milliseconds = performance.now() - started;
  return summary;
}

/** The gateway does not take the trace's times (simulation.trust_headers is off). */
export class StampRefusedError extends Error {
  constructor() {
    super(
      'the gateway does not take the trace’s timestamps: start it with simulation.trust_headers: true (env SWITCHBOARD__SIMULATION__TRUST_HEADERS=true) on a data directory of its own, or replay with wall-clock timestamps',
    );
  }
}

/** The trace's own totals, to compare a replay's log against. */
export function traceTotals(trace: readonly TraceRequest[]): { requests: number; contextTokens: number; generatedTokens: number } {
  let contextTokens = 0;
  let generatedTokens = 0;
  for (const request of trace) {
    contextTokens += request.contextTokens;
    generatedTokens += request.generatedTokens;
  }
  return { requests: trace.length, contextTokens, generatedTokens };
}
