import { z } from 'zod';
import type { TokenLogprob } from '../../spec/logprobs.js';
import { count, informative, optionalText, reasoningDetailSchema } from '../http/upstream-schema.js';

/**
 * OpenAI-compatible Chat Completions answers as Switchboard reads them, as zod schemas: every
 * field optional or nullable (vLLM, Ollama, llama.cpp, DeepSeek … differ and add fields freely),
 * every field it reads of the type it reads.
 */
export const openAIUsageSchema = z.looseObject({
  prompt_tokens: count,
  completion_tokens: count,
  total_tokens: count,
  prompt_tokens_details: informative(z.looseObject({ cached_tokens: count, cache_write_tokens: count })),
  completion_tokens_details: informative(z.looseObject({ reasoning_tokens: count })),
  /** DeepSeek reports cache hits here. */
  prompt_cache_hit_tokens: count,
  /** Some Anthropic-backed OpenAI-compatible servers report cache reads and writes like this. */
  cache_read_input_tokens: count,
  cache_creation_input_tokens: count,
});
export type OpenAIUsage = z.infer<typeof openAIUsageSchema>;

export const openAIToolCallSchema = z.looseObject({
  index: z.number().int().min(0).max(10_000).nullish(),
  id: optionalText,
  type: optionalText,
  function: z.looseObject({ name: optionalText, arguments: optionalText }).nullish(),
});
export type OpenAIToolCallDelta = z.infer<typeof openAIToolCallSchema>;

const topLogprobSchema = z.looseObject({
  token: z.string().max(1_000),
  logprob: z.number().max(0),
  bytes: z.array(z.number().int().min(0).max(255)).max(256).nullish(),
});

/** A choice's log probabilities (`logprobs.content`): informative — malformed, they are dropped, never the answer. */
export const openAILogprobsSchema = informative(
  z.looseObject({
    content: z
      .array(topLogprobSchema.extend({ top_logprobs: z.array(topLogprobSchema).max(20).nullish() }))
      .max(100_000)
      .nullish(),
  }),
);

/** The log probabilities as the gateway keeps them (bytes null when not given, alternatives [] when none). */
export function tokenLogprobs(logprobs: z.infer<typeof openAILogprobsSchema>): TokenLogprob[] | undefined {
  const content = logprobs?.content;
  if (!content) return undefined;
  return content.map((entry) => ({
    token: entry.token,
    logprob: entry.logprob,
    bytes: entry.bytes ?? null,
    top_logprobs: (entry.top_logprobs ?? []).map((top) => ({ token: top.token, logprob: top.logprob, bytes: top.bytes ?? null })),
  }));
}

const messageSchema = z.looseObject({
  role: optionalText,
  content: optionalText,
  /** DeepSeek, Qwen, vLLM reasoning parsers. */
  reasoning_content: optionalText,
  /** OpenRouter and some others. */
  reasoning: optionalText,
  reasoning_details: z.array(reasoningDetailSchema).nullish(),
  tool_calls: z.array(openAIToolCallSchema).nullish(),
  refusal: optionalText,
});

export const openAIChatResponseSchema = z.looseObject({
  id: optionalText,
  model: optionalText,
  choices: z.array(z.looseObject({ index: z.number().nullish(), message: messageSchema.nullish(), finish_reason: optionalText, logprobs: openAILogprobsSchema })).min(1, 'no choices'),
  usage: openAIUsageSchema.nullish(),
});

export const openAIChatChunkSchema = z.looseObject({
  id: optionalText,
  model: optionalText,
  choices: z.array(z.looseObject({ index: z.number().nullish(), delta: messageSchema.nullish(), finish_reason: optionalText, logprobs: openAILogprobsSchema })).nullish(),
  usage: openAIUsageSchema.nullish(),
  error: z.looseObject({ message: optionalText, code: z.union([z.number(), z.string()]).nullish() }).nullish(),
});
