/** The parts of OpenAI's Responses API that Switchboard writes (as a client) and reads. */
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

export type ResponsesOutputItem =
  | { type: 'message'; id: string; role: 'assistant'; status?: string; content: ({ type: 'output_text'; text: string; annotations?: unknown[] } | { type: 'refusal'; refusal: string })[] }
  | { type: 'function_call'; id: string; call_id: string; name: string; arguments: string; status?: string }
  | { type: 'reasoning'; id: string; summary: { type: 'summary_text'; text: string }[]; content?: { type: 'reasoning_text'; text: string }[]; encrypted_content?: string | null; status?: string };

export interface ResponsesUsage {
  input_tokens?: number;
  input_tokens_details?: { cached_tokens?: number } | null;
  output_tokens?: number;
  output_tokens_details?: { reasoning_tokens?: number } | null;
  total_tokens?: number;
}

export interface ResponsesObject {
  id: string;
  object: 'response';
  created_at?: number;
  status: 'completed' | 'incomplete' | 'failed' | 'in_progress' | 'cancelled' | 'queued';
  incomplete_details?: { reason?: string } | null;
  error?: { code?: string; message?: string } | null;
  model?: string;
  output: ResponsesOutputItem[];
  usage?: ResponsesUsage | null;
}

/** The reasoning-detail format OpenRouter uses for OpenAI Responses reasoning items. */
export const responsesReasoningFormat = 'openai-responses-v1';
