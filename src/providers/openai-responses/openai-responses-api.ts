import { z } from 'zod';
import { count, informative, optionalText } from '../http/upstream-schema.js';

/** The parts of OpenAI's Responses API that Switchboard writes (TypeScript types, as a client) and reads (zod schemas, checked where they enter). */
export type ResponsesInputContent =
  | { type: 'input_text'; text: string }
  | { type: 'input_image'; image_url: string; detail?: string }
  | { type: 'input_file'; file_data?: string; filename?: string; file_id?: string }
  | { type: 'output_text'; text: string; annotations?: unknown[] };

export type ResponsesInputItem =
  | { type?: 'message'; role: 'user' | 'assistant' | 'system' | 'developer'; content: string | ResponsesInputContent[] }
  | { type: 'function_call'; call_id: string; name: string; arguments: string; id?: string }
  | { type: 'function_call_output'; call_id: string; output: string }
  | { type: 'reasoning'; id: string; summary: { type: 'summary_text'; text: string }[]; encrypted_content?: string | null };

export const responsesUsageSchema = z.looseObject({
  input_tokens: count,
  input_tokens_details: informative(z.looseObject({ cached_tokens: count })),
  output_tokens: count,
  output_tokens_details: informative(z.looseObject({ reasoning_tokens: count })),
  total_tokens: count,
});
export type ResponsesUsage = z.infer<typeof responsesUsageSchema>;

/** An output item: its type first; the converter reads the items it knows with their own schemas. */
export const responsesItemSchema = z.looseObject({ type: z.string() });
export const responsesMessageItemSchema = z.looseObject({
  type: z.literal('message'),
  content: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
});
export const responsesFunctionCallItemSchema = z.looseObject({ type: z.literal('function_call'), id: optionalText, call_id: z.string(), name: z.string(), arguments: optionalText });
export const responsesReasoningItemSchema = z.looseObject({
  type: z.literal('reasoning'),
  id: z.string(),
  summary: z.array(z.looseObject({ text: z.string() })).nullish(),
  encrypted_content: optionalText,
});
export type ResponsesReasoningItem = z.infer<typeof responsesReasoningItemSchema>;

export const responsesObjectSchema = z.looseObject({
  id: z.string(),
  object: z.literal('response'),
  status: z.string(),
  incomplete_details: z.looseObject({ reason: optionalText }).nullish(),
  error: z.looseObject({ code: optionalText, message: optionalText }).nullish(),
  model: optionalText,
  output: z.array(responsesItemSchema),
  usage: responsesUsageSchema.nullish(),
});
export type ResponsesObject = z.infer<typeof responsesObjectSchema>;

/** Stream events by type (others are read as their type only). */
export const responsesEventSchemas = {
  any: z.looseObject({ type: z.string() }),
  withResponse: z.looseObject({ response: responsesObjectSchema }),
  created: z.looseObject({ response: z.looseObject({ id: z.string(), model: optionalText }) }),
  failed: z.looseObject({ response: z.looseObject({ error: z.looseObject({ code: optionalText, message: optionalText }).nullish() }) }),
  item: z.looseObject({ output_index: z.number().int().min(0), item: responsesItemSchema }),
  textDelta: z.looseObject({ delta: z.string() }),
  argumentsDelta: z.looseObject({ output_index: z.number().int().min(0), delta: z.string() }),
  summaryDelta: z.looseObject({ output_index: z.number().int().min(0), item_id: z.string(), delta: z.string() }),
  error: z.looseObject({ code: optionalText, message: optionalText }),
};

/** The reasoning-detail format OpenRouter uses for OpenAI Responses reasoning items. */
export const responsesReasoningFormat = 'openai-responses-v1';
