import { renderError } from '../../errors/render-error.js';
import type { ReasoningDetail } from '../../spec/chat-message.js';
import { type TokenLogprob, tokenBytes } from '../../spec/logprobs.js';
import type { GenerationResult, StreamPart } from '../../spec/stream-part.js';
import type { BilledUsage, ChunkRenderer, ResponseFormatter, ResponseIdentity, StreamEvent } from '../wire-format.js';

const responsesFormat = 'openai-responses-v1';

/** Normalised usage in the Responses API's terms, with OpenRouter's cost. */
export function responsesUsage({ usage, cost }: BilledUsage): Record<string, unknown> {
  return {
    input_tokens: usage.promptTokens,
    input_tokens_details: { cached_tokens: usage.cachedTokens },
    output_tokens: usage.completionTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: usage.promptTokens + usage.completionTokens,
    cost: cost.total,
  };
}

/** Log probabilities as the Responses API gives them (bytes always). */
function responsesLogprobs(entries: readonly TokenLogprob[]): Record<string, unknown>[] {
  return entries.map((entry) => ({
    token: entry.token,
    logprob: entry.logprob,
    bytes: tokenBytes(entry),
    top_logprobs: entry.top_logprobs.map((top) => ({ token: top.token, logprob: top.logprob, bytes: tokenBytes(top) })),
  }));
}

function status(finishReason: string | null): { status: string; incomplete_details: { reason: string } | null } {
  if (finishReason === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (finishReason === 'content_filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

/** Reasoning as output items: OpenAI's own (id, summary, encrypted content), or one item with the reasoning text as its summary. */
function reasoningItems(identity: ResponseIdentity, reasoning: string | null, details: readonly ReasoningDetail[]): Record<string, unknown>[] {
  const own = new Map<string, { summary: string[]; encrypted: string | null }>();
  for (const detail of details) {
    if (detail.format !== responsesFormat || !detail.id) continue;
    const item = own.get(detail.id) ?? { summary: [], encrypted: null };
    if (detail.type === 'reasoning.summary' && detail.summary) item.summary.push(detail.summary);
    if (detail.type === 'reasoning.encrypted' && detail.data) item.encrypted = detail.data;
    own.set(detail.id, item);
  }
  if (own.size > 0) {
    return [...own].map(([id, item]) => ({
      type: 'reasoning',
      id,
      summary: item.summary.map((text) => ({ type: 'summary_text', text })),
      ...(item.encrypted ? { encrypted_content: item.encrypted } : {}),
    }));
  }
  return reasoning ? [{ type: 'reasoning', id: `rs_${identity.id}`, summary: [{ type: 'summary_text', text: reasoning }] }] : [];
}

function responseObject(identity: ResponseIdentity, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    id: identity.id,
    object: 'response',
    created_at: identity.created,
    model: identity.model,
    provider: identity.provider,
    error: null,
    incomplete_details: null,
    instructions: null,
    metadata: {},
    parallel_tool_calls: true,
    temperature: null,
    frequency_penalty: null,
    presence_penalty: null,
    // Unix seconds once the response is done (null while it is in progress).
    completed_at: fields.status === 'in_progress' ? null : Math.floor(Date.now() / 1000),
    tool_choice: 'auto',
    tools: [],
    top_p: null,
    store: false,
    ...fields,
  };
}

/** A whole Responses object: reasoning items, the message, function calls, status and usage. */
export function renderResponsesResponse(identity: ResponseIdentity, result: GenerationResult, billed: BilledUsage): Record<string, unknown> {
  const output: Record<string, unknown>[] = reasoningItems(identity, result.reasoning, result.reasoningDetails);
  if (result.content)
    output.push({
      type: 'message',
      id: `msg_${identity.id}`,
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: result.content, annotations: [], ...(result.logprobs ? { logprobs: responsesLogprobs(result.logprobs) } : {}) }],
    });
  for (const [index, call] of result.toolCalls.entries())
    output.push({ type: 'function_call', id: `fc_${identity.id}_${index}`, call_id: call.id, name: call.function.name, arguments: call.function.arguments, status: 'completed' });
  return responseObject(identity, { ...status(result.finishReason), output, usage: responsesUsage(billed) });
}

type OpenItem =
  | { kind: 'reasoning'; outputIndex: number; id: string; summary: string }
  | { kind: 'message'; outputIndex: number; id: string; text: string; logprobs: TokenLogprob[] | null }
  | { kind: 'function_call'; outputIndex: number; id: string; callId: string; name: string; arguments: string };

/**
 * Stream parts → Responses stream events (each with its `type` and a `sequence_number`):
 * response.created and .in_progress, then output items opened and closed in turn — reasoning
 * (summary text deltas), the message (output_text deltas), function calls (argument deltas) — and
 * response.completed (or .incomplete) with the whole response and usage. A failure after the start
 * is an `error` event.
 */
export class ResponsesStreamRenderer implements ChunkRenderer {
  readonly endsWithDone = false;
  private sequence = 0;
  private started = false;
  private open: OpenItem | null = null;
  private readonly done: Record<string, unknown>[] = [];
  private readonly toolItems = new Map<number, Extract<OpenItem, { kind: 'function_call' }>>();
  private readonly encrypted: ReasoningDetail[] = [];

  constructor(private readonly identity: ResponseIdentity) {}

  private event(events: StreamEvent[], type: string, fields: Record<string, unknown>): void {
    events.push({ event: type, data: { type, sequence_number: this.sequence++, ...fields } });
  }

  private start(events: StreamEvent[]): void {
    if (this.started) return;
    this.started = true;
    const response = responseObject(this.identity, { status: 'in_progress', output: [], usage: null });
    this.event(events, 'response.created', { response });
    this.event(events, 'response.in_progress', { response });
  }

  private itemOf(item: OpenItem): Record<string, unknown> {
    switch (item.kind) {
      case 'reasoning': {
        const encrypted = this.encrypted.find((detail) => detail.format === responsesFormat);
        return { type: 'reasoning', id: item.id, summary: [{ type: 'summary_text', text: item.summary }], ...(encrypted?.data ? { encrypted_content: encrypted.data } : {}) };
      }
      case 'message':
        return {
          type: 'message',
          id: item.id,
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text: item.text, annotations: [], ...(item.logprobs ? { logprobs: responsesLogprobs(item.logprobs) } : {}) }],
        };
      case 'function_call':
        return { type: 'function_call', id: item.id, call_id: item.callId, name: item.name, arguments: item.arguments, status: 'completed' };
    }
  }

  private close(events: StreamEvent[]): void {
    const item = this.open;
    if (!item) return;
    this.open = null;
    if (item.kind === 'reasoning') {
      this.event(events, 'response.reasoning_summary_text.done', { item_id: item.id, output_index: item.outputIndex, summary_index: 0, text: item.summary });
      this.event(events, 'response.reasoning_summary_part.done', { item_id: item.id, output_index: item.outputIndex, summary_index: 0, part: { type: 'summary_text', text: item.summary } });
    } else if (item.kind === 'message') {
      this.event(events, 'response.output_text.done', {
        item_id: item.id,
        output_index: item.outputIndex,
        content_index: 0,
        text: item.text,
        logprobs: item.logprobs ? responsesLogprobs(item.logprobs) : [],
      });
      this.event(events, 'response.content_part.done', { item_id: item.id, output_index: item.outputIndex, content_index: 0, part: { type: 'output_text', text: item.text, annotations: [] } });
    } else {
      this.event(events, 'response.function_call_arguments.done', { item_id: item.id, output_index: item.outputIndex, name: item.name, arguments: item.arguments });
    }
    const finished = this.itemOf(item);
    this.done[item.outputIndex] = finished;
    this.event(events, 'response.output_item.done', { output_index: item.outputIndex, item: finished });
  }

  private openItem(events: StreamEvent[], item: OpenItem): void {
    this.close(events);
    this.open = item;
    this.done[item.outputIndex] = {};
    if (item.kind === 'reasoning') {
      this.event(events, 'response.output_item.added', { output_index: item.outputIndex, item: { type: 'reasoning', id: item.id, summary: [] } });
      this.event(events, 'response.reasoning_summary_part.added', { item_id: item.id, output_index: item.outputIndex, summary_index: 0, part: { type: 'summary_text', text: '' } });
    } else if (item.kind === 'message') {
      this.event(events, 'response.output_item.added', { output_index: item.outputIndex, item: { type: 'message', id: item.id, status: 'in_progress', role: 'assistant', content: [] } });
      this.event(events, 'response.content_part.added', { item_id: item.id, output_index: item.outputIndex, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
    } else {
      this.event(events, 'response.output_item.added', {
        output_index: item.outputIndex,
        item: { type: 'function_call', id: item.id, call_id: item.callId, name: item.name, arguments: '', status: 'in_progress' },
      });
    }
  }

  part(part: StreamPart): StreamEvent[] {
    const events: StreamEvent[] = [];
    switch (part.type) {
      case 'reasoning-delta': {
        this.start(events);
        for (const detail of part.details ?? []) if (detail.type === 'reasoning.encrypted') this.encrypted.push(detail);
        if (!part.text) return events;
        if (this.open?.kind !== 'reasoning') {
          const id = part.details?.find((detail) => detail.format === responsesFormat && detail.id)?.id ?? `rs_${this.identity.id}_${this.done.length}`;
          this.openItem(events, { kind: 'reasoning', outputIndex: this.done.length, id, summary: '' });
        }
        const item = this.open as Extract<OpenItem, { kind: 'reasoning' }>;
        item.summary += part.text;
        this.event(events, 'response.reasoning_summary_text.delta', { item_id: item.id, output_index: item.outputIndex, summary_index: 0, delta: part.text });
        return events;
      }
      case 'text-delta': {
        if (!part.text) return [];
        this.start(events);
        if (this.open?.kind !== 'message') this.openItem(events, { kind: 'message', outputIndex: this.done.length, id: `msg_${this.identity.id}`, text: '', logprobs: null });
        const item = this.open as Extract<OpenItem, { kind: 'message' }>;
        item.text += part.text;
        if (part.logprobs) {
          item.logprobs ??= [];
          item.logprobs.push(...part.logprobs);
        }
        this.event(events, 'response.output_text.delta', {
          item_id: item.id,
          output_index: item.outputIndex,
          content_index: 0,
          delta: part.text,
          logprobs: part.logprobs ? responsesLogprobs(part.logprobs) : [],
        });
        return events;
      }
      case 'tool-call-delta': {
        this.start(events);
        let item = this.toolItems.get(part.index);
        if (!item) {
          item = { kind: 'function_call', outputIndex: this.done.length, id: `fc_${this.identity.id}_${part.index}`, callId: part.id ?? `call_${part.index}`, name: part.name ?? '', arguments: '' };
          this.toolItems.set(part.index, item);
          this.openItem(events, item);
        }
        if (part.argumentsDelta) {
          item.arguments += part.argumentsDelta;
          this.event(events, 'response.function_call_arguments.delta', { item_id: item.id, output_index: item.outputIndex, delta: part.argumentsDelta });
        }
        return events;
      }
      default:
        return [];
    }
  }

  finish(finishReason: string | null, _nativeFinishReason: string | null, billed: BilledUsage): StreamEvent[] {
    const events: StreamEvent[] = [];
    this.start(events);
    this.close(events);
    const state = status(finishReason);
    // Items interleaved with later ones (a tool call resumed after another opened) are finished here.
    for (const item of this.toolItems.values()) if (Object.keys(this.done[item.outputIndex] ?? {}).length === 0) this.done[item.outputIndex] = this.itemOf(item);
    const response = responseObject(this.identity, { ...state, output: this.done, usage: responsesUsage(billed) });
    this.event(events, state.status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
    return events;
  }

  error(error: unknown): StreamEvent[] {
    const body = renderError(error);
    const events: StreamEvent[] = [];
    this.event(events, 'error', { code: String(body.error.code), message: body.error.message, param: null, metadata: body.error.metadata });
    return events;
  }
}

export const responsesFormatter: ResponseFormatter = {
  whole: renderResponsesResponse,
  chunks: (identity) => new ResponsesStreamRenderer(identity),
};
