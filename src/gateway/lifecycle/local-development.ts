import type { HttpExchange } from '../http/http-exchange.js';

const proxyHeaders = ['forwarded', 'x-forwarded-for', 'x-real-ip', 'x-forwarded-host', 'via'] as const;

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** The host name of a Host header or an origin's authority, lower-cased, without port or brackets. */
export function hostNameOf(authority: string): string {
  const trimmed = authority.trim().toLowerCase();
  if (trimmed.startsWith('[')) return trimmed.slice(1, trimmed.indexOf(']') < 0 ? undefined : trimmed.indexOf(']'));
  const colon = trimmed.lastIndexOf(':');
  return colon < 0 ? trimmed : trimmed.slice(0, colon);
}

export function isLoopbackHostName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/**
 * Why a request cannot be served as local development (key-less, under the local account), or
 * null when it can: it must come from this machine straight (a loopback peer, no proxy's
 * headers), name this machine (a loopback Host, so a DNS-rebound name is refused) and not be sent
 * by another site's page (no foreign Origin, no Sec-Fetch-Site: cross-site).
 */
export function notLocalBecause(exchange: HttpExchange): string | null {
  if (!isLoopbackAddress(exchange.remoteAddress)) return `it came from ${exchange.remoteAddress ?? 'an unknown address'}, not from this machine`;
  for (const name of proxyHeaders) if (exchange.header(name) !== undefined) return `it came through a proxy (${name} header)`;
  const host = exchange.header('host');
  if (!host || !isLoopbackHostName(hostNameOf(host))) return `its Host (${(host ?? 'none').slice(0, 100)}) is not a loopback name`;
  const origin = exchange.header('origin');
  if (origin !== undefined) {
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).hostname.replace(/^\[|\]$/g, '');
    } catch {
      originHost = null;
    }
    if (originHost === null || !isLoopbackHostName(originHost)) return `it was sent by another site's page (Origin ${origin.slice(0, 100)})`;
  }
  if (exchange.header('sec-fetch-site') === 'cross-site') return "it was sent by another site's page (Sec-Fetch-Site: cross-site)";
  return null;
}
