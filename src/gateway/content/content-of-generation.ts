import { GatewayError } from '../../errors/gateway-error.js';
import type { GenerationContent } from '../../spec/generation-content.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import type { GenerationResult } from '../../spec/stream-part.js';

/** What a generation was asked and answered, in OpenRouter's /generation/content shape (a raw prompt for legacy completions). */
export function contentOfGeneration(request: GenerationRequest, result: GenerationResult, failure: unknown): GenerationContent {
  const prompt = request.promptFormat === 'text' && request.messages.length === 1 && typeof request.messages[0]!.content === 'string' ? request.messages[0]!.content : null;
  const error = failure === null || failure === undefined ? null : GatewayError.isInstance(failure) ? failure : null;
  return {
    input: prompt !== null ? { prompt } : { messages: request.messages.map((message) => ({ ...message })) },
    output: { completion: result.content, reasoning: result.reasoning },
    error:
      failure === null || failure === undefined
        ? null
        : {
            message: error?.message ?? String((failure as Error)?.message ?? failure),
            status: error?.status ?? null,
            provider_name: typeof error?.metadata?.provider_name === 'string' ? error.metadata.provider_name : null,
          },
  };
}
