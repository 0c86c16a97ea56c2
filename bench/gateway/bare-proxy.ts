import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

/**
 * The ceiling a Node gateway can reach on this machine: a bare proxy that parses the JSON body,
 * forwards it to the upstream over a keep-alive pool and sends the answer back — no auth, routing,
 * accounting or log. Usage: bare-proxy <upstream base URL> [port]; prints "listening <port>".
 */

const upstream = new Pool(process.argv[2]!, { connections: 128, pipelining: 1, keepAliveTimeout: 60_000 });

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (data: Buffer) => chunks.push(data));
  request.on('end', () => {
    void (async () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        const answer = await upstream.request({ method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        response.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? 'application/json') });
        for await (const data of answer.body) response.write(data);
        response.end();
      } catch (error) {
        response.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: String(error) } }));
      }
    })();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[3] ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
