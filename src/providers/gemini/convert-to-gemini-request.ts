import type { ChatMessage, ContentPart, ToolCall } from '../../spec/chat-message.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import type { ProviderEndpoint } from '../provider.js';
import { geminiReasoningFormat, type GeminiContent, type GeminiPart, type GeminiRequest } from './gemini-api.js';

const effortShare: Record<string, number> = { max: 0.95, xhigh: 0.95, high: 0.8, medium: 0.5, low: 0.2, minimal: 0.1 };

function dataUrl(url: string): { mimeType: string; data: string } | null {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return match ? { mimeType: match[1]!, data: match[2]! } : null;
}

function convertParts(content: string | ContentPart[] | null): GeminiPart[] {
  if (content === null) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  const parts: GeminiPart[] = [];
  for (const part of content) {
    if (part.type === 'text' && typeof part.text === 'string') parts.push({ text: part.text });
    else if (part.type === 'image_url') {
      const url = (part as { image_url: { url: string } }).image_url.url;
      const inline = dataUrl(url);
      parts.push(inline ? { inlineData: inline } : { fileData: { fileUri: url } });
    } else if (part.type === 'file') {
      const file = (part as { file: { file_data?: string } }).file;
      const inline = file.file_data ? dataUrl(file.file_data) : null;
      if (inline) parts.push({ inlineData: inline });
    } else if (part.type === 'input_audio') {
      const audio = (part as { input_audio: { data: string; format: string } }).input_audio;
      parts.push({ inlineData: { mimeType: `audio/${audio.format}`, data: audio.data } });
    }
  }
  return parts;
}

function parseArguments(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text || '{}') as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { arguments: text };
  }
}

/** A tool message's content as a functionResponse's `response` object. */
function toolResponse(content: string | ContentPart[]): Record<string, unknown> {
  const text = typeof content === 'string' ? content : content.map((part) => (part.type === 'text' ? String(part.text) : '')).join('');
  try {
    const value = JSON.parse(text) as unknown;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // not JSON: wrap the text
  }
  return { content: text };
}

/** Chat messages → Gemini contents (user / model turns), system instruction apart; tool results as functionResponse parts. */
export function convertToGeminiContents(messages: readonly ChatMessage[]): { systemInstruction?: { parts: GeminiPart[] }; contents: GeminiContent[] } {
  const system: GeminiPart[] = [];
  const contents: GeminiContent[] = [];
  const names = new Map<string, string>();
  const append = (role: 'user' | 'model', parts: GeminiPart[]) => {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (last && last.role === role) last.parts.push(...parts);
    else contents.push({ role, parts: [...parts] });
  };
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...convertParts(message.content));
        break;
      case 'user':
        append('user', convertParts(message.content));
        break;
      case 'assistant': {
        // Thought signatures go back on the part they came with: a tool call's by its id, others on the first part.
        const signatures = (message.reasoning_details ?? []).filter((detail) => detail.type === 'reasoning.encrypted' && detail.format === geminiReasoningFormat && detail.data);
        const parts = convertParts(message.content);
        for (const call of (message.tool_calls ?? []) as ToolCall[]) {
          names.set(call.id, call.function.name);
          const signature = signatures.find((detail) => detail.id === call.id);
          parts.push({ functionCall: { name: call.function.name, args: parseArguments(call.function.arguments) }, ...(signature?.data ? { thoughtSignature: signature.data } : {}) });
        }
        const loose = signatures.find((detail) => !detail.id || !names.has(detail.id));
        if (loose?.data && parts[0] && !parts[0].thoughtSignature) parts[0].thoughtSignature = loose.data;
        append('model', parts);
        break;
      }
      case 'tool':
        append('user', [{ functionResponse: { name: names.get(message.tool_call_id) ?? message.name ?? 'tool', response: toolResponse(message.content) } }]);
        break;
    }
  }
  return { ...(system.length > 0 ? { systemInstruction: { parts: system } } : {}), contents };
}

/**
 * Internal request → Gemini generateContent body: contents, system instruction, function
 * declarations and calling mode, generation config (sampling, max tokens, stop sequences, JSON
 * output), and OpenRouter's `reasoning` as thinkingConfig (a token budget; thoughts included unless
 * `exclude`).
 */
export function convertToGeminiRequest(request: GenerationRequest, endpoint: ProviderEndpoint): GeminiRequest {
  const { systemInstruction, contents } = convertToGeminiContents(request.messages);
  const body: GeminiRequest = { contents, ...(systemInstruction ? { systemInstruction } : {}) };
  if (request.tools?.length) {
    body.tools = [
      {
        functionDeclarations: request.tools.map((tool) => ({
          name: tool.function.name,
          ...(tool.function.description ? { description: tool.function.description } : {}),
          ...(tool.function.parameters ? { parameters: tool.function.parameters } : {}),
        })),
      },
    ];
    const choice = request.toolChoice;
    if (choice === 'required') body.toolConfig = { functionCallingConfig: { mode: 'ANY' } };
    else if (choice === 'none') body.toolConfig = { functionCallingConfig: { mode: 'NONE' } };
    else if (typeof choice === 'object') body.toolConfig = { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.function.name] } };
  }
  const config: NonNullable<GeminiRequest['generationConfig']> = {};
  const parameters = request.parameters;
  if (typeof parameters.temperature === 'number') config.temperature = parameters.temperature;
  if (typeof parameters.top_p === 'number') config.topP = parameters.top_p;
  if (typeof parameters.top_k === 'number') config.topK = parameters.top_k;
  if (typeof parameters.seed === 'number') config.seed = parameters.seed;
  if (typeof parameters.presence_penalty === 'number') config.presencePenalty = parameters.presence_penalty;
  if (typeof parameters.frequency_penalty === 'number') config.frequencyPenalty = parameters.frequency_penalty;
  if (typeof parameters.stop === 'string') config.stopSequences = [parameters.stop];
  else if (Array.isArray(parameters.stop)) config.stopSequences = parameters.stop as string[];
  if (request.maxTokens !== undefined) config.maxOutputTokens = request.maxTokens;
  if (request.responseFormat?.type === 'json_object') config.responseMimeType = 'application/json';
  else if (request.responseFormat?.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    if (request.responseFormat.json_schema.schema) config.responseJsonSchema = request.responseFormat.json_schema.schema;
  }
  const reasoning = request.reasoning;
  if (reasoning && endpoint.model.switchboard.reasoning) {
    if (reasoning.enabled === false || reasoning.effort === 'none') config.thinkingConfig = { thinkingBudget: 0 };
    else {
      const maximum = request.maxTokens ?? endpoint.maxCompletionTokens ?? 8192;
      const budget = reasoning.max_tokens ?? (reasoning.effort ? Math.floor(maximum * (effortShare[reasoning.effort] ?? 0.5)) : undefined);
      config.thinkingConfig = { ...(budget !== undefined ? { thinkingBudget: budget } : {}), includeThoughts: reasoning.exclude !== true };
    }
  }
  if (Object.keys(config).length > 0) body.generationConfig = config;
  return body;
}
