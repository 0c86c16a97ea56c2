import { type LookupAddress, lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';

/** Whether a host names this machine or a private, link-local, carrier-grade or unique-local network (by its literal form). */
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

/** An address a public name resolved to that is not public: the connection is refused before it is made. */
export class PrivateAddressError extends Error {
  readonly code = 'EPRIVATEADDRESS';
  constructor(hostname: string, address: string) {
    super(`${hostname} resolves to ${address}, a private or local address (broadcast.allow_private_addresses is off)`);
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A DNS lookup that fails when any address of the name is private: used as the connection's own
 * lookup, so the address checked is the address connected to — a name that resolves to the cloud's
 * metadata address, or is rebound to one between a check and the connection, is refused.
 */
export function publicOnlyLookup(hostname: string, options: { all?: boolean; family?: number } | undefined, callback: LookupCallback): void {
  dnsLookup(hostname, { ...(options ?? {}), all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const found = addresses as LookupAddress[];
    const unsafe = found.find((entry) => isPrivateHost(entry.address));
    if (unsafe) return callback(new PrivateAddressError(hostname, unsafe.address) as NodeJS.ErrnoException, []);
    if (found.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
    if (options?.all) return callback(null, found);
    return callback(null, found[0]!.address, found[0]!.family);
  });
}

/**
 * The fetch the broadcaster sends with when private addresses are not allowed: every connection
 * resolves its host through publicOnlyLookup (a URL's literal private host was refused when the
 * destination was saved; this catches public names that point inside).
 */
export function publicAddressFetch(): typeof fetch {
  const dispatcher = new Agent({ connect: { lookup: publicOnlyLookup as never } });
  return ((input: Parameters<typeof fetch>[0], init?: RequestInit) => undiciFetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as typeof fetch;
}
