import type { ChatMessage, ContentPart, ReasoningDetail, ResponseFormat, ToolChoice, ToolDefinition } from '../../spec/chat-message.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import { efforts, parseProviderPreferences, toolNamePattern } from '../openrouter-extras.js';
import { expectArray, expectBoolean, expectEnum, expectModelId, expectNumber, expectObject, expectString, expectStringArray, invalid, isObject } from '../request-validation.js';

const responsesFormat = 'openai-responses-v1';

function inputContent(value: unknown, path: string): string | ContentPart[] {
  if (typeof value === 'string') return value;
  return expectArray(value, path).map((item, index) => {
    const partPath = `${path}[${index}]`;
    const part = expectObject(item, partPath);
    switch (part.type) {
      case 'input_text':
      case 'output_text':
        return { type: 'text', text: expectString(part.text, `${partPath}.text`) };
      case 'input_image': {
        const url = expectString(part.image_url, `${partPath}.image_url`, { nonEmpty: true });
        return { type: 'image_url', image_url: { url, ...(typeof part.detail === 'string' ? { detail: part.detail } : {}) } };
      }
      case 'input_file':
        return {
          type: 'file',
          file: {
            ...(typeof part.file_data === 'string' ? { file_data: part.file_data } : {}),
            ...(typeof part.filename === 'string' ? { filename: part.filename } : {}),
            ...(typeof part.file_id === 'string' ? { file_id: part.file_id } : {}),
          },
        };
      default:
        throw invalid(`${partPath}.type`, `content type ${JSON.stringify(part.type)} is not supported`);
    }
  });
}

function text(content: string | ContentPart[]): string {
  return typeof content === 'string' ? content : content.map((part) => (part.type === 'text' ? String(part.text) : '')).join('');
}

/**
 * Input items → chat messages: messages by role; function_call items (and the reasoning items
 * before them) join into one assistant turn; function_call_output items become tool messages.
 */
function parseInput(value: unknown, instructions: string | undefined): ChatMessage[] {
  const messages: ChatMessage[] = instructions ? [{ role: 'system', content: instructions }] : [];
  if (typeof value === 'string') {
    messages.push({ role: 'user', content: value });
    return messages;
  }
  const items = expectArray(value, 'input');
  let pendingReasoning: ReasoningDetail[] = [];
  const assistant = (): Extract<ChatMessage, { role: 'assistant' }> => {
    const last = messages.at(-1);
    if (last?.role === 'assistant') return last;
    const created: Extract<ChatMessage, { role: 'assistant' }> = { role: 'assistant', content: null };
    messages.push(created);
    return created;
  };
  const takeReasoning = (message: Extract<ChatMessage, { role: 'assistant' }>) => {
    if (pendingReasoning.length === 0) return;
    message.reasoning_details = [...(message.reasoning_details ?? []), ...pendingReasoning];
    const summary = pendingReasoning.map((detail) => detail.summary ?? '').join('');
    if (summary) message.reasoning = (message.reasoning ?? '') + summary;
    pendingReasoning = [];
  };
  for (const [index, entry] of items.entries()) {
    const path = `input[${index}]`;
    const item = expectObject(entry, path);
    const type = item.type ?? 'message';
    switch (type) {
      case 'message': {
        const role = expectEnum(item.role, `${path}.role`, ['user', 'assistant', 'system', 'developer'] as const);
        const content = inputContent(item.content, `${path}.content`);
        if (role === 'assistant') {
          const message: Extract<ChatMessage, { role: 'assistant' }> = { role: 'assistant', content: text(content) };
          takeReasoning(message);
          messages.push(message);
        } else messages.push({ role, content } as ChatMessage);
        break;
      }
      case 'function_call': {
        const message = assistant();
        takeReasoning(message);
        message.tool_calls = [
          ...(message.tool_calls ?? []),
          {
            id: expectString(item.call_id, `${path}.call_id`, { nonEmpty: true }),
            type: 'function',
            function: { name: expectString(item.name, `${path}.name`, { nonEmpty: true }), arguments: expectString(item.arguments, `${path}.arguments`) },
          },
        ];
        break;
      }
      case 'function_call_output': {
        const output = typeof item.output === 'string' ? item.output : JSON.stringify(item.output);
        messages.push({ role: 'tool', tool_call_id: expectString(item.call_id, `${path}.call_id`, { nonEmpty: true }), content: output });
        break;
      }
      case 'reasoning': {
        const id = expectString(item.id, `${path}.id`, { nonEmpty: true });
        const summaries = item.summary === undefined ? [] : expectArray(item.summary, `${path}.summary`);
        for (const [summaryIndex, summary] of summaries.entries()) {
          pendingReasoning.push({
            type: 'reasoning.summary',
            summary: expectString(expectObject(summary, `${path}.summary[${summaryIndex}]`).text, `${path}.summary[${summaryIndex}].text`),
            id,
            format: responsesFormat,
            index,
          });
        }
        if (typeof item.encrypted_content === 'string') pendingReasoning.push({ type: 'reasoning.encrypted', data: item.encrypted_content, id, format: responsesFormat, index });
        break;
      }
      default:
        throw invalid(`${path}.type`, `item type ${JSON.stringify(type)} is not supported`);
    }
  }
  return messages;
}

function parseTools(value: unknown): ToolDefinition[] {
  return expectArray(value, 'tools').map((item, index) => {
    const path = `tools[${index}]`;
    const tool = expectObject(item, path);
    if (tool.type !== 'function') throw invalid(`${path}.type`, `only function tools are supported, got ${JSON.stringify(tool.type)}`);
    const name = expectString(tool.name, `${path}.name`, { nonEmpty: true });
    if (!toolNamePattern.test(name)) throw invalid(`${path}.name`, 'must be 1-64 letters, digits, underscores, dots or dashes');
    const definition: ToolDefinition = { type: 'function', function: { name } };
    if (tool.description !== undefined && tool.description !== null) definition.function.description = expectString(tool.description, `${path}.description`);
    if (tool.parameters !== undefined && tool.parameters !== null) definition.function.parameters = expectObject(tool.parameters, `${path}.parameters`);
    if (tool.strict !== undefined && tool.strict !== null) definition.function.strict = expectBoolean(tool.strict, `${path}.strict`);
    return definition;
  });
}

function parseToolChoice(value: unknown, tools: ToolDefinition[] | undefined): ToolChoice {
  if (typeof value === 'string') return expectEnum(value, 'tool_choice', ['none', 'auto', 'required'] as const);
  const choice = expectObject(value, 'tool_choice');
  expectEnum(choice.type, 'tool_choice.type', ['function']);
  const name = expectString(choice.name, 'tool_choice.name', { nonEmpty: true });
  if (!tools?.some((tool) => tool.function.name === name)) throw invalid('tool_choice.name', `names no tool in tools: "${name}"`);
  return { type: 'function', function: { name } };
}

function parseTextFormat(value: unknown): ResponseFormat | undefined {
  const textOptions = expectObject(value, 'text');
  if (textOptions.format === undefined || textOptions.format === null) return undefined;
  const format = expectObject(textOptions.format, 'text.format');
  const type = expectEnum(format.type, 'text.format.type', ['text', 'json_object', 'json_schema'] as const);
  if (type !== 'json_schema') return { type };
  return {
    type,
    json_schema: {
      name: expectString(format.name, 'text.format.name', { nonEmpty: true }),
      ...(format.schema !== undefined ? { schema: expectObject(format.schema, 'text.format.schema') } : {}),
      ...(format.strict !== undefined && format.strict !== null ? { strict: expectBoolean(format.strict, 'text.format.strict') } : {}),
    },
  };
}

/**
 * Validates a Responses API request and converts it into the internal request. Switchboard's
 * Responses endpoint is stateless (as OpenRouter's): the whole conversation comes in `input`, and
 * `previous_response_id` is refused with a 400 saying so.
 */
export function parseResponsesRequest(value: unknown): GenerationRequest {
  if (!isObject(value)) throw invalid('body', 'expected a JSON object');
  const body = value;
  if (body.previous_response_id !== undefined && body.previous_response_id !== null) {
    throw invalid('previous_response_id', 'this endpoint is stateless: send the whole conversation in input (with reasoning items and encrypted_content)');
  }
  const models = body.models === undefined || body.models === null ? undefined : expectStringArray(body.models, 'models', 16).map((item, index) => expectModelId(item, `models[${index}]`));
  const model = body.model === undefined && models?.length ? models[0]! : expectModelId(body.model, 'model');
  if (body.input === undefined || body.input === null) throw invalid('input', 'is required');
  const instructions = body.instructions === undefined || body.instructions === null ? undefined : expectString(body.instructions, 'instructions');
  const request: GenerationRequest = { model, messages: parseInput(body.input, instructions), stream: false, parameters: {} };
  if (request.messages.length === 0) throw invalid('input', 'must contain at least one item');
  if (models) request.models = models;
  if (body.stream !== undefined && body.stream !== null) request.stream = expectBoolean(body.stream, 'stream');
  if (body.max_output_tokens !== undefined && body.max_output_tokens !== null) request.maxTokens = expectNumber(body.max_output_tokens, 'max_output_tokens', { integer: true, min: 1 });
  if (body.tools !== undefined && body.tools !== null) {
    const tools = parseTools(body.tools);
    if (tools.length > 0) request.tools = tools;
  }
  if (body.tool_choice !== undefined && body.tool_choice !== null) request.toolChoice = parseToolChoice(body.tool_choice, request.tools);
  if (body.parallel_tool_calls !== undefined && body.parallel_tool_calls !== null) request.parallelToolCalls = expectBoolean(body.parallel_tool_calls, 'parallel_tool_calls');
  if (body.text !== undefined && body.text !== null) {
    const format = parseTextFormat(body.text);
    if (format && format.type !== 'text') request.responseFormat = format;
  }
  if (body.reasoning !== undefined && body.reasoning !== null) {
    const reasoning = expectObject(body.reasoning, 'reasoning');
    request.reasoning = {};
    if (reasoning.effort !== undefined && reasoning.effort !== null) request.reasoning.effort = expectEnum(reasoning.effort, 'reasoning.effort', efforts);
    if (reasoning.max_tokens !== undefined) request.reasoning.max_tokens = expectNumber(reasoning.max_tokens, 'reasoning.max_tokens', { integer: true, min: 0 });
    if (reasoning.enabled !== undefined) request.reasoning.enabled = expectBoolean(reasoning.enabled, 'reasoning.enabled');
    if (reasoning.exclude !== undefined) request.reasoning.exclude = expectBoolean(reasoning.exclude, 'reasoning.exclude');
  }
  if (body.temperature !== undefined && body.temperature !== null) request.parameters.temperature = expectNumber(body.temperature, 'temperature', { min: 0, max: 2 });
  if (body.top_p !== undefined && body.top_p !== null) request.parameters.top_p = expectNumber(body.top_p, 'top_p', { min: 0, max: 1 });
  // Log probabilities: `include: ["message.output_text.logprobs"]`, and `top_logprobs` alternatives per token.
  if (body.include !== undefined && body.include !== null && expectStringArray(body.include, 'include', 20).includes('message.output_text.logprobs')) request.parameters.logprobs = true;
  if (body.top_logprobs !== undefined && body.top_logprobs !== null) {
    request.parameters.top_logprobs = expectNumber(body.top_logprobs, 'top_logprobs', { integer: true, min: 0, max: 20 });
    request.parameters.logprobs = true;
  }
  const user = body.user ?? body.safety_identifier;
  if (user !== undefined && user !== null) request.user = expectString(user, body.user !== undefined ? 'user' : 'safety_identifier', { maxLength: 256 });
  if (body.provider !== undefined && body.provider !== null) request.provider = parseProviderPreferences(body.provider);
  if (body.session_id !== undefined && body.session_id !== null) request.sessionId = expectString(body.session_id, 'session_id', { maxLength: 256 });
  return request;
}
