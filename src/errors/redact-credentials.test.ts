import { describe, expect, it } from 'vitest';
import { redactCredentials, truncateText } from './redact-credentials.js';

describe('redactCredentials', () => {
  it('hides keys, tokens and URL credentials a provider might echo', () => {
    const cases: [string, string][] = [
      ['Incorrect API key provided: sk-proj-abcdefghijklmnop1234', 'Incorrect API key provided: [redacted]'],
      ['invalid x-api-key sk-ant-api03-AAAAAAAAAAAAAAAA', 'invalid x-api-key [redacted]'],
      ['API key not valid: AIzaSyA1234567890abcdefghijklmnop', 'API key not valid: [redacted]'],
      ['header was Authorization: Bearer abc.def-ghi_123', 'header was Authorization: Bearer [redacted]'],
      ['{"api_key": "0123456789abcdef"}', '{"api_key": "[redacted]"}'],
      ['fetch https://user:hunter2@db.example:8123/ failed', 'fetch https://[redacted]@db.example:8123/ failed'],
      ['?key=0123456789abcdef&alt=sse', '?key=[redacted]&alt=sse'],
      ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'token [redacted]'],
    ];
    for (const [input, expected] of cases) expect(redactCredentials(input)).toBe(expected);
  });

  it('leaves ordinary error text alone', () => {
    const text = "This model's maximum context length is 128000 tokens. However, you requested 130000 tokens.";
    expect(redactCredentials(text)).toBe(text);
  });

  it('truncates long text and says by how much', () => {
    expect(truncateText('abcdef', 4)).toBe('abcd… (2 more characters)');
    expect(truncateText('abc', 4)).toBe('abc');
  });
});
