import { isIP } from 'node:net';
import { GatewayError } from '../../errors/gateway-error.js';

/** Whether a host names this machine or a private, link-local or unique-local network (by its literal form). */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true;
  const version = isIP(host);
  if (version === 4) {
    const [a, b] = host.split('.').map(Number) as [number, number];
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (version === 6) return host === '::1' || host === '::' || host.startsWith('fc') || host.startsWith('fd') || host.startsWith('fe80') || host.startsWith('::ffff:');
  return false;
}

/**
 * A destination's URL, checked: http(s) only, no credentials in it, and — unless the operator
 * allows private addresses (broadcast.allow_private_addresses) — https to a public host, so an
 * account cannot make the gateway send to its own machine or network (the cloud's metadata address,
 * an internal service). A public name that resolves to a private address is not caught here.
 */
export function checkDestinationUrl(text: string, param: string, allowPrivate: boolean): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new GatewayError('invalid_request', `${param}: not a URL`, { metadata: { param } });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new GatewayError('invalid_request', `${param}: an http or https URL`, { metadata: { param } });
  if (url.username || url.password) throw new GatewayError('invalid_request', `${param}: no credentials in the URL (send them as headers)`, { metadata: { param } });
  if (!allowPrivate) {
    if (isPrivateHost(url.hostname))
      throw new GatewayError('invalid_request', `${param}: a private or local address; this gateway's operator has not allowed them (broadcast.allow_private_addresses)`, { metadata: { param } });
    if (url.protocol !== 'https:') throw new GatewayError('invalid_request', `${param}: https is required for a public address`, { metadata: { param } });
  }
  return url.toString();
}
