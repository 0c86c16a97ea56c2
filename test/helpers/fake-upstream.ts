import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** What the fake upstream answers: a JSON body, an SSE replay, or anything a handler writes. */
export type FakeResponse =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'sse'; chunks: string[]; delayMs?: number; cutAfter?: number }
  | { kind: 'handler'; handle: (request: ReceivedRequest, response: ServerResponse) => void | Promise<void> };

/** Reads a recorded SSE stream (`<name>.chunks.txt`): one `data:` event per blank-line-separated block. */
export function readChunks(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split(/\n\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => `${block}\n\n`);
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * An OpenAI-compatible upstream on a loopback port that replays recorded responses. `respond`
 * chooses the answer for each request (by model, message text …); every request is kept for
 * assertions on what the gateway sent.
 */
export class FakeUpstream {
  readonly requests: ReceivedRequest[] = [];
  private server: Server | null = null;
  url = '';

  constructor(public respond: (request: ReceivedRequest) => FakeResponse) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // keep the raw text
    }
    const received: ReceivedRequest = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body };
    this.requests.push(received);
    const answer = this.respond(received);
    if (answer.kind === 'json') {
      response.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      response.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
      return;
    }
    if (answer.kind === 'handler') {
      await answer.handle(received, response);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const [index, chunk] of answer.chunks.entries()) {
      if (answer.cutAfter !== undefined && index >= answer.cutAfter) {
        response.destroy();
        return;
      }
      response.write(chunk);
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    }
    response.end();
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
