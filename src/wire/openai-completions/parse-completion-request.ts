import type { GenerationRequest } from '../../spec/generation-request.js';
import { parseChatRequest } from '../openai-chat/parse-chat-request.js';
import { expectArray, invalid, isObject } from '../request-validation.js';

/**
 * Validates a legacy (OpenAI Completions) request: a raw `prompt` instead of `messages`, the
 * other fields as in Chat Completions. The prompt reaches providers without chat framing.
 */
export function parseCompletionRequest(value: unknown): GenerationRequest {
  if (!isObject(value)) throw invalid('body', 'expected a JSON object');
  if (value.messages !== undefined && value.messages !== null) throw invalid('messages', 'is not part of a completions request; send a prompt, or use /api/v1/chat/completions');
  let prompt = value.prompt;
  if (prompt === undefined || prompt === null) throw invalid('prompt', 'is required');
  if (Array.isArray(prompt)) {
    const prompts = expectArray(prompt, 'prompt');
    if (prompts.length !== 1 || typeof prompts[0] !== 'string') throw invalid('prompt', 'must be a string (or an array of exactly one string); token arrays and batches are not supported');
    prompt = prompts[0];
  }
  if (typeof prompt !== 'string') throw invalid('prompt', `expected a string, got ${typeof prompt}`);
  if (prompt.length === 0) throw invalid('prompt', 'must not be empty');
  for (const field of ['tools', 'tool_choice', 'response_format'] as const) {
    if (value[field] !== undefined && value[field] !== null) throw invalid(field, 'is not supported by completions requests');
  }
  // Legacy `logprobs` is how many alternatives to give (0–5), not a switch.
  let logprobs: Record<string, unknown> = {};
  if (value.logprobs !== undefined && value.logprobs !== null && typeof value.logprobs !== 'boolean') {
    const count = value.logprobs;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 20) throw invalid('logprobs', 'an integer from 0 to 20 (the alternatives per token)');
    logprobs = { logprobs: true, top_logprobs: count };
  }
  const request = parseChatRequest({ ...value, prompt, ...logprobs });
  request.promptFormat = 'text';
  return request;
}
