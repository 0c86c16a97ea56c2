import { GatewayError } from '../../errors/gateway-error.js';
import { normaliseFinishReason } from '../../spec/finish-reason.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { ReportedUsage } from '../../spec/usage.js';
import type { ServerSentEvent } from '../http/parse-server-sent-events.js';
import type { StreamConverter } from '../http/provider-protocol.js';
import { midStreamError } from '../http/upstream-errors.js';
import { readUpstreamJson } from '../http/upstream-schema.js';
import { countedUsage } from './convert-openai-chat-response.js';
import { convertOpenAIChatUsage } from './convert-openai-chat-usage.js';
import { openAIChatChunkSchema, tokenLogprobs } from './openai-chat-api.js';

/**
 * chat.completion.chunk events → stream parts: reasoning (`reasoning_content` / `reasoning` /
 * `reasoning_details`), text, tool-call fragments by index, the finish reason, and the usage of the
 * final chunk (`stream_options.include_usage`), or counted usage when the server sends none.
 */
export class OpenAIChatStreamConverter implements StreamConverter {
  done = false;
  private usage: ReportedUsage | null = null;
  private nativeFinishReason: string | null = null;
  private sawMetadata = false;
  private output = '';

  constructor(
    private readonly providerName: string,
    private readonly request: GenerationRequest,
  ) {}

  push(event: ServerSentEvent): StreamPart[] {
    if (event.data === '[DONE]') {
      this.done = true;
      return [];
    }
    const chunk = readUpstreamJson(openAIChatChunkSchema, event.data, this.providerName, 'stream chunk');
    if (chunk.error) throw midStreamError(this.providerName, chunk.error.message ?? 'unknown error', event.data);
    const parts: StreamPart[] = [];
    if (!this.sawMetadata && chunk.id) {
      this.sawMetadata = true;
      parts.push({ type: 'response-metadata', upstreamId: chunk.id, ...(chunk.model ? { model: chunk.model } : {}) });
    }
    if (chunk.usage) this.usage = convertOpenAIChatUsage(chunk.usage);
    const choice = chunk.choices?.[0];
    if (!choice) return parts;
    const delta = choice.delta ?? {};
    const reasoning = delta.reasoning_content ?? delta.reasoning;
    if (reasoning || (delta.reasoning_details && delta.reasoning_details.length > 0)) {
      this.output += reasoning ?? '';
      parts.push({ type: 'reasoning-delta', text: reasoning ?? '', ...(delta.reasoning_details ? { details: delta.reasoning_details } : {}) });
    }
    if (delta.content) {
      this.output += delta.content;
      const logprobs = tokenLogprobs(choice.logprobs);
      parts.push(logprobs ? { type: 'text-delta', text: delta.content, logprobs } : { type: 'text-delta', text: delta.content });
    }
    for (const toolCall of delta.tool_calls ?? []) {
      const argumentsDelta = toolCall.function?.arguments ?? '';
      this.output += argumentsDelta;
      parts.push({
        type: 'tool-call-delta',
        index: toolCall.index ?? 0,
        ...(toolCall.id ? { id: toolCall.id } : {}),
        ...(toolCall.function?.name ? { name: toolCall.function.name } : {}),
        argumentsDelta,
      });
    }
    if (choice.finish_reason) this.nativeFinishReason = choice.finish_reason;
    return parts;
  }

  end(): StreamPart[] {
    if (this.nativeFinishReason === null) {
      throw new GatewayError('upstream_invalid_response', `${this.providerName} ended the stream without a finish reason`, { metadata: { provider_name: this.providerName } });
    }
    return [
      { type: 'finish', finishReason: normaliseFinishReason(this.nativeFinishReason), nativeFinishReason: this.nativeFinishReason, usage: this.usage ?? countedUsage(this.request, this.output) },
    ];
  }
}
