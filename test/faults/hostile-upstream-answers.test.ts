import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors/gateway-error.js';
import { anthropicMessagesProtocol } from '../../src/providers/anthropic/anthropic-provider.js';
import { geminiProtocol } from '../../src/providers/gemini/gemini-provider.js';
import type { ProviderProtocol } from '../../src/providers/http/provider-protocol.js';
import { openAIChatProtocol } from '../../src/providers/openai-compatible/openai-compatible-provider.js';
import { openAIResponsesProtocol } from '../../src/providers/openai-responses/openai-responses-provider.js';
import type { GenerationRequest } from '../../src/spec/generation-request.js';

/**
 * Provider answers are validated where they enter, property by property: whatever JSON a provider
 * sends as a whole answer or as stream events — random, or a real answer with one field replaced —
 * each format's converter returns a result or throws a GatewayError (an invalid response, or the
 * provider's own error); never a TypeError from reading a field that was not what it was cast to.
 */
const request: GenerationRequest = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: false, parameters: {} };
const protocols: Record<string, ProviderProtocol> = {
  'openai-compatible': openAIChatProtocol('P', { openRouterExtras: false, reasoningEcho: 'none' }),
  anthropic: anthropicMessagesProtocol('P'),
  gemini: geminiProtocol('P'),
  'openai-responses': openAIResponsesProtocol('P'),
};
/** A well-formed answer of each format, to mutate. */
const answers: Record<string, unknown> = {
  'openai-compatible': {
    id: 'c',
    choices: [{ message: { role: 'assistant', content: 'hi', tool_calls: [{ id: 't', function: { name: 'f', arguments: '{}' } }] }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1 },
  },
  anthropic: {
    id: 'm',
    type: 'message',
    content: [
      { type: 'text', text: 'hi' },
      { type: 'tool_use', id: 't', name: 'f', input: {} },
    ],
    stop_reason: 'end_turn',
    usage: { input_tokens: 1, output_tokens: 1 },
  },
  gemini: { candidates: [{ content: { parts: [{ text: 'hi' }, { functionCall: { name: 'f', args: {} } }] }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 1 } },
  'openai-responses': {
    id: 'r',
    object: 'response',
    status: 'completed',
    output: [
      { type: 'message', content: [{ type: 'output_text', text: 'hi' }] },
      { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' },
    ],
    usage: { input_tokens: 1 },
  },
};
const events: Record<string, unknown[]> = {
  'openai-compatible': [
    { id: 'c', choices: [{ delta: { content: 'hi', tool_calls: [{ index: 0, id: 't', function: { name: 'f', arguments: '{' } }] } }] },
    { choices: [{ delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 1 } },
  ],
  anthropic: [
    { type: 'message_start', message: { id: 'm', usage: { input_tokens: 1 } } },
    { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 't', name: 'f', input: {} } },
    { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{}' } },
    { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 1 } },
    { type: 'message_stop' },
  ],
  gemini: [
    { responseId: 'g', candidates: [{ content: { parts: [{ text: 'hi' }] } }] },
    { candidates: [{ finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 1 } },
  ],
  'openai-responses': [
    { type: 'response.created', response: { id: 'r' } },
    { type: 'response.output_item.added', output_index: 0, item: { type: 'function_call', call_id: 'c', name: 'f', arguments: '' } },
    { type: 'response.function_call_arguments.delta', output_index: 0, delta: '{}' },
    { type: 'response.completed', response: { id: 'r', object: 'response', status: 'completed', output: [], usage: { input_tokens: 1 } } },
  ],
};

/** A JSON value with one value somewhere inside replaced by anything. */
function mutate(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0) return replacement;
  const key = keys[path[0]! % keys.length]!;
  (copy as Record<string, unknown>)[key] = mutate((copy as Record<string, unknown>)[key], path.slice(1), replacement);
  return copy;
}

function expectGatewayErrorOrResult(run: () => unknown): void {
  try {
    run();
  } catch (thrown) {
    expect(GatewayError.isInstance(thrown), String((thrown as Error)?.stack ?? thrown)).toBe(true);
  }
}

const replacement = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined));

describe.each(Object.keys(protocols))('%s answers', (format) => {
  const protocol = protocols[format]!;

  it('a whole answer: random JSON, or a real answer with any field replaced, gives a result or a GatewayError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue({ maxDepth: 4 }),
          fc.tuple(fc.array(fc.nat(), { maxLength: 6 }), replacement).map(([path, value]) => mutate(answers[format], path, value)),
        ),
        (body) => expectGatewayErrorOrResult(() => protocol.parseResponse(body, request)),
      ),
      { numRuns: 1_500 },
    );
  });

  it('a stream: events with any field replaced give parts or a GatewayError', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.nat(), { maxLength: 6 }), replacement, (which, path, value) => {
        const list = events[format]!;
        const changed = list.map((event, index) => (index === which % list.length ? mutate(event, path, value) : event));
        const converter = protocol.streamConverter(request);
        expectGatewayErrorOrResult(() => {
          for (const event of changed) converter.push({ event: null, data: JSON.stringify(event) ?? 'null' });
          converter.end();
        });
      }),
      { numRuns: 1_500 },
    );
  });

  it('names the field that was wrong', () => {
    const broken = mutate(answers[format], [], undefined);
    expect(() => protocol.parseResponse(broken ?? 42, request)).toThrow(/invalid response/);
  });
});

it('an OpenAI-compatible answer whose content is a number is refused, naming choices.0.message.content', () => {
  const body = { choices: [{ message: { content: 42 }, finish_reason: 'stop' }] };
  expect(() => protocols['openai-compatible']!.parseResponse(body, request)).toThrow(/choices\.0\.message\.content/);
});
