import { describe, expect, it } from 'vitest';
import { catalog } from '../../../test/helpers/provider-harness.js';
import { parsePricing } from '../../accounting/pricing.js';
import type { ChatMessage } from '../../spec/chat-message.js';
import type { ProviderEndpoint } from '../provider.js';
import { convertToOpenAIChatRequest } from './convert-to-openai-chat-request.js';

const model = catalog.get('deepseek/deepseek-r1')!;
const endpoint: ProviderEndpoint = {
  id: 'x/deepseek/deepseek-r1',
  providerId: 'x',
  providerName: 'X',
  model,
  upstreamModel: 'deepseek-reasoner',
  pricing: parsePricing(model.pricing),
  contextLength: 64000,
  maxCompletionTokens: 8000,
  quantization: null,
  supportedParameters: new Set(model.supported_parameters),
  dataCollection: 'deny',
  zdr: false,
};
const messages: ChatMessage[] = [
  { role: 'system', content: [{ type: 'text', text: 'Long system prompt', cache_control: { type: 'ephemeral' } }] },
  { role: 'user', content: 'Weather?' },
  {
    role: 'assistant',
    content: null,
    reasoning: 'Call the tool.',
    reasoning_details: [{ type: 'reasoning.text', text: 'Call the tool.', format: 'unknown', index: 0 }],
    tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
  },
  { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
];
const request = { model: model.id, messages, stream: false, parameters: {}, reasoning: { effort: 'high' as const } };

describe('OpenAI-compatible request: reasoning handed back and cache_control, per service', () => {
  it('DeepSeek, vLLM, llama.cpp: the assistant turn carries reasoning_content; cache_control is dropped', () => {
    const body = convertToOpenAIChatRequest(request, endpoint, false, { openRouterExtras: false, reasoningEcho: 'reasoning_content' }) as { messages: Record<string, unknown>[] };
    expect(body.messages[0]).toEqual({ role: 'system', content: [{ type: 'text', text: 'Long system prompt' }] });
    expect(body.messages[2]).toEqual({ role: 'assistant', content: null, reasoning_content: 'Call the tool.', tool_calls: messages[2]!.role === 'assistant' ? messages[2]!.tool_calls : [] });
    expect(body).toMatchObject({ reasoning_effort: 'high' });
  });

  it('OpenRouter: reasoning_details, the reasoning object and cache_control pass as they are', () => {
    const body = convertToOpenAIChatRequest(request, endpoint, true, { openRouterExtras: true, reasoningEcho: 'reasoning_details' }) as {
      messages: Record<string, unknown>[];
      reasoning: unknown;
      stream_options: unknown;
    };
    expect(body.messages[0]).toEqual(messages[0]);
    expect(body.messages[2]).toMatchObject({ reasoning_details: [{ type: 'reasoning.text', text: 'Call the tool.' }] });
    expect(body.messages[2]).not.toHaveProperty('reasoning_content');
    expect(body.reasoning).toEqual({ effort: 'high' });
    expect(body.stream_options).toEqual({ include_usage: true });
  });

  it('OpenAI and others: reasoning fields are not sent back', () => {
    const body = convertToOpenAIChatRequest(request, endpoint, false, { openRouterExtras: false, reasoningEcho: 'none' }) as { messages: Record<string, unknown>[] };
    expect(Object.keys(body.messages[2]!).sort()).toEqual(['content', 'role', 'tool_calls']);
  });
});
