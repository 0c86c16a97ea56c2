import type { ReasoningDetail, ToolCall } from '../../spec/chat-message.js';

/**
 * The parts of OpenAI-compatible Chat Completions responses that Switchboard reads. Every field is
 * optional: servers differ (vLLM, Ollama, llama.cpp, DeepSeek …) and add fields freely.
 */
export interface OpenAIUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null; cache_write_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  /** DeepSeek reports cache hits here. */
  prompt_cache_hit_tokens?: number | null;
  /** Some Anthropic-backed OpenAI-compatible servers report cache reads and writes like this. */
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

export interface OpenAIToolCallDelta {
  index?: number;
  id?: string | null;
  type?: string;
  function?: { name?: string | null; arguments?: string | null } | null;
}

export interface OpenAIMessage {
  role?: string;
  content?: string | null;
  /** DeepSeek, Qwen, vLLM reasoning parsers. */
  reasoning_content?: string | null;
  /** OpenRouter and some others. */
  reasoning?: string | null;
  reasoning_details?: ReasoningDetail[] | null;
  tool_calls?: ToolCall[] | OpenAIToolCallDelta[] | null;
  refusal?: string | null;
}

export interface OpenAIChatResponse {
  id?: string;
  model?: string;
  choices?: { index?: number; message?: OpenAIMessage | null; finish_reason?: string | null }[];
  usage?: OpenAIUsage | null;
}

export interface OpenAIChatChunk {
  id?: string;
  model?: string;
  choices?: { index?: number; delta?: OpenAIMessage | null; finish_reason?: string | null }[];
  usage?: OpenAIUsage | null;
  error?: { message?: string; code?: number | string } | null;
}
