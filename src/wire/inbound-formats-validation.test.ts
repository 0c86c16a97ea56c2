import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error.js';
import { parseMessagesRequest } from './anthropic-messages/parse-messages-request.js';
import { parseEmbeddingsRequest } from './openai-embeddings/parse-embeddings-request.js';
import { parseResponsesRequest } from './openai-responses/parse-responses-request.js';

function problem(parse: (body: unknown) => unknown, body: unknown): string {
  try {
    parse(body);
  } catch (error) {
    if (GatewayError.isInstance(error) && error.status === 400) return error.message;
    throw error;
  }
  throw new Error('expected a 400');
}

describe('inbound formats name the bad field', () => {
  it('Anthropic Messages', () => {
    const base = { model: 'anthropic/claude-sonnet-4.5', max_tokens: 100 };
    expect(problem(parseMessagesRequest, { ...base })).toMatch(/^messages: expected an array/);
    expect(problem(parseMessagesRequest, { ...base, messages: [{ role: 'system', content: 'x' }] })).toMatch(/^messages\[0\]\.role: must be one of "user", "assistant"/);
    expect(problem(parseMessagesRequest, { ...base, messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'b', input: {} }] }] })).toMatch(
      /^messages\[0\]\.content\[0\]\.type: content block type "tool_use" is not supported here/,
    );
    expect(problem(parseMessagesRequest, { ...base, messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'web_search_20250305', name: 'web_search' }] })).toMatch(
      /^tools\[0\]\.type: server tools/,
    );
    expect(problem(parseMessagesRequest, { ...base, messages: [{ role: 'user', content: 'x' }], thinking: { type: 'enabled' } })).toMatch(/^thinking\.budget_tokens: expected a number/);
    expect(problem(parseMessagesRequest, { ...base, messages: [{ role: 'user', content: 'x' }], tool_choice: { type: 'tool', name: 'nope' } })).toMatch(/^tool_choice\.name: names no tool/);
    expect(problem(parseMessagesRequest, { ...base, messages: [{ role: 'user', content: 'x' }], temperature: 1.5 })).toMatch(/^temperature: must be at most 1/);
  });

  it('Anthropic Messages: the parts a conversation is made of', () => {
    const request = parseMessagesRequest({
      model: 'm',
      system: [{ type: 'text', text: 'Sys', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAA' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Hmm', signature: 'sig' },
            { type: 'redacted_thinking', data: 'enc' },
            { type: 'tool_use', id: 't1', name: 'f', input: { a: 1 } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'failed', is_error: true }] },
      ],
      thinking: { type: 'enabled', budget_tokens: 2048 },
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      tools: [{ name: 'f', input_schema: { type: 'object' } }],
      metadata: { user_id: 'u' },
    });
    expect(request.messages).toEqual([
      { role: 'system', content: [{ type: 'text', text: 'Sys', cache_control: { type: 'ephemeral', ttl: '1h' } }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAA' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        reasoning: 'Hmm',
        tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
        reasoning_details: [
          { type: 'reasoning.text', text: 'Hmm', signature: 'sig', format: 'anthropic-claude-v1', index: 0 },
          { type: 'reasoning.encrypted', data: 'enc', format: 'anthropic-claude-v1', index: 1 },
        ],
      },
      { role: 'tool', tool_call_id: 't1', content: 'Error: failed' },
    ]);
    expect(request).toMatchObject({ reasoning: { max_tokens: 2048 }, toolChoice: 'auto', parallelToolCalls: false, user: 'u' });
  });

  it('Responses', () => {
    expect(problem(parseResponsesRequest, { model: 'm' })).toMatch(/^input: is required/);
    expect(problem(parseResponsesRequest, { model: 'm', input: 'x', previous_response_id: 'resp_1' })).toMatch(/^previous_response_id: this endpoint is stateless/);
    expect(problem(parseResponsesRequest, { model: 'm', input: [{ type: 'web_search_call' }] })).toMatch(/^input\[0\]\.type: item type "web_search_call" is not supported/);
    expect(problem(parseResponsesRequest, { model: 'm', input: 'x', tools: [{ type: 'file_search' }] })).toMatch(/^tools\[0\]\.type: only function tools/);
    expect(problem(parseResponsesRequest, { model: 'm', input: 'x', text: { format: { type: 'json_schema' } } })).toMatch(/^text\.format\.name: expected a string/);
    const request = parseResponsesRequest({
      model: 'm',
      instructions: 'Be brief.',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'Hi' }] },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Think' }], encrypted_content: 'enc' },
        { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: 'ok' },
      ],
    });
    expect(request.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      {
        role: 'assistant',
        content: null,
        reasoning: 'Think',
        reasoning_details: [
          { type: 'reasoning.summary', summary: 'Think', id: 'rs_1', format: 'openai-responses-v1', index: 1 },
          { type: 'reasoning.encrypted', data: 'enc', id: 'rs_1', format: 'openai-responses-v1', index: 1 },
        ],
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'ok' },
    ]);
  });

  it('Embeddings', () => {
    expect(problem(parseEmbeddingsRequest, { model: 'm' })).toMatch(/^input: expected a string or an array of strings/);
    expect(problem(parseEmbeddingsRequest, { model: 'm', input: [[1, 2, 3]] })).toMatch(/^input\[0\]: expected a string, got an array \(token arrays are not supported\)/);
    expect(problem(parseEmbeddingsRequest, { model: 'm', input: '' })).toMatch(/^input: must not be empty/);
    expect(problem(parseEmbeddingsRequest, { model: 'm', input: 'x', encoding_format: 'int8' })).toMatch(/^encoding_format: must be one of "float", "base64"/);
    expect(parseEmbeddingsRequest({ model: 'm', input: ['a', 'b'], dimensions: 256 })).toEqual({ model: 'm', inputs: ['a', 'b'], dimensions: 256, encodingFormat: 'float' });
  });
});
