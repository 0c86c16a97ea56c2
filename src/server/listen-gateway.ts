import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGateway } from '../gateway/create-gateway.js';
import type { GatewayServices } from '../gateway/gateway-services.js';

/** Starts the HTTP server for the gateway's routes; resolves with it and its base URL once it listens. */
export async function listenGateway(services: GatewayServices): Promise<{ server: Server; url: string }> {
  const { config } = services;
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, createGateway(services));
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(config.server.port, config.server.host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `http://${host}:${address.port}` };
}

/** Stops taking connections, lets requests in flight finish within the grace time, then cuts the rest. */
export async function closeServer(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
  server.closeIdleConnections();
  const grace = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(grace);
}
