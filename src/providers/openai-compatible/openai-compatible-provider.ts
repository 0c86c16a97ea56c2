import { Agent, errors as undiciErrors, request as undiciRequest } from 'undici';
import { parsePricing } from '../../accounting/pricing.js';
import type { ModelCatalog } from '../../catalog/model-catalog.js';
import type { OpenAICompatibleProviderConfig } from '../../config/config-schema.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { normaliseFinishReason } from '../../spec/finish-reason.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import type { GenerationResult, StreamPart } from '../../spec/stream-part.js';
import type { Usage } from '../../spec/usage.js';
import { countRequestPromptTokens, countTextTokens } from '../../tokenization/count-tokens.js';
import { parseServerSentEvents } from '../../wire/server-sent-events/parse-server-sent-events.js';
import type { Provider, ProviderCall, ProviderEndpoint } from '../provider.js';
import { convertOpenAIChatUsage } from './convert-openai-chat-usage.js';
import { convertToOpenAIChatRequest } from './convert-to-openai-chat-request.js';
import { mapUpstreamHttpError } from './map-openai-error.js';
import type { OpenAIChatChunk, OpenAIChatResponse, OpenAIToolCallDelta } from './openai-chat-api.js';
import { providerPresets } from './presets.js';

export interface OpenAICompatibleProviderOptions {
  config: OpenAICompatibleProviderConfig;
  catalog: ModelCatalog;
  /** Resolved from api_key_env / api_key_secret; read per request, never logged. */
  apiKey: () => string | undefined;
  /** Injected HTTP dispatcher (tests, proxies); a keep-alive pool by default. */
  dispatcher?: Agent;
}

/** When the provider sends no usage (some local servers), count it with the tokenizer rather than bill nothing. */
function fallbackUsage(request: GenerationRequest, outputText: string): Usage {
  const completionTokens = countTextTokens(outputText);
  return { promptTokens: countRequestPromptTokens(request), completionTokens, reasoningTokens: 0, cachedTokens: 0, cacheWriteTokens: 0, raw: { counted_by: 'switchboard' } };
}

/**
 * Any OpenAI-compatible Chat Completions API (DeepSeek, Together, Fireworks, Groq, Mistral, xAI,
 * vLLM, Ollama, llama.cpp's server, OpenRouter …) at a configured base URL and key.
 */
export class OpenAICompatibleProvider implements Provider {
  readonly id: string;
  readonly name: string;
  readonly endpoints: readonly ProviderEndpoint[];
  private readonly baseUrl: string;
  private readonly dispatcher: Agent;
  private readonly ownsDispatcher: boolean;
  private readonly sendsReasoningObject: boolean;

  constructor(private readonly options: OpenAICompatibleProviderOptions) {
    const { config, catalog } = options;
    const preset = config.preset ? providerPresets[config.preset] : undefined;
    if (config.preset && !preset) throw new Error(`provider ${config.id}: unknown preset "${config.preset}" (known: ${Object.keys(providerPresets).join(', ')})`);
    const baseUrl = config.base_url ?? preset?.baseUrl;
    if (!baseUrl) throw new Error(`provider ${config.id}: base_url is required (or a preset)`);
    this.id = config.id;
    this.name = config.name ?? preset?.name ?? config.id;
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.sendsReasoningObject = config.preset === 'openrouter' || /openrouter\.ai/.test(this.baseUrl);
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher =
      options.dispatcher ?? new Agent({ connections: 256, keepAliveTimeout: 30_000, headersTimeout: config.timeout_ms, bodyTimeout: config.timeout_ms });

    const entries: OpenAICompatibleProviderConfig['models'] = config.all_catalog_models
      ? catalog.models.filter((model) => !model.switchboard.alias_target).map((model) => ({ id: model.id }))
      : config.models;
    const endpoints: ProviderEndpoint[] = [];
    for (const entry of entries) {
      const model = catalog.get(entry.id);
      if (!model) throw new Error(`provider ${config.id}: model "${entry.id}" is not in the catalog`);
      const configured = entry;
      endpoints.push({
        id: `${this.id}/${model.id}`,
        providerId: this.id,
        providerName: this.name,
        model,
        upstreamModel: configured?.upstream_model ?? model.id,
        pricing: parsePricing({ ...model.pricing, ...(configured?.pricing ?? {}) }),
        contextLength: configured?.context_length ?? model.top_provider.context_length ?? model.context_length,
        maxCompletionTokens: configured?.max_completion_tokens ?? model.top_provider.max_completion_tokens,
        quantization: configured?.quantization ?? null,
        supportedParameters: new Set(model.supported_parameters),
        dataCollection: config.data_collection,
      });
    }
    this.endpoints = endpoints;
  }

  private async post(call: ProviderCall, stream: boolean) {
    const body = JSON.stringify(convertToOpenAIChatRequest(call.request, call.endpoint, stream, this.sendsReasoningObject));
    const headers: Record<string, string> = { 'content-type': 'application/json', ...this.options.config.headers };
    const apiKey = this.options.apiKey();
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    if (stream) headers.accept = 'text/event-stream';
    let response;
    try {
      response = await undiciRequest(`${this.baseUrl}/chat/completions`, { method: 'POST', headers, body, signal: call.signal, dispatcher: this.dispatcher });
    } catch (error) {
      throw this.transportError(error, call.signal);
    }
    if (response.statusCode >= 400) {
      const text = await response.body.text().catch(() => '');
      const retryAfter = response.headers['retry-after'];
      throw mapUpstreamHttpError(this.name, response.statusCode, text, typeof retryAfter === 'string' ? retryAfter : null);
    }
    return response;
  }

  private transportError(error: unknown, signal: AbortSignal): unknown {
    if (signal.aborted) return signal.reason ?? error;
    if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
      return new GatewayError('request_timeout', `${this.name} did not answer within ${this.options.config.timeout_ms} ms`, {
        metadata: { provider_name: this.name },
        cause: error,
      });
    }
    const code = (error as { code?: string }).code ?? 'unknown';
    return new GatewayError('upstream_error', `${this.name} could not be reached (${code}): ${(error as Error).message}`, {
      metadata: { provider_name: this.name, raw: String((error as Error).message) },
      cause: error,
    });
  }

  private invalidResponse(detail: string): GatewayError {
    return new GatewayError('upstream_invalid_response', `${this.name} sent an invalid response: ${detail}`, { metadata: { provider_name: this.name, raw: detail } });
  }

  async generate(call: ProviderCall): Promise<GenerationResult> {
    const response = await this.post(call, false);
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      throw this.transportError(error, call.signal);
    }
    let parsed: OpenAIChatResponse;
    try {
      parsed = JSON.parse(text) as OpenAIChatResponse;
    } catch {
      throw this.invalidResponse(`body is not JSON: ${text.slice(0, 200)}`);
    }
    const choice = parsed.choices?.[0];
    if (!choice || typeof choice !== 'object') throw this.invalidResponse(`no choices in ${text.slice(0, 200)}`);
    const message = choice.message ?? {};
    const toolCalls = (message.tool_calls ?? []).map((call, index) => ({
      id: call.id ?? `call_${index}`,
      type: 'function' as const,
      function: { name: call.function?.name ?? '', arguments: call.function?.arguments ?? '' },
    }));
    const reasoning = message.reasoning_content ?? message.reasoning ?? null;
    const content = message.content ?? (toolCalls.length > 0 ? null : '');
    const usage = parsed.usage
      ? convertOpenAIChatUsage(parsed.usage)
      : fallbackUsage(call.request, `${reasoning ?? ''}${content ?? ''}${toolCalls.map((toolCall) => toolCall.function.arguments).join('')}`);
    return {
      upstreamId: parsed.id ?? null,
      content,
      reasoning,
      reasoningDetails: message.reasoning_details ?? [],
      toolCalls,
      finishReason: normaliseFinishReason(choice.finish_reason),
      nativeFinishReason: choice.finish_reason ?? null,
      usage,
    };
  }

  async *stream(call: ProviderCall): AsyncIterable<StreamPart> {
    const response = await this.post(call, true);
    let usage: Usage | null = null;
    let nativeFinishReason: string | null = null;
    let sawMetadata = false;
    let output = '';
    try {
      for await (const event of parseServerSentEvents(response.body)) {
        if (event.data === '[DONE]') break;
        let chunk: OpenAIChatChunk;
        try {
          chunk = JSON.parse(event.data) as OpenAIChatChunk;
        } catch {
          throw this.invalidResponse(`stream chunk is not JSON: ${event.data.slice(0, 200)}`);
        }
        if (chunk.error) {
          throw new GatewayError('upstream_error', `${this.name} failed mid-stream: ${chunk.error.message ?? 'unknown error'}`, {
            metadata: { provider_name: this.name, raw: event.data },
          });
        }
        if (!sawMetadata && chunk.id) {
          sawMetadata = true;
          yield { type: 'response-metadata', upstreamId: chunk.id, ...(chunk.model ? { model: chunk.model } : {}) };
        }
        if (chunk.usage) usage = convertOpenAIChatUsage(chunk.usage);
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        const delta = choice.delta ?? {};
        const reasoning = delta.reasoning_content ?? delta.reasoning;
        if (reasoning || (delta.reasoning_details && delta.reasoning_details.length > 0)) {
          output += reasoning ?? '';
          yield { type: 'reasoning-delta', text: reasoning ?? '', ...(delta.reasoning_details ? { details: delta.reasoning_details } : {}) };
        }
        if (delta.content) {
          output += delta.content;
          yield { type: 'text-delta', text: delta.content };
        }
        for (const toolCall of (delta.tool_calls ?? []) as OpenAIToolCallDelta[]) {
          const argumentsDelta = toolCall.function?.arguments ?? '';
          output += argumentsDelta;
          yield {
            type: 'tool-call-delta',
            index: toolCall.index ?? 0,
            ...(toolCall.id ? { id: toolCall.id } : {}),
            ...(toolCall.function?.name ? { name: toolCall.function.name } : {}),
            argumentsDelta,
          };
        }
        if (choice.finish_reason) nativeFinishReason = choice.finish_reason;
      }
    } catch (error) {
      if (GatewayError.isInstance(error)) throw error;
      throw this.transportError(error, call.signal);
    }
    if (nativeFinishReason === null) {
      throw new GatewayError('upstream_invalid_response', `${this.name} ended the stream without a finish reason`, { metadata: { provider_name: this.name } });
    }
    yield {
      type: 'finish',
      finishReason: normaliseFinishReason(nativeFinishReason),
      nativeFinishReason,
      usage: usage ?? fallbackUsage(call.request, output),
    };
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }
}
