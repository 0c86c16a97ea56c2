import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SwitchboardConfig } from '../config/config-schema.js';
import { createGateway, type RequestListener } from '../gateway/create-gateway.js';
import type { GatewayServices } from '../gateway/gateway-services.js';

/**
 * An HTTP server with the connection limits of server.*: a whole request head within
 * headers_timeout_ms (a client that sends half a header is cut, 408), at most max_connections
 * open, idle keep-alive connections closed after keep_alive_timeout_ms and after
 * max_requests_per_socket requests. Bodies have their own limits (max_body_bytes, body_timeout_ms).
 */
export function createGatewayServer(config: SwitchboardConfig, listener: RequestListener): Server {
  const limits = config.server;
  const server = createServer(
    {
      headersTimeout: limits.headers_timeout_ms,
      // The whole request may take as long as its body may (streams answer long after it, unaffected).
      requestTimeout: limits.headers_timeout_ms + limits.body_timeout_ms,
      keepAliveTimeout: limits.keep_alive_timeout_ms,
      connectionsCheckingInterval: Math.min(1_000, limits.headers_timeout_ms),
      maxHeaderSize: 32 * 1024,
    },
    listener,
  );
  server.maxConnections = limits.max_connections;
  server.maxRequestsPerSocket = limits.max_requests_per_socket;
  return server;
}

async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${shown}:${address.port}`;
}

/** Starts the HTTP server for the gateway's routes; resolves with it and its base URL once it listens. */
export async function listenGateway(services: GatewayServices): Promise<{ server: Server; url: string }> {
  const { config } = services;
  const server = createGatewayServer(config, createGateway(services).listener);
  const url = await listen(server, config.server.port, config.server.host);
  return { server, url };
}

/** A loopback listener that serves GET /metrics only, with no token (metrics.port). */
export async function listenMetrics(port: number, render: () => Promise<string> | string): Promise<{ server: Server; url: string }> {
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 15_000 }, (request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Only GET /metrics is served here\n');
      return;
    }
    Promise.resolve()
      .then(render)
      .then(
        (text) => response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text),
        (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics unavailable: ${String(error)}\n`),
      );
  });
  const url = await listen(server, port, '127.0.0.1');
  return { server, url };
}

/** Stops taking connections, lets requests in flight finish within the grace time, then cuts the rest. */
export async function closeServer(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
  server.closeIdleConnections();
  const grace = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(grace);
}
