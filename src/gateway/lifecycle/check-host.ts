import { GatewayError } from '../../errors/gateway-error.js';
import type { HttpExchange } from '../http/http-exchange.js';
import { hostNameOf } from './local-development.js';

/**
 * The Host stage for a gateway that names the hosts it serves (server.allowed_hosts): a
 * request for any other name — a DNS-rebound one, say — gets 421 before anything else runs. An
 * entry ".example.com" also admits its subdomains. With no list, every Host passes here (local
 * development still admits loopback names and no foreign Origin only, see local-development.ts).
 */
export function checkHost(exchange: HttpExchange, allowedHosts: readonly string[]): void {
  if (allowedHosts.length === 0) return;
  const host = exchange.header('host');
  const name = host === undefined ? '' : hostNameOf(host);
  const allowed = allowedHosts.some((entry) => {
    const expected = entry.toLowerCase();
    return expected.startsWith('.') ? name.endsWith(expected) || name === expected.slice(1) : name === expected;
  });
  if (!allowed) throw new GatewayError('misdirected_request', `This gateway does not serve the host ${JSON.stringify((host ?? '').slice(0, 100))} (server.allowed_hosts)`);
}
