export interface ServerSentEvent {
  event: string | null;
  data: string;
}

/** Most characters one event (its lines and data together) may have: a stream cannot grow one without end. */
export const maxEventCharacters = 4 * 1024 * 1024;

export class EventTooLargeError extends Error {
  constructor() {
    super(`a stream event is larger than ${maxEventCharacters} characters`);
  }
}

/**
 * Parses a Server-Sent Events byte stream into events (WHATWG rules: lines ending in LF, CRLF or CR;
 * `data:` lines joined by newlines; an empty line ends an event; `:` lines are comments and skipped,
 * such as OpenRouter's ': OPENROUTER PROCESSING').
 */
export async function* parseServerSentEvents(chunks: AsyncIterable<Uint8Array | string>, maxCharacters = maxEventCharacters): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  let dataCharacters = 0;
  let event: string | null = null;

  const dispatch = (): ServerSentEvent | null => {
    if (data.length === 0) {
      event = null;
      return null;
    }
    const result = { event, data: data.join('\n') };
    data = [];
    dataCharacters = 0;
    event = null;
    return result;
  };

  const processLine = (line: string): ServerSentEvent | null => {
    if (line === '') return dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      dataCharacters += value.length;
      if (dataCharacters > maxCharacters) throw new EventTooLargeError();
      data.push(value);
    } else if (field === 'event') event = value;
    return null;
  };

  for await (const chunk of chunks) {
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    for (;;) {
      let end = -1;
      let next = -1;
      for (let index = start; index < buffer.length; index++) {
        const character = buffer.charCodeAt(index);
        if (character === 10) {
          end = index;
          next = index + 1;
          break;
        }
        if (character === 13) {
          if (index + 1 >= buffer.length) break; // wait: CR may be followed by LF in the next chunk
          end = index;
          next = buffer.charCodeAt(index + 1) === 10 ? index + 2 : index + 1;
          break;
        }
      }
      if (end < 0) break;
      const result = processLine(buffer.slice(start, end));
      start = next;
      if (result) yield result;
    }
    buffer = buffer.slice(start);
    if (buffer.length > maxCharacters) throw new EventTooLargeError();
  }
  buffer += decoder.decode();
  if (buffer.length > 0) {
    const result = processLine(buffer.replace(/\r$/, ''));
    if (result) yield result;
  }
  const last = dispatch();
  if (last) yield last;
}
