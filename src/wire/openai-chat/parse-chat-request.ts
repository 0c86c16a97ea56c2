import type { ChatMessage, ContentPart, ResponseFormat, ToolCall, ToolChoice, ToolDefinition } from '../../spec/chat-message.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import { expectArray, expectBoolean, expectEnum, expectModelId, expectNumber, expectObject, expectString, expectStringArray, invalid, isObject } from '../request-validation.js';
import { parseProviderPreferences, parseReasoning, toolNamePattern } from '../openrouter-extras.js';

const roles = ['system', 'developer', 'user', 'assistant', 'tool'] as const;

/** Fields the gateway consumes itself; everything else unknown is passed through to providers. */
const gatewayFields = new Set([
  'model',
  'models',
  'messages',
  'prompt',
  'stream',
  'max_tokens',
  'max_completion_tokens',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'reasoning',
  'reasoning_effort',
  'include_reasoning',
  'provider',
  'route',
  'transforms',
  'plugins',
  'usage',
  'stream_options',
  'user',
  'session_id',
  'metadata',
  'trace',
  'debug',
  'n',
]);

const numericRanges: Record<string, { min?: number; max?: number; integer?: boolean }> = {
  temperature: { min: 0, max: 2 },
  top_p: { min: 0, max: 1 },
  top_k: { min: 0, integer: true },
  min_p: { min: 0, max: 1 },
  top_a: { min: 0, max: 1 },
  frequency_penalty: { min: -2, max: 2 },
  presence_penalty: { min: -2, max: 2 },
  repetition_penalty: { min: 0, max: 2 },
  seed: { integer: true },
  top_logprobs: { min: 0, max: 20, integer: true },
  min_tokens: { min: 0, integer: true },
};

function parseContentPart(value: unknown, path: string): ContentPart {
  const part = expectObject(value, path);
  const type = expectString(part.type, `${path}.type`, { nonEmpty: true });
  if (type === 'text') expectString(part.text, `${path}.text`);
  if (type === 'image_url') expectString(expectObject(part.image_url, `${path}.image_url`).url, `${path}.image_url.url`, { nonEmpty: true });
  if (part.cache_control !== undefined) expectEnum(expectObject(part.cache_control, `${path}.cache_control`).type, `${path}.cache_control.type`, ['ephemeral']);
  return part as ContentPart;
}

function parseContent(value: unknown, path: string, nullable: boolean): string | ContentPart[] | null {
  if (value === null || value === undefined) {
    if (nullable) return null;
    throw invalid(path, 'is required');
  }
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((part, index) => parseContentPart(part, `${path}[${index}]`));
  throw invalid(path, `expected a string or an array of content parts, got ${value === null ? 'null' : typeof value}`);
}

function parseToolCalls(value: unknown, path: string): ToolCall[] {
  return expectArray(value, path).map((item, index) => {
    const call = expectObject(item, `${path}[${index}]`);
    const fn = expectObject(call.function, `${path}[${index}].function`);
    return {
      id: expectString(call.id, `${path}[${index}].id`, { nonEmpty: true }),
      type: 'function',
      function: { name: expectString(fn.name, `${path}[${index}].function.name`, { nonEmpty: true }), arguments: expectString(fn.arguments, `${path}[${index}].function.arguments`) },
    };
  });
}

function parseMessage(value: unknown, path: string): ChatMessage {
  const message = expectObject(value, path);
  const role = expectEnum(message.role, `${path}.role`, roles);
  const name = message.name === undefined ? undefined : expectString(message.name, `${path}.name`);
  const named = name === undefined ? {} : { name };
  switch (role) {
    case 'assistant': {
      const toolCalls = message.tool_calls === undefined || message.tool_calls === null ? undefined : parseToolCalls(message.tool_calls, `${path}.tool_calls`);
      const content = parseContent(message.content, `${path}.content`, true);
      const result: ChatMessage = { role, content, ...named };
      if (toolCalls?.length) result.tool_calls = toolCalls;
      const reasoning = message.reasoning ?? message.reasoning_content;
      if (typeof reasoning === 'string') result.reasoning = reasoning;
      if (message.reasoning_details !== undefined) result.reasoning_details = expectArray(message.reasoning_details, `${path}.reasoning_details`) as never;
      return result;
    }
    case 'tool':
      return {
        role,
        content: parseContent(message.content, `${path}.content`, false) ?? '',
        tool_call_id: expectString(message.tool_call_id, `${path}.tool_call_id`, { nonEmpty: true }),
        ...named,
      };
    default: {
      const content = parseContent(message.content, `${path}.content`, false)!;
      const result = { role, content, ...named } as ChatMessage;
      if (message.cache_control !== undefined) (result as unknown as Record<string, unknown>).cache_control = message.cache_control;
      return result;
    }
  }
}

function parseTools(value: unknown): ToolDefinition[] {
  return expectArray(value, 'tools').map((item, index) => {
    const path = `tools[${index}]`;
    const tool = expectObject(item, path);
    expectEnum(tool.type, `${path}.type`, ['function']);
    const fn = expectObject(tool.function, `${path}.function`);
    const name = expectString(fn.name, `${path}.function.name`, { nonEmpty: true });
    if (!toolNamePattern.test(name)) throw invalid(`${path}.function.name`, 'must be 1-64 letters, digits, underscores, dots or dashes');
    const definition: ToolDefinition = { type: 'function', function: { name } };
    if (fn.description !== undefined) definition.function.description = expectString(fn.description, `${path}.function.description`);
    if (fn.parameters !== undefined) definition.function.parameters = expectObject(fn.parameters, `${path}.function.parameters`);
    if (fn.strict !== undefined && fn.strict !== null) definition.function.strict = expectBoolean(fn.strict, `${path}.function.strict`);
    return definition;
  });
}

function parseToolChoice(value: unknown, tools: ToolDefinition[] | undefined): ToolChoice {
  if (typeof value === 'string') return expectEnum(value, 'tool_choice', ['none', 'auto', 'required'] as const);
  const choice = expectObject(value, 'tool_choice');
  expectEnum(choice.type, 'tool_choice.type', ['function']);
  const name = expectString(expectObject(choice.function, 'tool_choice.function').name, 'tool_choice.function.name', { nonEmpty: true });
  if (!tools?.some((tool) => tool.function.name === name)) throw invalid('tool_choice.function.name', `names no tool in tools: "${name}"`);
  return { type: 'function', function: { name } };
}

function parseResponseFormat(value: unknown): ResponseFormat {
  const format = expectObject(value, 'response_format');
  const type = expectEnum(format.type, 'response_format.type', ['text', 'json_object', 'json_schema']);
  if (type !== 'json_schema') return { type };
  const schema = expectObject(format.json_schema, 'response_format.json_schema');
  const result: ResponseFormat = { type, json_schema: { name: expectString(schema.name, 'response_format.json_schema.name', { nonEmpty: true }) } };
  if (schema.schema !== undefined) result.json_schema.schema = expectObject(schema.schema, 'response_format.json_schema.schema');
  if (schema.strict !== undefined && schema.strict !== null) result.json_schema.strict = expectBoolean(schema.strict, 'response_format.json_schema.strict');
  return result;
}

/**
 * Validates an OpenAI Chat Completions request with OpenRouter's extras and converts it into the
 * internal request. Every problem is a 400 naming the field.
 */
export function parseChatRequest(value: unknown): GenerationRequest {
  if (!isObject(value)) throw invalid('body', 'expected a JSON object');
  const body = value;

  const models = body.models === undefined || body.models === null ? undefined : expectStringArray(body.models, 'models', 16).map((item, index) => expectModelId(item, `models[${index}]`));
  let model: string;
  if (body.model === undefined || body.model === null) {
    if (!models?.length) throw invalid('model', 'is required');
    model = models[0]!;
  } else {
    model = expectModelId(body.model, 'model');
  }

  let messages: ChatMessage[];
  if (body.messages !== undefined && body.messages !== null) {
    const list = expectArray(body.messages, 'messages');
    if (list.length === 0) throw invalid('messages', 'must contain at least one message');
    messages = list.map((message, index) => parseMessage(message, `messages[${index}]`));
  } else if (body.prompt !== undefined && body.prompt !== null) {
    messages = [{ role: 'user', content: expectString(body.prompt, 'prompt', { nonEmpty: true }) }];
  } else {
    throw invalid('messages', 'is required (or a prompt)');
  }

  const request: GenerationRequest = { model, messages, stream: false, parameters: {} };
  if (models) request.models = models;
  if (body.stream !== undefined && body.stream !== null) request.stream = expectBoolean(body.stream, 'stream');
  if (body.n !== undefined && body.n !== null && expectNumber(body.n, 'n', { integer: true, min: 1 }) !== 1) throw invalid('n', 'only 1 choice per request is supported');

  const maxCompletion = body.max_completion_tokens ?? undefined;
  const maxTokens = maxCompletion ?? body.max_tokens ?? undefined;
  if (maxTokens !== undefined && maxTokens !== null) {
    request.maxTokens = expectNumber(maxTokens, maxCompletion !== undefined ? 'max_completion_tokens' : 'max_tokens', { integer: true, min: 1 });
    if (maxCompletion !== undefined) request.parameters.max_completion_tokens = request.maxTokens;
  }

  if (body.tools !== undefined && body.tools !== null) {
    const tools = parseTools(body.tools);
    if (tools.length > 0) request.tools = tools;
  }
  if (body.tool_choice !== undefined && body.tool_choice !== null) request.toolChoice = parseToolChoice(body.tool_choice, request.tools);
  if (body.parallel_tool_calls !== undefined && body.parallel_tool_calls !== null) request.parallelToolCalls = expectBoolean(body.parallel_tool_calls, 'parallel_tool_calls');
  if (body.response_format !== undefined && body.response_format !== null) request.responseFormat = parseResponseFormat(body.response_format);
  const reasoning = parseReasoning(body);
  if (reasoning) request.reasoning = reasoning;
  if (body.provider !== undefined && body.provider !== null) request.provider = parseProviderPreferences(body.provider);
  if (body.user !== undefined && body.user !== null) request.user = expectString(body.user, 'user', { maxLength: 256 });
  if (body.session_id !== undefined && body.session_id !== null) request.sessionId = expectString(body.session_id, 'session_id', { maxLength: 256 });

  for (const [name, parameter] of Object.entries(body)) {
    if (gatewayFields.has(name) || parameter === undefined || parameter === null) continue;
    const range = numericRanges[name];
    if (range) expectNumber(parameter, name, range);
    if (name === 'stop' && typeof parameter !== 'string') {
      const stops = expectStringArray(parameter, 'stop');
      if (stops.length > 4) throw invalid('stop', 'at most 4 stop sequences');
    }
    if (name === 'logit_bias') expectObject(parameter, 'logit_bias');
    if (name === 'logprobs') expectBoolean(parameter, 'logprobs');
    request.parameters[name] = parameter;
  }
  return request;
}
