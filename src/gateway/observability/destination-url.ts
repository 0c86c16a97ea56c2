import { isPrivateHost } from '../../broadcast/public-address-fetch.js';
import { GatewayError } from '../../errors/gateway-error.js';

/**
 * A destination's URL, checked: http(s) only, no credentials in it, and — unless the operator
 * allows private addresses (broadcast.allow_private_addresses) — https to a public host, so an
 * account cannot make the gateway send to its own machine or network (the cloud's metadata address,
 * an internal service). A public name that resolves to a private address is refused when the
 * broadcaster connects (broadcast/public-address-fetch.ts).
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
