import type { Agent } from 'undici';
import type { ModelCatalog } from '../../catalog/model-catalog.js';
import type { HttpProviderConfig } from '../../config/config-schema.js';
import { HttpProvider } from '../http/http-provider.js';
import type { ProviderProtocol } from '../http/provider-protocol.js';
import { extractErrorMessage } from '../http/upstream-errors.js';
import { presetFor } from '../provider-presets.js';
import { geminiEmbeddingRequest, parseGeminiEmbeddings } from './convert-gemini-embeddings.js';
import { convertGeminiResponse } from './convert-gemini-response.js';
import { convertToGeminiRequest } from './convert-to-gemini-request.js';
import { GeminiStreamConverter } from './gemini-stream-converter.js';

/** Gemini generateContent as a protocol: POST /models/{model}:generateContent (or :streamGenerateContent?alt=sse), x-goog-api-key. */
export function geminiProtocol(providerName: string): ProviderProtocol {
  return {
    authHeaders: (apiKey) => ({ 'x-goog-api-key': apiKey }),
    request: (call, stream) => ({
      path: `/models/${encodeURIComponent(call.endpoint.upstreamModel)}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`,
      body: convertToGeminiRequest(call.request, call.endpoint),
    }),
    parseResponse: (body) => convertGeminiResponse(providerName, body),
    streamConverter: () => new GeminiStreamConverter(providerName),
    embeddingRequest: geminiEmbeddingRequest,
    parseEmbeddings: (body, call) => parseGeminiEmbeddings(providerName, body, call),
    errorMessage: (body) => extractErrorMessage(body, 'status'),
  };
}

/** Google's Gemini API (AI Studio's generativelanguage.googleapis.com, or anything that speaks it). */
export class GeminiProvider extends HttpProvider {
  constructor(options: { config: HttpProviderConfig; catalog: ModelCatalog; apiKey: () => string | undefined; dispatcher?: Agent }) {
    const preset = presetFor(options.config);
    const name = options.config.name ?? preset?.name ?? options.config.id;
    super({
      config: options.config,
      catalog: options.catalog,
      protocol: geminiProtocol(name),
      defaults: { name, ...(preset ? { baseUrl: preset.baseUrl } : {}) },
      apiKey: options.apiKey,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
  }
}
