import { z } from 'zod';
import { count, informative, optionalText } from '../http/upstream-schema.js';

/**
 * The parts of Anthropic's Messages API that Switchboard writes (TypeScript types) and reads (zod
 * schemas, checked where the answer enters), API version 2023-06-01.
 */
export interface AnthropicCacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
}

export type AnthropicContentBlock =
  | { type: 'text'; text: string; cache_control?: AnthropicCacheControl; citations?: unknown }
  | { type: 'image'; source: { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string }; cache_control?: AnthropicCacheControl }
  | {
      type: 'document';
      source: { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string } | { type: 'text'; media_type: string; data: string };
      title?: string;
      cache_control?: AnthropicCacheControl;
    }
  | { type: 'tool_use'; id: string; name: string; input: unknown; cache_control?: AnthropicCacheControl }
  | { type: 'tool_result'; tool_use_id: string; content?: string | AnthropicContentBlock[]; is_error?: boolean; cache_control?: AnthropicCacheControl }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string };

export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: string | AnthropicContentBlock[];
}

export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
}

export type AnthropicToolChoice = { type: 'auto' | 'any' | 'none'; disable_parallel_tool_use?: boolean } | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean };

export interface AnthropicRequest {
  model: string;
  max_tokens: number;
  messages: AnthropicMessage[];
  system?: string | { type: 'text'; text: string; cache_control?: AnthropicCacheControl }[];
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  thinking?: { type: 'enabled'; budget_tokens: number } | { type: 'disabled' };
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
  metadata?: { user_id?: string };
  stream?: boolean;
}

/** The reasoning-detail format OpenRouter uses for Claude's thinking blocks. */
export const anthropicReasoningFormat = 'anthropic-claude-v1';

export const anthropicUsageSchema = z.looseObject({
  input_tokens: count,
  output_tokens: count,
  cache_creation_input_tokens: count,
  cache_read_input_tokens: count,
  cache_creation: informative(z.looseObject({ ephemeral_5m_input_tokens: count, ephemeral_1h_input_tokens: count })),
  service_tier: informative(z.string()),
});
export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;

/** A content block of an answer: its type first; the converter reads the blocks it knows with their own schemas. */
export const anthropicBlockSchema = z.looseObject({ type: z.string() });
export const anthropicTextBlockSchema = z.looseObject({ type: z.literal('text'), text: z.string() });
export const anthropicThinkingBlockSchema = z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: optionalText });
export const anthropicRedactedThinkingBlockSchema = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });
export const anthropicToolUseBlockSchema = z.looseObject({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.unknown().optional() });

export const anthropicResponseSchema = z.looseObject({
  id: optionalText,
  type: z.literal('message'),
  model: optionalText,
  content: z.array(anthropicBlockSchema),
  stop_reason: optionalText,
  stop_sequence: optionalText,
  usage: anthropicUsageSchema.nullish(),
});

/** Stream events by type (others, such as ping, are read as their type only). */
export const anthropicStreamEventSchemas = {
  message_start: z.looseObject({ message: z.looseObject({ id: optionalText, model: optionalText, usage: anthropicUsageSchema.nullish() }) }),
  content_block_start: z.looseObject({ index: z.number().int().min(0), content_block: anthropicBlockSchema }),
  content_block_delta: z.looseObject({ index: z.number().int().min(0), delta: z.looseObject({ type: z.string() }) }),
  content_block_stop: z.looseObject({ index: z.number().int().min(0) }),
  message_delta: z.looseObject({ delta: z.looseObject({ stop_reason: optionalText }).nullish(), usage: anthropicUsageSchema.nullish() }),
  error: z.looseObject({ error: z.looseObject({ type: z.string(), message: optionalText }) }),
};

/** The deltas of content_block_delta, by type. */
export const anthropicDeltaSchemas = {
  text_delta: z.looseObject({ text: z.string() }),
  thinking_delta: z.looseObject({ thinking: z.string() }),
  signature_delta: z.looseObject({ signature: z.string() }),
  input_json_delta: z.looseObject({ partial_json: z.string() }),
};
