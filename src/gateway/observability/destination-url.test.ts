import { describe, expect, it } from 'vitest';
import { isPrivateHost } from '../../broadcast/public-address-fetch.js';
import { checkDestinationUrl } from './destination-url.js';

describe("a destination's URL", () => {
  it('is refused on this machine or a private network unless the operator allows them, and must be https when public', () => {
    for (const host of ['localhost', '127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '[::1]', '[fd00::1]', 'metadata.google.internal', '100.64.0.1']) {
      expect(isPrivateHost(host), host).toBe(true);
      expect(() => checkDestinationUrl(`https://${host}/v1/traces`, 'config.endpoint', false)).toThrow(/private or local/);
      expect(checkDestinationUrl(`http://${host}:4318/v1/traces`, 'config.endpoint', true)).toContain('/v1/traces');
    }
    for (const host of ['api.axiom.co', '8.8.8.8', '172.32.0.1']) expect(isPrivateHost(host), host).toBe(false);
    expect(checkDestinationUrl('https://api.axiom.co/v1/traces', 'config.endpoint', false)).toBe('https://api.axiom.co/v1/traces');
    expect(() => checkDestinationUrl('http://api.axiom.co/v1/traces', 'config.endpoint', false)).toThrow(/https/);
    expect(() => checkDestinationUrl('file:///etc/passwd', 'config.endpoint', true)).toThrow(/http or https/);
    expect(() => checkDestinationUrl('not a url', 'config.url', true)).toThrow(/config.url: not a URL/);
  });
});
