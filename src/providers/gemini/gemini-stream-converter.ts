import { GatewayError } from '../../errors/gateway-error.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { ServerSentEvent } from '../http/parse-server-sent-events.js';
import type { StreamConverter } from '../http/provider-protocol.js';
import { midStreamError } from '../http/upstream-errors.js';
import { readUpstreamJson } from '../http/upstream-schema.js';
import { geminiStreamEventSchema, type GeminiUsageMetadata } from './gemini-api.js';
import { convertGeminiPart, geminiFinishReason } from './convert-gemini-response.js';
import { convertGeminiUsage } from './convert-gemini-usage.js';

/**
 * streamGenerateContent (alt=sse) events → stream parts. Each event is a partial response: text
 * and thought parts become deltas, function calls arrive whole and become one tool-call delta each;
 * the last event carries the finish reason and usageMetadata. Gemini sends no end marker: the
 * stream ends when the connection does.
 */
export class GeminiStreamConverter implements StreamConverter {
  readonly done = false;
  private usage: GeminiUsageMetadata = {};
  private finishReason: string | null = null;
  private responseId: string | null | undefined;
  private toolCount = 0;
  private partCount = 0;
  private sawEvent = false;

  constructor(private readonly providerName: string) {}

  push(event: ServerSentEvent): StreamPart[] {
    const chunk = readUpstreamJson(geminiStreamEventSchema, event.data, this.providerName, 'stream event');
    if (chunk.error)
      throw midStreamError(this.providerName, `${chunk.error.status ?? 'error'}: ${chunk.error.message ?? ''}`, event.data, chunk.error.status === 'RESOURCE_EXHAUSTED' ? 'rate_limited' : 'error');
    const parts: StreamPart[] = [];
    if (!this.sawEvent) {
      this.sawEvent = true;
      this.responseId = chunk.responseId;
      parts.push({ type: 'response-metadata', ...(chunk.responseId ? { upstreamId: chunk.responseId } : {}), ...(chunk.modelVersion ? { model: chunk.modelVersion } : {}) });
    }
    if (chunk.usageMetadata) this.usage = chunk.usageMetadata;
    if (!chunk.candidates?.length && chunk.promptFeedback?.blockReason) this.finishReason = chunk.promptFeedback.blockReason;
    const candidate = chunk.candidates?.[0];
    for (const part of candidate?.content?.parts ?? []) {
      const converted = convertGeminiPart(part, this.toolCount, this.responseId, this.partCount++);
      if (converted.call) {
        const index = this.toolCount++;
        parts.push({ type: 'tool-call-delta', index, id: converted.call.id, name: converted.call.function.name, argumentsDelta: converted.call.function.arguments });
        if (converted.details.length > 0) parts.push({ type: 'reasoning-delta', text: '', details: converted.details });
      } else if (converted.thought !== undefined) {
        parts.push({ type: 'reasoning-delta', text: converted.thought, details: converted.details });
      } else {
        if (converted.text) parts.push({ type: 'text-delta', text: converted.text });
        if (converted.details.length > 0) parts.push({ type: 'reasoning-delta', text: '', details: converted.details });
      }
    }
    if (candidate?.finishReason) this.finishReason = candidate.finishReason;
    return parts;
  }

  end(): StreamPart[] {
    if (this.finishReason === null) {
      throw new GatewayError('upstream_invalid_response', `${this.providerName} ended the stream without a finish reason`, { metadata: { provider_name: this.providerName } });
    }
    const blocked = this.finishReason !== null && !this.usage.candidatesTokenCount && this.toolCount === 0 && /BLOCK|SAFETY|PROHIBITED/.test(this.finishReason);
    return [
      {
        type: 'finish',
        finishReason: blocked ? 'content_filter' : geminiFinishReason(this.finishReason, this.toolCount > 0),
        nativeFinishReason: this.finishReason,
        usage: convertGeminiUsage(this.usage),
      },
    ];
  }
}
