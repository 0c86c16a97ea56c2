import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorCodes } from './error-codes.js';
import { GatewayError } from './gateway-error.js';
import { renderError } from './render-error.js';

const documentation = readFileSync(fileURLToPath(new URL('../../docs/errors.md', import.meta.url)), 'utf8');

describe('error codes', () => {
  it('are all documented in docs/errors.md with their status, and the document lists no stale code', () => {
    const documented = new Map([...documentation.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((match) => [match[1]!, Number(match[2])]));
    for (const [code, definition] of Object.entries(errorCodes)) expect(documented.get(code), code).toBe(definition.status);
    expect([...documented.keys()].sort()).toEqual(Object.keys(errorCodes).sort());
  });

  it("render as OpenRouter's error body with the stable code in metadata", () => {
    const error = new GatewayError('upstream_error', 'DeepSeek returned HTTP 500: boom', { metadata: { provider_name: 'DeepSeek', raw: '{"error":"boom"}' } });
    expect(renderError(error)).toEqual({
      error: {
        code: 502,
        message: 'DeepSeek returned HTTP 500: boom',
        metadata: { error_type: 'provider_unavailable', switchboard_code: 'upstream_error', provider_name: 'DeepSeek', raw: '{"error":"boom"}' },
      },
    });
    expect(error.retryable).toBe(true);
  });

  it('mask unexpected errors as a 500 without their details', () => {
    const body = renderError(new TypeError('secret internals'));
    expect(body.error.code).toBe(500);
    expect(body.error.message).toBe('Internal server error');
    expect(JSON.stringify(body)).not.toContain('secret internals');
  });
});
