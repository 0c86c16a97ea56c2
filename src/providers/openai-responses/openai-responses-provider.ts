import type { Agent } from 'undici';
import type { ModelCatalog } from '../../catalog/model-catalog.js';
import type { HttpProviderConfig } from '../../config/config-schema.js';
import { HttpProvider } from '../http/http-provider.js';
import type { ProviderProtocol } from '../http/provider-protocol.js';
import { extractErrorMessage } from '../http/upstream-errors.js';
import { presetFor } from '../provider-presets.js';
import { convertResponsesResponse } from './convert-responses-response.js';
import { convertToResponsesRequest } from './convert-to-responses-request.js';
import { ResponsesStreamConverter } from './responses-stream-converter.js';

/** OpenAI Responses as a protocol: POST /responses, Bearer key, stateless. */
export function openAIResponsesProtocol(providerName: string): ProviderProtocol {
  return {
    authHeaders: (apiKey) => ({ authorization: `Bearer ${apiKey}` }),
    request: (call, stream) => ({ path: '/responses', body: convertToResponsesRequest(call.request, call.endpoint, stream) }),
    parseResponse: (body) => convertResponsesResponse(providerName, body),
    streamConverter: () => new ResponsesStreamConverter(providerName),
    errorMessage: extractErrorMessage,
  };
}

/** OpenAI's Responses API, for models that only speak it (or to keep reasoning encrypted across turns). */
export class OpenAIResponsesProvider extends HttpProvider {
  constructor(options: { config: HttpProviderConfig; catalog: ModelCatalog; apiKey: () => string | undefined; dispatcher?: Agent }) {
    const preset = presetFor(options.config);
    const name = options.config.name ?? preset?.name ?? options.config.id;
    super({
      config: options.config,
      catalog: options.catalog,
      protocol: openAIResponsesProtocol(name),
      defaults: { name, ...(preset ? { baseUrl: preset.baseUrl } : {}) },
      apiKey: options.apiKey,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
  }
}
