import { describe, expect, it } from 'vitest';
import { InProcessResponse, inboundFromRequest } from './in-process-transport.js';

describe('the in-process transport', () => {
  it('reads a Web Request as Node reads an incoming message: method, path and query, headers, body, peer', async () => {
    const inbound = inboundFromRequest(new Request('http://127.0.0.1:8080/api/v1/x?a=1', { method: 'POST', headers: { 'x-test': 'yes' }, body: 'hello' }), '127.0.0.1');
    expect(inbound.method).toBe('POST');
    expect(inbound.url).toBe('/api/v1/x?a=1');
    expect(inbound.headers['x-test']).toBe('yes');
    expect(inbound.headers.host).toBe('127.0.0.1:8080');
    expect(inbound.socket?.remoteAddress).toBe('127.0.0.1');
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve) => {
      inbound.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
      inbound.on('end', () => resolve());
    });
    expect(Buffer.concat(chunks).toString()).toBe('hello');
  });

  it('answers a Web Response: status and headers at writeHead, the body as it is written', async () => {
    const outbound = new InProcessResponse();
    outbound.setHeader('x-early', '1');
    outbound.writeHead(201, { 'content-type': 'text/plain' });
    const response = await outbound.response;
    expect(response.status).toBe(201);
    expect(response.headers.get('x-early')).toBe('1');
    outbound.write('a');
    outbound.end('b');
    expect(await response.text()).toBe('ab');
    expect(outbound.writableFinished).toBe(true);
  });

  it('is the client going away when the body is cancelled: close before finish', async () => {
    const outbound = new InProcessResponse();
    let closedEarly = false;
    outbound.on('close', () => {
      closedEarly = !outbound.writableFinished;
    });
    outbound.writeHead(200, {});
    outbound.write('first');
    await (await outbound.response).body!.cancel();
    expect(closedEarly).toBe(true);
    expect(outbound.destroyed).toBe(true);
    expect(outbound.write('more')).toBe(false);
  });

  it('rejects like fetch when the client aborts before the response starts', async () => {
    const outbound = new InProcessResponse();
    outbound.destroy(new DOMException('aborted', 'AbortError'));
    await expect(outbound.response).rejects.toThrow(/aborted/);
  });
});
