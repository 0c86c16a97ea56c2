import type { ReasoningDetail, ToolCall } from './chat-message.js';
import type { TokenLogprob } from './logprobs.js';
import type { GenerationResult, StreamPart } from './stream-part.js';
import { emptyUsage } from './usage.js';

/**
 * Adds a streamed reasoning detail to a list: a delta of the same block (type, index, format and
 * id as the last entry) extends it — text, summary and data appended, a signature kept — so a whole
 * response carries one detail per reasoning block, as a non-streamed one would.
 */
export function mergeReasoningDetail(list: ReasoningDetail[], detail: ReasoningDetail): void {
  const last = list.at(-1);
  const same = last && last.type === detail.type && (last.index ?? 0) === (detail.index ?? 0) && last.format === detail.format && (last.id ?? null) === (detail.id ?? null) && !last.signature;
  if (!same) {
    list.push({ ...detail });
    return;
  }
  if (detail.text) last.text = (last.text ?? '') + detail.text;
  if (detail.summary) last.summary = (last.summary ?? '') + detail.summary;
  if (detail.data) last.data = (last.data ?? '') + detail.data;
  if (detail.signature) last.signature = detail.signature;
}

/**
 * Accumulates stream parts into a whole generation. Tool calls arrive as deltas keyed by index and
 * are assembled here, however the provider split them. An `error` part is thrown.
 */
export class StreamCollector {
  upstreamId: string | null = null;
  private content = '';
  private hasContent = false;
  private reasoning = '';
  private readonly reasoningDetails: ReasoningDetail[] = [];
  private readonly toolCalls = new Map<number, ToolCall>();
  private logprobs: TokenLogprob[] | null = null;
  finish: Extract<StreamPart, { type: 'finish' }> | null = null;

  add(part: StreamPart): void {
    switch (part.type) {
      case 'response-metadata':
        if (part.upstreamId) this.upstreamId = part.upstreamId;
        break;
      case 'text-delta':
        this.content += part.text;
        this.hasContent = true;
        if (part.logprobs) {
          this.logprobs ??= [];
          this.logprobs.push(...part.logprobs);
        }
        break;
      case 'reasoning-delta':
        this.reasoning += part.text;
        for (const detail of part.details ?? []) mergeReasoningDetail(this.reasoningDetails, detail);
        break;
      case 'tool-call-delta': {
        let call = this.toolCalls.get(part.index);
        if (!call) {
          call = { id: part.id ?? '', type: 'function', function: { name: part.name ?? '', arguments: '' } };
          this.toolCalls.set(part.index, call);
        }
        if (part.id) call.id = part.id;
        if (part.name) call.function.name = part.name;
        call.function.arguments += part.argumentsDelta;
        break;
      }
      case 'finish':
        this.finish = part;
        break;
      case 'error':
        throw part.error;
    }
  }

  /** Whether any output (text, reasoning or tool call) has been produced so far. */
  get producedOutput(): boolean {
    return this.hasContent || this.reasoning.length > 0 || this.toolCalls.size > 0;
  }

  result(): GenerationResult {
    return {
      upstreamId: this.upstreamId,
      content: this.hasContent ? this.content : this.toolCalls.size > 0 ? null : '',
      reasoning: this.reasoning.length > 0 ? this.reasoning : null,
      reasoningDetails: this.reasoningDetails,
      toolCalls: [...this.toolCalls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call),
      finishReason: this.finish?.finishReason ?? null,
      nativeFinishReason: this.finish?.nativeFinishReason ?? null,
      usage: this.finish?.usage ?? { ...emptyUsage },
      ...(this.logprobs ? { logprobs: this.logprobs } : {}),
    };
  }
}

export async function collectStream(parts: AsyncIterable<StreamPart>): Promise<GenerationResult> {
  const collector = new StreamCollector();
  for await (const part of parts) collector.add(part);
  return collector.result();
}
