import { describe, expect, it } from 'vitest';
import { parseServerSentEvents } from './parse-server-sent-events.js';

async function collect(chunks: string[]) {
  async function* source() {
    for (const chunk of chunks) yield new TextEncoder().encode(chunk);
  }
  const events = [];
  for await (const event of parseServerSentEvents(source())) events.push(event);
  return events;
}

describe('parseServerSentEvents', () => {
  it('splits events, skips comments such as OpenRouter keep-alives, and joins multi-line data', async () => {
    expect(await collect([': OPENROUTER PROCESSING\n\ndata: {"a":1}\n\nevent: ping\ndata: x\ndata: y\n\ndata: [DONE]\n\n'])).toEqual([
      { event: null, data: '{"a":1}' },
      { event: 'ping', data: 'x\ny' },
      { event: null, data: '[DONE]' },
    ]);
  });

  it('reassembles events and UTF-8 characters split across chunks, with CRLF or CR line ends', async () => {
    const text = 'data: {"text":"héllo 世界"}\r\n\r\ndata: second\r\rdata: third\n\n';
    const bytes = new TextEncoder().encode(text);
    const pieces: string[] = [];
    async function* source() {
      for (let index = 0; index < bytes.length; index += 3) yield bytes.slice(index, index + 3);
    }
    for await (const event of parseServerSentEvents(source())) pieces.push(event.data);
    expect(pieces).toEqual(['{"text":"héllo 世界"}', 'second', 'third']);
  });

  it('delivers a last event that lacks its blank line', async () => {
    expect(await collect(['data: tail'])).toEqual([{ event: null, data: 'tail' }]);
  });
});
