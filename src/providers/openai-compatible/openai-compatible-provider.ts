import type { Agent } from 'undici';
import type { ModelCatalog } from '../../catalog/model-catalog.js';
import type { OpenAICompatibleProviderConfig } from '../../config/config-schema.js';
import { HttpProvider } from '../http/http-provider.js';
import type { ProviderProtocol } from '../http/provider-protocol.js';
import { extractErrorMessage } from '../http/upstream-errors.js';
import { presetFor } from '../provider-presets.js';
import { openAIEmbeddingRequest, parseOpenAIEmbeddings } from './convert-openai-embeddings.js';
import { imageRequest, parseImages, parseRerank, parseTranscription, rerankRequest, speechRequest, transcriptionRequest } from './convert-openai-media.js';
import { convertOpenAIChatResponse } from './convert-openai-chat-response.js';
import { convertToOpenAIChatRequest, type OpenAIChatDialect } from './convert-to-openai-chat-request.js';
import { OpenAIChatStreamConverter } from './openai-chat-stream-converter.js';

export interface OpenAICompatibleProviderOptions {
  config: OpenAICompatibleProviderConfig;
  catalog: ModelCatalog;
  apiKey: () => string | undefined;
  dispatcher?: Agent;
}

/** OpenAI Chat Completions as a protocol: POST /chat/completions, Bearer key. */
export function openAIChatProtocol(providerName: string, dialect: OpenAIChatDialect): ProviderProtocol {
  return {
    authHeaders: (apiKey) => ({ authorization: `Bearer ${apiKey}` }),
    request: (call, stream) => ({ path: '/chat/completions', body: convertToOpenAIChatRequest(call.request, call.endpoint, stream, dialect) }),
    parseResponse: (body, request) => convertOpenAIChatResponse(providerName, body, request),
    streamConverter: (request) => new OpenAIChatStreamConverter(providerName, request),
    errorMessage: extractErrorMessage,
    embeddingRequest: openAIEmbeddingRequest,
    parseEmbeddings: (body, call) => parseOpenAIEmbeddings(providerName, body, call),
    media: {
      rerankRequest,
      parseRerank: (body, call) => parseRerank(providerName, body, call),
      imageRequest,
      parseImages: (body, call) => parseImages(providerName, body, call),
      speechRequest,
      transcriptionRequest,
      parseTranscription: (body) => parseTranscription(providerName, body),
    },
  };
}

/**
 * Any OpenAI-compatible Chat Completions API (DeepSeek, Together, Fireworks, Groq, Mistral, xAI,
 * vLLM, Ollama, llama.cpp's server, OpenRouter …) at a configured base URL and key.
 */
export class OpenAICompatibleProvider extends HttpProvider {
  constructor(options: OpenAICompatibleProviderOptions) {
    const { config } = options;
    const preset = presetFor(config);
    const baseUrl = (config.base_url ?? preset?.baseUrl ?? '').replace(/\/+$/, '');
    const openRouterExtras = config.preset === 'openrouter' || /openrouter\.ai/.test(baseUrl);
    const dialect: OpenAIChatDialect = { openRouterExtras, reasoningEcho: preset?.reasoningEcho ?? (openRouterExtras ? 'reasoning_details' : 'none') };
    const name = config.name ?? preset?.name ?? config.id;
    super({
      config,
      catalog: options.catalog,
      protocol: openAIChatProtocol(name, dialect),
      defaults: { name, ...(preset ? { baseUrl: preset.baseUrl } : {}) },
      apiKey: options.apiKey,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
  }
}
