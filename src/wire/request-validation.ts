import { GatewayError } from '../errors/gateway-error.js';

/**
 * Small validators for inbound request bodies. Each failure is a 400 whose message starts with the
 * path of the offending field (`messages[1].content: …`), also given as metadata.param.
 */
export function invalid(path: string, problem: string): GatewayError {
  return new GatewayError('invalid_request', `${path}: ${problem}`, { metadata: { param: path } });
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expectObject(value: unknown, path: string): Record<string, unknown> {
  if (!isObject(value)) throw invalid(path, `expected an object, got ${describeType(value)}`);
  return value;
}

export function expectString(value: unknown, path: string, options: { nonEmpty?: boolean; maxLength?: number } = {}): string {
  if (typeof value !== 'string') throw invalid(path, `expected a string, got ${describeType(value)}`);
  if (options.nonEmpty && value.length === 0) throw invalid(path, 'must not be empty');
  if (options.maxLength !== undefined && value.length > options.maxLength) throw invalid(path, `must be at most ${options.maxLength} characters`);
  return value;
}

export function expectBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw invalid(path, `expected a boolean, got ${describeType(value)}`);
  return value;
}

export function expectNumber(value: unknown, path: string, options: { min?: number; max?: number; integer?: boolean } = {}): number {
  if (typeof value === 'number' && !Number.isFinite(value)) throw invalid(path, 'expected a finite number, got one out of range (such as 1e400)');
  if (typeof value !== 'number') throw invalid(path, `expected a number, got ${describeType(value)}`);
  if (options.integer && !Number.isInteger(value)) throw invalid(path, 'expected an integer');
  if (options.min !== undefined && value < options.min) throw invalid(path, `must be at least ${options.min}`);
  if (options.max !== undefined && value > options.max) throw invalid(path, `must be at most ${options.max}`);
  return value;
}

/** Most items any array of a request may have, unless its field sets its own limit. */
export const maxArrayItems = 10_000;

export function expectArray(value: unknown, path: string, maxItems = maxArrayItems): unknown[] {
  if (!Array.isArray(value)) throw invalid(path, `expected an array, got ${describeType(value)}`);
  if (value.length > maxItems) throw invalid(path, `at most ${maxItems} items, got ${value.length}`);
  return value;
}

/** Longest model id a request may name (catalog ids are far shorter). */
export const maxModelIdLength = 256;

export function expectModelId(value: unknown, path: string): string {
  return expectString(value, path, { nonEmpty: true, maxLength: maxModelIdLength });
}

/** A client's text as an error message may echo it: at most `maxCharacters`, marked when cut. */
export function echo(text: string, maxCharacters = 200): string {
  return text.length > maxCharacters ? `${text.slice(0, maxCharacters)}… (${text.length} characters)` : text;
}

export function expectStringArray(value: unknown, path: string, maxItems = maxArrayItems): string[] {
  return expectArray(value, path, maxItems).map((item, index) => expectString(item, `${path}[${index}]`));
}

export function expectEnum<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw invalid(path, `must be one of ${allowed.map((item) => `"${item}"`).join(', ')}, got ${typeof value === 'string' ? `"${echo(value, 100)}"` : describeType(value)}`);
  }
  return value as T;
}

/** Deepest nesting of objects and arrays a request may have (tool schemas run to a dozen or so). */
export const maxJsonDepth = 100;

/** How deeply a parsed JSON value nests, counted without recursion (a hostile body cannot overflow the stack). */
function nestingDepthExceeds(root: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(value) ? value : Object.values(value)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

/** Parses a JSON body; a syntax error becomes invalid_json with the parser's position, a body nested absurdly deep invalid_request. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) throw new GatewayError('invalid_json', 'Request body is empty; expected a JSON object');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new GatewayError('invalid_json', `Request body is not valid JSON: ${(error as Error).message}`);
  }
  if (nestingDepthExceeds(parsed, maxJsonDepth)) throw new GatewayError('invalid_request', `Request body nests objects and arrays more than ${maxJsonDepth} levels deep`);
  return parsed;
}
