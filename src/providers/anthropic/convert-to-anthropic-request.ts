import type { ChatMessage, ContentPart, ReasoningDetail, ToolChoice } from '../../spec/chat-message.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import type { ProviderEndpoint } from '../provider.js';
import { anthropicReasoningFormat, type AnthropicContentBlock, type AnthropicMessage, type AnthropicRequest, type AnthropicToolChoice } from './anthropic-messages-api.js';

/** Share of max_tokens given to thinking per reasoning effort (OpenRouter's mapping for budget-based models). */
const effortShare: Record<string, number> = { max: 0.95, xhigh: 0.95, high: 0.8, medium: 0.5, low: 0.2, minimal: 0.1 };
const minimumThinkingBudget = 1024;
const defaultMaxTokens = 4096;

/** `data:<media type>;base64,<data>` → its parts. */
function dataUrl(url: string): { mediaType: string; data: string } | null {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return match ? { mediaType: match[1]!, data: match[2]! } : null;
}

function convertPart(part: ContentPart): AnthropicContentBlock | null {
  const cache = 'cache_control' in part && part.cache_control ? { cache_control: part.cache_control as { type: 'ephemeral'; ttl?: '5m' | '1h' } } : {};
  if (part.type === 'text' && typeof part.text === 'string') return { type: 'text', text: part.text, ...cache };
  if (part.type === 'image_url') {
    const url = (part as { image_url: { url: string } }).image_url.url;
    const inline = dataUrl(url);
    return inline ? { type: 'image', source: { type: 'base64', media_type: inline.mediaType, data: inline.data }, ...cache } : { type: 'image', source: { type: 'url', url }, ...cache };
  }
  if (part.type === 'file') {
    const file = (part as { file: { file_data?: string; filename?: string } }).file;
    const inline = file.file_data ? dataUrl(file.file_data) : null;
    if (inline) return { type: 'document', source: { type: 'base64', media_type: inline.mediaType, data: inline.data }, ...(file.filename ? { title: file.filename } : {}), ...cache };
  }
  return null;
}

function convertContent(content: string | ContentPart[] | null): AnthropicContentBlock[] {
  if (content === null) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content.map(convertPart).filter((block): block is AnthropicContentBlock => block !== null);
}

/** An assistant turn's reasoning back as thinking blocks: Claude's own (with signatures) only; others' cannot be verified. */
function thinkingBlocks(details: readonly ReasoningDetail[] | undefined): AnthropicContentBlock[] {
  const blocks: AnthropicContentBlock[] = [];
  for (const detail of details ?? []) {
    if (detail.format && detail.format !== anthropicReasoningFormat) continue;
    if (detail.type === 'reasoning.text' && detail.signature) blocks.push({ type: 'thinking', thinking: detail.text ?? '', signature: detail.signature });
    else if (detail.type === 'reasoning.encrypted' && detail.data) blocks.push({ type: 'redacted_thinking', data: detail.data });
  }
  return blocks;
}

function parseArguments(text: string): unknown {
  try {
    const value = JSON.parse(text || '{}') as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : { value };
  } catch {
    return { arguments: text };
  }
}

/** Chat messages → Anthropic's alternating user/assistant turns; tool results ride in user turns. */
export function convertToAnthropicMessages(messages: readonly ChatMessage[]): { system: AnthropicRequest['system']; messages: AnthropicMessage[] } {
  const system: { type: 'text'; text: string; cache_control?: { type: 'ephemeral'; ttl?: '5m' | '1h' } }[] = [];
  const turns: { role: 'user' | 'assistant'; content: AnthropicContentBlock[] }[] = [];
  const append = (role: 'user' | 'assistant', blocks: AnthropicContentBlock[]) => {
    const last = turns.at(-1);
    if (last && last.role === role) last.content.push(...blocks);
    else turns.push({ role, content: [...blocks] });
  };
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        for (const block of convertContent(message.content)) if (block.type === 'text') system.push(block as (typeof system)[number]);
        break;
      case 'user':
        append('user', convertContent(message.content));
        break;
      case 'assistant': {
        const blocks = [...thinkingBlocks(message.reasoning_details), ...convertContent(message.content)];
        for (const call of message.tool_calls ?? []) blocks.push({ type: 'tool_use', id: call.id, name: call.function.name, input: parseArguments(call.function.arguments) });
        append('assistant', blocks);
        break;
      }
      case 'tool': {
        const content = typeof message.content === 'string' ? message.content : convertContent(message.content);
        append('user', [{ type: 'tool_result', tool_use_id: message.tool_call_id, content }]);
        break;
      }
    }
  }
  return { system: system.length > 0 ? system : undefined, messages: turns.filter((turn) => turn.content.length > 0) };
}

function convertToolChoice(choice: ToolChoice | undefined, parallel: boolean | undefined): AnthropicToolChoice | undefined {
  const disable = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return parallel === false ? { type: 'auto', ...disable } : undefined;
  if (choice === 'auto') return { type: 'auto', ...disable };
  if (choice === 'required') return { type: 'any', ...disable };
  if (choice === 'none') return { type: 'none' };
  return { type: 'tool', name: choice.function.name, ...disable };
}

/**
 * Internal request → Anthropic Messages body. OpenRouter's `reasoning` becomes `thinking` with a
 * token budget (max_tokens, or a share of max_tokens by effort; at least 1,024), and sampling
 * parameters thinking does not allow are left out; `stop` becomes stop_sequences; `user` becomes
 * metadata.user_id; temperature is clamped to Anthropic's 0–1.
 */
export function convertToAnthropicRequest(request: GenerationRequest, endpoint: ProviderEndpoint, stream: boolean): AnthropicRequest {
  const { system, messages } = convertToAnthropicMessages(request.messages);
  let maxTokens = request.maxTokens ?? Math.min(endpoint.maxCompletionTokens ?? defaultMaxTokens, 64_000);
  const body: AnthropicRequest = { model: endpoint.upstreamModel, max_tokens: maxTokens, messages };
  if (system) body.system = system;
  if (request.tools?.length) {
    body.tools = request.tools.map((tool) => ({
      name: tool.function.name,
      ...(tool.function.description ? { description: tool.function.description } : {}),
      input_schema: tool.function.parameters ?? { type: 'object', properties: {} },
    }));
    const choice = convertToolChoice(request.toolChoice, request.parallelToolCalls);
    if (choice) body.tool_choice = choice;
  }
  const reasoning = request.reasoning;
  const thinking =
    reasoning &&
    reasoning.enabled !== false &&
    reasoning.effort !== 'none' &&
    (reasoning.enabled === true || reasoning.effort !== undefined || reasoning.max_tokens !== undefined) &&
    endpoint.model.switchboard.reasoning;
  if (thinking) {
    const budget = Math.max(minimumThinkingBudget, reasoning.max_tokens ?? Math.floor(maxTokens * (effortShare[reasoning.effort ?? 'medium'] ?? 0.5)));
    if (maxTokens <= budget) maxTokens = budget + Math.min(defaultMaxTokens, request.maxTokens ?? defaultMaxTokens);
    body.max_tokens = maxTokens;
    body.thinking = { type: 'enabled', budget_tokens: budget };
  }
  const parameters = request.parameters;
  if (!thinking) {
    if (typeof parameters.temperature === 'number') body.temperature = Math.min(1, parameters.temperature);
    if (typeof parameters.top_p === 'number') body.top_p = parameters.top_p;
    if (typeof parameters.top_k === 'number') body.top_k = parameters.top_k;
  }
  if (typeof parameters.stop === 'string') body.stop_sequences = [parameters.stop];
  else if (Array.isArray(parameters.stop)) body.stop_sequences = parameters.stop as string[];
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  if (stream) body.stream = true;
  return body;
}
