import type { ChatMessage, ContentPart } from '../../spec/chat-message.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import type { ProviderEndpoint } from '../provider.js';
import { responsesReasoningFormat, type ResponsesInputContent, type ResponsesInputItem } from './openai-responses-api.js';

function inputContent(content: string | ContentPart[] | null, role: 'user' | 'system' | 'developer'): string | ResponsesInputContent[] {
  if (content === null) return '';
  if (typeof content === 'string') return content;
  const parts: ResponsesInputContent[] = [];
  for (const part of content) {
    if (part.type === 'text' && typeof part.text === 'string') parts.push({ type: 'input_text', text: part.text });
    else if (part.type === 'image_url' && role === 'user') {
      const image = (part as { image_url: { url: string; detail?: string } }).image_url;
      parts.push({ type: 'input_image', image_url: image.url, ...(image.detail ? { detail: image.detail } : {}) });
    } else if (part.type === 'file' && role === 'user') {
      const file = (part as { file: { file_data?: string; filename?: string; file_id?: string } }).file;
      parts.push({ type: 'input_file', ...file });
    }
  }
  return parts;
}

function text(content: string | ContentPart[] | null): string {
  if (content === null) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' ? String(part.text) : '')).join('');
}

/**
 * Chat messages → Responses input items: messages by role, an assistant turn's reasoning items
 * (from its reasoning details: the item id, summary and encrypted content), function_call items
 * for its tool calls, function_call_output items for tool results.
 */
export function convertToResponsesInput(messages: readonly ChatMessage[]): ResponsesInputItem[] {
  const items: ResponsesInputItem[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
      case 'user':
        items.push({ type: 'message', role: message.role, content: inputContent(message.content, message.role) });
        break;
      case 'assistant': {
        const reasoning = new Map<string, { summary: string[]; encrypted?: string }>();
        for (const detail of message.reasoning_details ?? []) {
          if (detail.format !== responsesReasoningFormat || !detail.id) continue;
          const item = reasoning.get(detail.id) ?? { summary: [] };
          if (detail.type === 'reasoning.summary' && detail.summary) item.summary.push(detail.summary);
          if (detail.type === 'reasoning.encrypted' && detail.data) item.encrypted = detail.data;
          reasoning.set(detail.id, item);
        }
        for (const [id, item] of reasoning) {
          items.push({ type: 'reasoning', id, summary: item.summary.map((summary) => ({ type: 'summary_text', text: summary })), ...(item.encrypted ? { encrypted_content: item.encrypted } : {}) });
        }
        const content = text(message.content);
        if (content) items.push({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: content }] });
        for (const call of message.tool_calls ?? []) items.push({ type: 'function_call', call_id: call.id, name: call.function.name, arguments: call.function.arguments });
        break;
      }
      case 'tool':
        items.push({ type: 'function_call_output', call_id: message.tool_call_id, output: text(message.content) });
        break;
    }
  }
  return items;
}

/**
 * Internal request → Responses body, stateless (`store: false`, encrypted reasoning included so
 * the next turn can send it back): input items, flat function tools, tool choice, max_output_tokens,
 * sampling, `reasoning` (effort, with summaries), JSON output as text.format.
 */
export function convertToResponsesRequest(request: GenerationRequest, endpoint: ProviderEndpoint, stream: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { model: endpoint.upstreamModel, input: convertToResponsesInput(request.messages), store: false, stream };
  if (request.tools?.length) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      name: tool.function.name,
      ...(tool.function.description ? { description: tool.function.description } : {}),
      parameters: tool.function.parameters ?? { type: 'object', properties: {} },
      ...(tool.function.strict !== undefined ? { strict: tool.function.strict } : {}),
    }));
    const choice = request.toolChoice;
    if (choice !== undefined) body.tool_choice = typeof choice === 'string' ? choice : { type: 'function', name: choice.function.name };
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }
  if (request.maxTokens !== undefined) body.max_output_tokens = request.maxTokens;
  const parameters = request.parameters;
  for (const name of ['temperature', 'top_p', 'top_logprobs'] as const) if (typeof parameters[name] === 'number') body[name] = parameters[name];
  const reasoning = request.reasoning;
  if (endpoint.model.switchboard.reasoning && reasoning && reasoning.enabled !== false) {
    const effort = reasoning.effort === 'max' || reasoning.effort === 'xhigh' ? 'high' : reasoning.effort;
    body.reasoning = { ...(effort ? { effort } : {}), ...(reasoning.exclude ? {} : { summary: 'auto' }) };
    body.include = ['reasoning.encrypted_content'];
  } else if (endpoint.model.switchboard.reasoning) {
    body.include = ['reasoning.encrypted_content'];
  }
  if (request.responseFormat?.type === 'json_object') body.text = { format: { type: 'json_object' } };
  else if (request.responseFormat?.type === 'json_schema') {
    const schema = request.responseFormat.json_schema;
    body.text = { format: { type: 'json_schema', name: schema.name, ...(schema.schema ? { schema: schema.schema } : {}), ...(schema.strict !== undefined ? { strict: schema.strict } : {}) } };
  }
  if (request.user !== undefined) body.user = request.user;
  return body;
}
