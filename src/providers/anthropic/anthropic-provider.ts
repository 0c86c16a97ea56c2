import type { Agent } from 'undici';
import type { ModelCatalog } from '../../catalog/model-catalog.js';
import type { HttpProviderConfig } from '../../config/config-schema.js';
import { HttpProvider } from '../http/http-provider.js';
import type { ProviderProtocol } from '../http/provider-protocol.js';
import { extractErrorMessage } from '../http/upstream-errors.js';
import { presetFor } from '../provider-presets.js';
import { AnthropicStreamConverter } from './anthropic-stream-converter.js';
import { convertAnthropicResponse } from './convert-anthropic-response.js';
import { convertToAnthropicRequest } from './convert-to-anthropic-request.js';

/** The Messages API version every request names. */
export const anthropicVersion = '2023-06-01';

/** Anthropic Messages as a protocol: POST /messages, x-api-key and anthropic-version headers. */
export function anthropicMessagesProtocol(providerName: string): ProviderProtocol {
  return {
    authHeaders: (apiKey) => ({ 'x-api-key': apiKey }),
    request: (call, stream) => ({ path: '/messages', body: convertToAnthropicRequest(call.request, call.endpoint, stream), headers: { 'anthropic-version': anthropicVersion } }),
    parseResponse: (body) => convertAnthropicResponse(providerName, body),
    streamConverter: () => new AnthropicStreamConverter(providerName),
    errorMessage: (body) => extractErrorMessage(body, 'type'),
  };
}

/** Anthropic's Messages API (api.anthropic.com or anything that speaks it). */
export class AnthropicProvider extends HttpProvider {
  constructor(options: { config: HttpProviderConfig; catalog: ModelCatalog; apiKey: () => string | undefined; dispatcher?: Agent }) {
    const preset = presetFor(options.config);
    const name = options.config.name ?? preset?.name ?? options.config.id;
    super({
      config: options.config,
      catalog: options.catalog,
      protocol: anthropicMessagesProtocol(name),
      defaults: { name, ...(preset ? { baseUrl: preset.baseUrl } : {}) },
      apiKey: options.apiKey,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
  }
}
