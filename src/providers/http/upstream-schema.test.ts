import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GatewayError } from '../../errors/gateway-error.js';
import { addCounts, countOrZero, readUpstream } from './upstream-schema.js';

describe('reported counts', () => {
  it('adds counts that are numbers, absent ones as 0, and passes a bad one on unchanged for the meter', () => {
    expect(addCounts(5, undefined, 3, null)).toBe(8);
    // Summing with + would make "abc00", a string the meter could not tell from a count gone wrong.
    expect(addCounts('abc', 0, 0)).toBe('abc');
    expect(addCounts(5, -1.5)).toBe(3.5);
    expect(addCounts(5, { tokens: 3 })).toEqual({ tokens: 3 });
    expect(countOrZero(undefined)).toBe(0);
    expect(countOrZero(null)).toBe(0);
    expect(countOrZero('12')).toBe('12');
  });
});

describe('readUpstream', () => {
  it('names the provider, what was read and the first field that was wrong', () => {
    const schema = z.looseObject({ choices: z.array(z.looseObject({ text: z.string() })) });
    let thrown: unknown;
    try {
      readUpstream(schema, { choices: [{ text: 42 }] }, 'Acme', 'completion');
    } catch (error) {
      thrown = error;
    }
    expect(GatewayError.isInstance(thrown) && thrown.code).toBe('upstream_invalid_response');
    expect((thrown as Error).message).toMatch(/^Acme sent an invalid response: completion: choices\.0\.text: /);
  });
});
