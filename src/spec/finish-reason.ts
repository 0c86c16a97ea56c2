/** OpenRouter's normalised finish reasons; the provider's own value travels as native_finish_reason. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error';

const nativeToNormalised: Record<string, FinishReason> = {
  stop: 'stop',
  end_turn: 'stop',
  stop_sequence: 'stop',
  eos: 'stop',
  eos_token: 'stop',
  complete: 'stop',
  STOP: 'stop',
  length: 'length',
  max_tokens: 'length',
  MAX_TOKENS: 'length',
  model_length: 'length',
  tool_calls: 'tool_calls',
  tool_use: 'tool_calls',
  function_call: 'tool_calls',
  content_filter: 'content_filter',
  SAFETY: 'content_filter',
  RECITATION: 'content_filter',
  refusal: 'content_filter',
  // Anthropic
  pause_turn: 'stop',
  model_context_window_exceeded: 'length',
  // Gemini
  PROHIBITED_CONTENT: 'content_filter',
  BLOCKLIST: 'content_filter',
  SPII: 'content_filter',
  IMAGE_SAFETY: 'content_filter',
  MALFORMED_FUNCTION_CALL: 'error',
  // OpenAI Responses (incomplete_details.reason)
  max_output_tokens: 'length',
  error: 'error',
};

/** Maps any provider's finish reason onto the normalised set; unknown non-empty values count as stop. */
export function normaliseFinishReason(native: string | null | undefined): FinishReason | null {
  if (native == null || native === '') return null;
  return nativeToNormalised[native] ?? 'stop';
}
