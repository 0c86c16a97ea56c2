import type { ChatMessage, ContentPart, ReasoningDetail, ToolCall, ToolChoice, ToolDefinition } from '../../spec/chat-message.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import { parseProviderPreferences, parseReasoning, toolNamePattern } from '../openrouter-extras.js';
import { expectArray, expectBoolean, expectEnum, expectModelId, expectNumber, expectObject, expectString, expectStringArray, invalid, isObject } from '../request-validation.js';

/** The reasoning-detail format of Claude's thinking blocks (as OpenRouter names it). */
const anthropicFormat = 'anthropic-claude-v1';

function cacheControl(block: Record<string, unknown>, path: string): { cache_control?: { type: 'ephemeral'; ttl?: '5m' | '1h' } } {
  if (block.cache_control === undefined || block.cache_control === null) return {};
  const control = expectObject(block.cache_control, `${path}.cache_control`);
  expectEnum(control.type, `${path}.cache_control.type`, ['ephemeral']);
  const ttl = control.ttl === undefined ? undefined : expectEnum(control.ttl, `${path}.cache_control.ttl`, ['5m', '1h'] as const);
  return { cache_control: { type: 'ephemeral', ...(ttl ? { ttl } : {}) } };
}

function source(block: Record<string, unknown>, path: string): string {
  const value = expectObject(block.source, `${path}.source`);
  const type = expectEnum(value.type, `${path}.source.type`, ['base64', 'url']);
  if (type === 'url') return expectString(value.url, `${path}.source.url`, { nonEmpty: true });
  return `data:${expectString(value.media_type, `${path}.source.media_type`, { nonEmpty: true })};base64,${expectString(value.data, `${path}.source.data`)}`;
}

/** A user block that is content (not a tool result) → a content part. */
function contentPart(block: Record<string, unknown>, path: string): ContentPart {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: expectString(block.text, `${path}.text`), ...cacheControl(block, path) };
    case 'image':
      return { type: 'image_url', image_url: { url: source(block, path) } };
    case 'document': {
      const value = expectObject(block.source, `${path}.source`);
      if (value.type === 'text') return { type: 'text', text: expectString(value.data, `${path}.source.data`) };
      return { type: 'file', file: { file_data: source(block, path), ...(typeof block.title === 'string' ? { filename: block.title } : {}) } };
    }
    default:
      throw invalid(`${path}.type`, `content block type ${JSON.stringify(block.type)} is not supported here`);
  }
}

function toolResultContent(value: unknown, path: string): string | ContentPart[] {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return expectArray(value, path).map((item, index) => contentPart(expectObject(item, `${path}[${index}]`), `${path}[${index}]`));
}

function parseMessages(value: unknown): ChatMessage[] {
  const list = expectArray(value, 'messages');
  if (list.length === 0) throw invalid('messages', 'must contain at least one message');
  const messages: ChatMessage[] = [];
  for (const [index, item] of list.entries()) {
    const path = `messages[${index}]`;
    const message = expectObject(item, path);
    const role = expectEnum(message.role, `${path}.role`, ['user', 'assistant'] as const);
    const blocks = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : expectArray(message.content, `${path}.content`);
    if (role === 'user') {
      const parts: ContentPart[] = [];
      for (const [blockIndex, entry] of blocks.entries()) {
        const blockPath = `${path}.content[${blockIndex}]`;
        const block = expectObject(entry, blockPath);
        if (block.type === 'tool_result') {
          const text = toolResultContent(block.content, `${blockPath}.content`);
          const isError = block.is_error === undefined ? false : expectBoolean(block.is_error, `${blockPath}.is_error`);
          const content = isError && typeof text === 'string' ? `Error: ${text}` : text;
          messages.push({ role: 'tool', tool_call_id: expectString(block.tool_use_id, `${blockPath}.tool_use_id`, { nonEmpty: true }), content });
        } else parts.push(contentPart(block, blockPath));
      }
      if (parts.length > 0) messages.push({ role: 'user', content: parts.length === 1 && parts[0]!.type === 'text' && !('cache_control' in parts[0]!) ? String(parts[0]!.text) : parts });
      continue;
    }
    let text = '';
    let hasText = false;
    let reasoning = '';
    const details: ReasoningDetail[] = [];
    const toolCalls: ToolCall[] = [];
    for (const [blockIndex, entry] of blocks.entries()) {
      const blockPath = `${path}.content[${blockIndex}]`;
      const block = expectObject(entry, blockPath);
      switch (block.type) {
        case 'text':
          text += expectString(block.text, `${blockPath}.text`);
          hasText = true;
          break;
        case 'thinking': {
          const thinking = expectString(block.thinking, `${blockPath}.thinking`);
          reasoning += thinking;
          const signature = block.signature === undefined || block.signature === '' ? null : expectString(block.signature, `${blockPath}.signature`);
          details.push({ type: 'reasoning.text', text: thinking, ...(signature ? { signature } : {}), format: anthropicFormat, index: blockIndex });
          break;
        }
        case 'redacted_thinking':
          details.push({ type: 'reasoning.encrypted', data: expectString(block.data, `${blockPath}.data`), format: anthropicFormat, index: blockIndex });
          break;
        case 'tool_use':
          toolCalls.push({
            id: expectString(block.id, `${blockPath}.id`, { nonEmpty: true }),
            type: 'function',
            function: {
              name: expectString(block.name, `${blockPath}.name`, { nonEmpty: true }),
              arguments: JSON.stringify(block.input === undefined ? {} : expectObject(block.input, `${blockPath}.input`)),
            },
          });
          break;
        default:
          throw invalid(`${blockPath}.type`, `content block type ${JSON.stringify(block.type)} is not supported in an assistant turn`);
      }
    }
    messages.push({
      role: 'assistant',
      content: hasText ? text : null,
      ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
      ...(reasoning ? { reasoning } : {}),
      ...(details.length ? { reasoning_details: details } : {}),
    });
  }
  return messages;
}

function parseSystem(value: unknown): ChatMessage | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value === '' ? null : { role: 'system', content: value };
  const parts = expectArray(value, 'system').map((item, index) => {
    const block = expectObject(item, `system[${index}]`);
    expectEnum(block.type, `system[${index}].type`, ['text']);
    return { type: 'text' as const, text: expectString(block.text, `system[${index}].text`), ...cacheControl(block, `system[${index}]`) };
  });
  return { role: 'system', content: parts };
}

function parseTools(value: unknown): ToolDefinition[] {
  return expectArray(value, 'tools').map((item, index) => {
    const path = `tools[${index}]`;
    const tool = expectObject(item, path);
    if (tool.type !== undefined && tool.type !== 'custom') throw invalid(`${path}.type`, `server tools (${JSON.stringify(tool.type)}) are not supported; give client tools with name and input_schema`);
    const name = expectString(tool.name, `${path}.name`, { nonEmpty: true });
    if (!toolNamePattern.test(name)) throw invalid(`${path}.name`, 'must be 1-64 letters, digits, underscores, dots or dashes');
    return {
      type: 'function',
      function: {
        name,
        ...(tool.description !== undefined ? { description: expectString(tool.description, `${path}.description`) } : {}),
        parameters: expectObject(tool.input_schema, `${path}.input_schema`),
      },
    };
  });
}

function parseToolChoice(value: unknown, tools: ToolDefinition[] | undefined): { choice: ToolChoice; parallel?: boolean } {
  const choice = expectObject(value, 'tool_choice');
  const type = expectEnum(choice.type, 'tool_choice.type', ['auto', 'any', 'tool', 'none'] as const);
  const parallel = choice.disable_parallel_tool_use === undefined ? {} : { parallel: !expectBoolean(choice.disable_parallel_tool_use, 'tool_choice.disable_parallel_tool_use') };
  if (type === 'auto') return { choice: 'auto', ...parallel };
  if (type === 'any') return { choice: 'required', ...parallel };
  if (type === 'none') return { choice: 'none' };
  const name = expectString(choice.name, 'tool_choice.name', { nonEmpty: true });
  if (!tools?.some((tool) => tool.function.name === name)) throw invalid('tool_choice.name', `names no tool in tools: "${name}"`);
  return { choice: { type: 'function', function: { name } }, ...parallel };
}

/**
 * Validates an Anthropic Messages request (with OpenRouter's `models`, `provider` and `reasoning`
 * extras) and converts it into the internal request: system blocks, user blocks (text, images,
 * documents; tool_result blocks become tool messages), assistant blocks (thinking with signatures
 * becomes reasoning details, tool_use becomes tool calls), tools and tool_choice, `thinking` as
 * OpenRouter's reasoning, stop_sequences, metadata.user_id. Every problem is a 400 naming the field.
 */
export function parseMessagesRequest(value: unknown): GenerationRequest {
  if (!isObject(value)) throw invalid('body', 'expected a JSON object');
  const body = value;
  const models = body.models === undefined || body.models === null ? undefined : expectStringArray(body.models, 'models', 16).map((item, index) => expectModelId(item, `models[${index}]`));
  const model = body.model === undefined && models?.length ? models[0]! : expectModelId(body.model, 'model');
  const system = parseSystem(body.system);
  const messages = parseMessages(body.messages);
  const request: GenerationRequest = { model, messages: system ? [system, ...messages] : messages, stream: false, parameters: {} };
  if (models) request.models = models;
  if (body.stream !== undefined && body.stream !== null) request.stream = expectBoolean(body.stream, 'stream');
  if (body.max_tokens !== undefined && body.max_tokens !== null) request.maxTokens = expectNumber(body.max_tokens, 'max_tokens', { integer: true, min: 1 });
  if (body.tools !== undefined && body.tools !== null) {
    const tools = parseTools(body.tools);
    if (tools.length > 0) request.tools = tools;
  }
  if (body.tool_choice !== undefined && body.tool_choice !== null) {
    const { choice, parallel } = parseToolChoice(body.tool_choice, request.tools);
    request.toolChoice = choice;
    if (parallel !== undefined) request.parallelToolCalls = parallel;
  }
  if (body.thinking !== undefined && body.thinking !== null) {
    const thinking = expectObject(body.thinking, 'thinking');
    const type = expectEnum(thinking.type, 'thinking.type', ['enabled', 'disabled', 'adaptive'] as const);
    if (type === 'disabled') request.reasoning = { enabled: false };
    else if (type === 'adaptive') request.reasoning = { enabled: true };
    else request.reasoning = { max_tokens: expectNumber(thinking.budget_tokens, 'thinking.budget_tokens', { integer: true, min: 1 }) };
  }
  const reasoning = parseReasoning(body);
  if (reasoning) request.reasoning = { ...request.reasoning, ...reasoning };
  if (body.stop_sequences !== undefined && body.stop_sequences !== null) request.parameters.stop = expectStringArray(body.stop_sequences, 'stop_sequences');
  if (body.temperature !== undefined && body.temperature !== null) request.parameters.temperature = expectNumber(body.temperature, 'temperature', { min: 0, max: 1 });
  if (body.top_p !== undefined && body.top_p !== null) request.parameters.top_p = expectNumber(body.top_p, 'top_p', { min: 0, max: 1 });
  if (body.top_k !== undefined && body.top_k !== null) request.parameters.top_k = expectNumber(body.top_k, 'top_k', { min: 0, integer: true });
  if (body.metadata !== undefined && body.metadata !== null) {
    const metadata = expectObject(body.metadata, 'metadata');
    if (metadata.user_id !== undefined && metadata.user_id !== null) request.user = expectString(metadata.user_id, 'metadata.user_id', { maxLength: 256 });
  }
  if (body.provider !== undefined && body.provider !== null) request.provider = parseProviderPreferences(body.provider);
  if (body.session_id !== undefined && body.session_id !== null) request.sessionId = expectString(body.session_id, 'session_id', { maxLength: 256 });
  return request;
}
